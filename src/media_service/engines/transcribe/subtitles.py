"""Subtitles from word timings: cues of at most two lines of 42 characters and 6 seconds, broken after a
sentence end or a long pause, written as SRT or WebVTT; and the other way: WebVTT read back into cues and a Transcript (caption tracks).

Cues are built from words (not from the recogniser's segments, which can run for 30 s) so each stays on
screen while it is spoken; a transcript without word times falls back to its segments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Transcript, TranscriptSegment, TranscriptWord

__all__ = ["Cue", "cues_for", "parse_vtt", "to_srt", "to_vtt", "transcript_from_cues"]

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


_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})")
_TAG = re.compile(r"<[^>]*>")


def _seconds(stamp: str) -> float | None:
    match = _TIME.fullmatch(stamp.strip())
    if match is None:
        return None
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT (or SubRip) document: times and text, with inline tags (`<c>`, `<00:01.000>`)
    and cue settings removed; NOTE/STYLE blocks and cues without text are skipped."""
    cues: list[Cue] = []
    for block in re.split(r"\r?\n\s*\r?\n", text.replace("\ufeff", "")):
        lines = [line for line in block.strip().splitlines() if line.strip()]
        arrow = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if arrow is None:
            continue
        left, right = lines[arrow].split("-->", 1)
        start, end = _seconds(left), _seconds(right.strip().split(" ")[0])
        words = " ".join(_TAG.sub("", line).strip() for line in lines[arrow + 1:]).split()
        if start is None or end is None or not words:
            continue
        cues.append(Cue(start, max(start, end), " ".join(words)))
    return cues


def transcript_from_cues(cues: list[Cue], *, language: str, engine: str, model: str) -> Transcript:
    """A Transcript of caption cues: each cue a segment, its words spread evenly over the cue (an estimate,
    said in `notes`: captions carry no word times)."""
    words: list[TranscriptWord] = []
    for cue in cues:
        parts = cue.text.split()
        step = (cue.end - cue.start) / len(parts)
        words.extend(TranscriptWord(w, round(cue.start + i * step, 3), round(cue.start + (i + 1) * step, 3))
                     for i, w in enumerate(parts))
    return Transcript(text=" ".join(c.text for c in cues), language=language,
                      duration=max((c.end for c in cues), default=0.0),
                      segments=tuple(TranscriptSegment(c.start, c.end, c.text) for c in cues), words=tuple(words),
                      engine=engine, model=model, notes=("word times spread evenly over each caption cue",))
