"""espeak-ng through ctypes, from the library and data the `espeakng-loader` wheel ships (1.52).

espeak-ng keeps one global synthesiser per process (voice, rate, callback), so every call here holds
one process-wide lock, and a process forked from one that had initialised it initialises its own
copy again (the lock is renewed after fork). Word timings come from the library's own word events
(`espeakEVENT_WORD`: character position in the text and audio position of the word's start).
"""

from __future__ import annotations

import ctypes
import os
import threading
from dataclasses import dataclass

import numpy as np

from media_service.errors import ServiceUnavailableError

from .models import WordTiming
from .text import syllable_weight, written_words

DEFAULT_WPM = 175  # espeak-ng's own default rate (words per minute)
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_PARAM_RATE = 1
_EE_OK = 0


class _Event(ctypes.Structure):
    """espeak_EVENT from speak_lib.h (x86-64/aarch64 layout)."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass(frozen=True)
class EspeakResult:
    """Mono float32 samples at `sample_rate` and the word starts reported by espeak-ng."""

    samples: np.ndarray
    sample_rate: int
    words: list[WordTiming]


class _Espeak:
    """The process's one espeak-ng instance; use `synthesize` (it takes the lock)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pid = -1
        self.lib: ctypes.CDLL | None = None
        self.sample_rate = 0
        self.pcm: list[np.ndarray] = []
        self.events: list[tuple[int, int, int]] = []
        self.callback = _Callback(self._collect)
        # A fork taken while another thread held the lock would leave the child's copy held forever.
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self.lock = threading.Lock()

    def _collect(self, wav: ctypes._Pointer, count: int, events: ctypes._Pointer) -> int:  # type: ignore[type-arg]
        if count > 0:
            self.pcm.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            event = events[i]
            if event.type == _EVENT_WORD:
                self.events.append((event.text_position, event.length, event.sample))
            i += 1
        return 0

    def _ensure(self) -> ctypes.CDLL:
        if self.lib is not None and self.pid == os.getpid():
            return self.lib
        try:
            import espeakng_loader
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ServiceUnavailableError("espeak-ng is not installed (espeakng-loader wheel missing)") from exc
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0)
        if rate <= 0:
            raise ServiceUnavailableError("espeak-ng could not be initialised")
        lib.espeak_SetSynthCallback(self.callback)
        self.lib, self.sample_rate, self.pid = lib, rate, os.getpid()
        return lib

    def synthesize(self, text: str, voice: str, wpm: int) -> EspeakResult:
        with self.lock:
            lib = self._ensure()
            if lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
                raise ServiceUnavailableError(f"espeak-ng has no voice {voice!r}")
            lib.espeak_SetParameter(_PARAM_RATE, wpm, 0)
            self.pcm, self.events = [], []
            data = text.encode("utf-8")
            status = lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            if status != _EE_OK:
                raise ServiceUnavailableError(f"espeak-ng failed to speak (status {status})")
            pcm = np.concatenate(self.pcm) if self.pcm else np.zeros(0, dtype=np.int16)
            events, rate = self.events, self.sample_rate
            self.pcm, self.events = [], []
        samples = pcm.astype(np.float32) / 32768.0
        return EspeakResult(samples, rate, _words(text, events, rate, len(samples)))


def _words(text: str, events: list[tuple[int, int, int]], rate: int, total: int) -> list[WordTiming]:
    """Word events → words: events inside the previous word (digits read out one by one, CJK runs)
    are merged into it; each word lasts until the next word starts (ends are trimmed later)."""
    kept: list[tuple[int, int, int]] = []  # (char start, char end, sample)
    for position, length, sample in sorted(events, key=lambda e: (e[2], e[0])):
        start = position - 1
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, start + max(length, 1), sample))
    words: list[WordTiming] = []
    for i, (start, end, sample) in enumerate(kept):
        next_start = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        next_sample = kept[i + 1][2] if i + 1 < len(kept) else total
        if next_sample > sample:
            words.extend(_share(written_words(text[start:max(end, next_start)]), sample / rate, next_sample / rate))
    return words


def _share(written: list[str], start: float, end: float) -> list[WordTiming]:
    """One word event that covers several written words (espeak-ng speaks "on the" as one word):
    its time is shared among them by syllable weight."""
    weights = [syllable_weight(word) for word in written]
    total = sum(weights)
    timings, at = [], start
    for word, weight in zip(written, weights, strict=True):
        step = (end - start) * weight / total
        timings.append(WordTiming(word, at, at + step))
        at += step
    return timings


_ESPEAK = _Espeak()


def espeak_synthesize(text: str, voice: str, *, speed: float = 1.0) -> EspeakResult:
    """Speak `text` with the espeak-ng voice `voice` (e.g. "en-us", "cmn+f3") at `speed` × 175 wpm."""
    return _ESPEAK.synthesize(text, voice, round(DEFAULT_WPM * speed))
