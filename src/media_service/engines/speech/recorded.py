"""Speech recorded elsewhere (a cloud voice, a cloned voice) → one file with word timings, at a set loudness.

    result = render_recorded_speech([RecordedPiece(path, text, words_or_None), ...], out_path, language="en",
                                    fmt="mp3", tempo=1.25, pitch=0.0)

Pieces (one per provider request: long texts are sent sentence-grouped) are decoded, joined with one even
pause, given word timings (the provider's when it sent them, else `align.align_words`: tiny.en for
English, the syllable estimate otherwise), sped up or slowed down (`atempo`, pitch kept; word times
scaled) and pitch-shifted when the provider could not do it itself, then normalised and encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from media_service.engines.audio import (AudioMeasurement, Encoding, Loudness, load_audio, measure,
                                         normalize_loudness, save_audio)
from media_service.engines.audio.control import CancelFn, check_cancelled
from media_service.engines.audio.models import AudioFormat
from media_service.engines.audio.stretch import change_tempo, shift_pitch

from .align import align_words
from .models import WordTiming
from .synthesize import SPEECH_LOUDNESS
from .timings import shift

__all__ = ["RECORDED_RATE", "RecordedPiece", "RecordedSpeech", "RecordedTimingSource", "render_recorded_speech"]

RECORDED_RATE = 44_100
RecordedTimingSource = Literal["provider", "aligned", "estimate"]
_RANK: dict[RecordedTimingSource, int] = {"provider": 0, "aligned": 1, "estimate": 2}


@dataclass(frozen=True)
class RecordedPiece:
    """One recording, the text it speaks and the provider's word timings (None when it gave none)."""

    path: Path
    text: str
    words: list[WordTiming] | None = None


@dataclass(frozen=True)
class RecordedSpeech:
    """The written file, its loudness, length and words; `timing_source` is the weakest of the pieces'."""

    path: Path
    format: AudioFormat
    measurement: AudioMeasurement
    duration: float
    words: list[WordTiming]
    timing_source: RecordedTimingSource


def render_recorded_speech(pieces: list[RecordedPiece], path: str | Path, *, language: str,
                           fmt: AudioFormat | None = None, tempo: float = 1.0, pitch: float = 0.0,
                           pause: float = 0.3, loudness: Loudness = SPEECH_LOUDNESS,
                           cancelled: CancelFn | None = None) -> RecordedSpeech:
    """Join, time, adjust and encode `pieces` to `path` (see the module docstring)."""
    if not pieces:
        raise ValueError("render_recorded_speech needs at least one piece")
    rate = RECORDED_RATE
    chunks: list[np.ndarray] = []
    words: list[WordTiming] = []
    source: RecordedTimingSource = "provider"
    position = 0
    for index, piece in enumerate(pieces):
        check_cancelled(cancelled)
        samples = load_audio(piece.path, sample_rate=rate, channels=1, field="provider_audio")[0]
        piece_source: RecordedTimingSource = "provider"
        if piece.words is not None:
            timed = piece.words
        else:
            timed, piece_source = align_words(piece.text, samples, rate, language=language)
        source = piece_source if _RANK[piece_source] > _RANK[source] else source
        if index:
            gap = np.zeros(round(pause * rate), dtype=np.float32)
            chunks.append(gap)
            position += gap.size
        duration = samples.size / rate
        inside = [WordTiming(w.text, min(w.start, duration), min(max(w.end, w.start), duration)) for w in timed]
        words.extend(shift(inside, position / rate))
        chunks.append(samples)
        position += samples.size
    joined = np.concatenate(chunks)[np.newaxis, :]
    if tempo != 1.0:
        joined = change_tempo(joined, rate, tempo)
        words = [WordTiming(w.text, w.start / tempo, w.end / tempo) for w in words]
    if pitch:
        joined = shift_pitch(joined, rate, pitch)
    check_cancelled(cancelled)
    joined = normalize_loudness(joined, sample_rate=rate, loudness=loudness)
    written = save_audio(joined, path, sample_rate=rate, encoding=Encoding(format=fmt), cancelled=cancelled)
    total = joined.shape[1] / rate
    words = [WordTiming(w.text, min(w.start, total), min(w.end, total)) for w in words]
    return RecordedSpeech(Path(path), written, measure(joined, rate), total, words, source)
