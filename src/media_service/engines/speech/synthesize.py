"""Text → speech with word timings, chunk by chunk, and → an encoded file at a set loudness.

Each chunk (a sentence, see `text.split_chunks`) is spoken on its own, its leading and trailing
silence trimmed to a short margin, and the chunks are joined with one even pause (`sentence_pause`
seconds, shortened by `speed`), so a long text sounds like one take and its word times stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from media_service.engines.audio import AudioMeasurement, Encoding, Loudness, measure, normalize_loudness, save_audio
from media_service.engines.audio.control import CancelFn, ProgressFn, check_cancelled
from media_service.engines.audio.models import AudioFormat
from media_service.errors import ValidationError

from .catalog import get_voice
from .espeak import espeak_synthesize
from .models import Speech, SpeechOptions, TimingSource, Voice, WordTiming
from .piper import piper_synthesize
from .text import split_chunks
from .timings import estimate_word_timings, frame_hop, shift, trim_word_ends, voiced_mask

EDGE_SECONDS = 0.05  # silence kept before the first and after the last sound of each chunk
FADE_SECONDS = 0.005
SPEECH_LOUDNESS = Loudness(target_lufs=-16.0, true_peak_db=-1.5)


@dataclass(frozen=True)
class SpeechFile:
    """A written speech file: its format, measured loudness and the speech it holds."""

    path: Path
    format: AudioFormat
    measurement: AudioMeasurement
    speech: Speech


def synthesize(text: str, voice_id: str, *, options: SpeechOptions | None = None,
               progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> Speech:
    """Speak `text` with the built-in voice `voice_id`; mono float32 with one timing per written word."""
    options = options or SpeechOptions()
    voice = get_voice(voice_id)
    chunks = split_chunks(text)
    if not chunks:
        raise ValidationError("text: nothing to speak (no letters or digits)", field="text")
    pieces: list[np.ndarray] = []
    words: list[WordTiming] = []
    source: TimingSource = "engine"
    rate = 0
    position = 0
    for index, chunk in enumerate(chunks):
        check_cancelled(cancelled)
        samples, rate, chunk_words, chunk_source = _speak(voice, chunk.text, options.speed)
        samples, lead = _trim(samples, rate)
        if index:
            gap = np.zeros(round(options.sentence_pause / options.speed * rate), dtype=np.float32)
            pieces.append(gap)
            position += gap.size
        words.extend(_clip(shift(chunk_words, (position - lead) / rate), position / rate,
                           (position + samples.size) / rate))
        pieces.append(samples)
        position += samples.size
        source = "estimate" if chunk_source == "estimate" else source
        if progress is not None:
            progress((index + 1) / len(chunks))
    return Speech(np.concatenate(pieces), rate, words, voice, source, len(chunks))


def _speak(voice: Voice, text: str, speed: float) -> tuple[np.ndarray, int, list[WordTiming], TimingSource]:
    """One chunk through the voice's engine; words from the engine, else estimated."""
    if voice.engine == "piper":
        result = piper_synthesize(text, voice.engine_voice, speed=speed)
        if result.words is not None:
            return result.samples, result.sample_rate, result.words, "engine"
        return result.samples, result.sample_rate, estimate_word_timings(text, result.samples,
                                                                         result.sample_rate), "estimate"
    spoken = espeak_synthesize(text, voice.engine_voice, speed=speed)
    if spoken.words:
        return spoken.samples, spoken.sample_rate, trim_word_ends(spoken.words, spoken.samples,
                                                                  spoken.sample_rate), "engine"
    return spoken.samples, spoken.sample_rate, estimate_word_timings(text, spoken.samples,
                                                                     spoken.sample_rate), "estimate"


def _trim(samples: np.ndarray, rate: int) -> tuple[np.ndarray, int]:
    """Cut silence before the first and after the last voiced 10 ms frame (keeping a short margin,
    faded); returns the kept samples and how many were cut from the start."""
    mask = voiced_mask(samples, rate, threshold_db=-50.0)
    voiced = np.flatnonzero(mask)
    if voiced.size == 0:
        return samples, 0
    hop = frame_hop(rate)
    margin = int(rate * EDGE_SECONDS)
    start = max(0, int(voiced[0]) * hop - margin)
    end = min(samples.size, (int(voiced[-1]) + 1) * hop + margin)
    kept = samples[start:end].copy()
    fade = min(int(rate * FADE_SECONDS), kept.size // 2)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        kept[:fade] *= ramp
        kept[-fade:] *= ramp[::-1]
    return kept, start


def _clip(words: list[WordTiming], low: float, high: float) -> list[WordTiming]:
    """Keep word times inside the chunk's kept audio."""
    return [WordTiming(w.text, min(max(w.start, low), high), min(max(w.end, low), high)) for w in words]


def render_speech(text: str, voice_id: str, path: str | Path, *, fmt: AudioFormat | None = None,
                  options: SpeechOptions | None = None, loudness: Loudness = SPEECH_LOUDNESS,
                  progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> SpeechFile:
    """Speak `text` and write it to `path` (mp3, wav, aac, opus or flac) at `loudness` (−16 LUFS,
    −1.5 dBTP by default, the usual level for spoken word)."""
    speech = synthesize(text, voice_id, options=options, progress=progress, cancelled=cancelled)
    samples = normalize_loudness(speech.samples[np.newaxis, :], sample_rate=speech.sample_rate, loudness=loudness)
    written = save_audio(samples, path, sample_rate=speech.sample_rate, encoding=Encoding(format=fmt),
                         cancelled=cancelled)
    return SpeechFile(Path(path), written, measure(samples, speech.sample_rate), speech)
