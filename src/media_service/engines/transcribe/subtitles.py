"""Subtitles from word timings: cues of at most two lines of 42 characters and 6 seconds, broken after a
sentence end or a long pause, written as SRT or WebVTT.

Cues are built from words (not from the recogniser's segments, which can run for 30 s) so each stays on
screen while it is spoken; a transcript without word times falls back to its segments.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Transcript, TranscriptWord

__all__ = ["Cue", "cues_for", "to_srt", "to_vtt"]

MAX_LINE = 42
MAX_SECONDS = 6.0
PAUSE = 0.6


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    end: float
    text: str


def _wrap(words: list[str]) -> str:
    """Two balanced lines when the text is longer than one."""
    text = " ".join(words)
    if len(text) <= MAX_LINE:
        return text
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def _from_words(words: tuple[TranscriptWord, ...]) -> list[Cue]:
    cues: list[Cue] = []
    current: list[TranscriptWord] = []

    def flush() -> None:
        if current:
            cues.append(Cue(current[0].start, current[-1].end, _wrap([w.word for w in current])))
            current.clear()

    for word in words:
        if current:
            length = len(" ".join(w.word for w in current)) + 1 + len(word.word)
            if length > 2 * MAX_LINE or word.end - current[0].start > MAX_SECONDS \
                    or word.start - current[-1].end > PAUSE or current[-1].word[-1:] in ".?!":
                flush()
        current.append(word)
    flush()
    return cues


def cues_for(transcript: Transcript) -> list[Cue]:
    """The subtitle cues of `transcript`."""
    if transcript.words:
        return _from_words(transcript.words)
    return [Cue(s.start, s.end, s.text) for s in transcript.segments]


def _stamp(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: list[Cue]) -> str:
    """SubRip: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`."""
    return "".join(f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n\n"
                   for i, c in enumerate(cues, 1))


def to_vtt(cues: list[Cue]) -> str:
    """WebVTT: the `WEBVTT` header, `HH:MM:SS.mmm --> HH:MM:SS.mmm`."""
    return "WEBVTT\n\n" + "".join(f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n\n" for c in cues)
