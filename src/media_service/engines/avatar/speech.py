"""Is this audio something a talking head can say? Length within bounds and actually audible.

    check = check_speech(Path("voice.mp3"), field="audio_url")   # SpeechCheck or ValidationError naming field

Decoded to 16 kHz mono; "voiced" is where the 20 ms RMS is above VOICE_THRESHOLD_DB dBFS (the ducking
engine's voice-activity gate, pauses under 300 ms bridged). Silent or near-silent audio (less than
MIN_VOICED_SEC voiced) would make a mute avatar that is still paid for, so it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from media_service.engines.audio import load_audio, voice_activity
from media_service.errors import ValidationError

__all__ = ["MAX_SPEECH_SEC", "MIN_SPEECH_SEC", "MIN_VOICED_SEC", "SpeechCheck", "VOICE_THRESHOLD_DB", "check_speech"]

MIN_SPEECH_SEC = 1.0
MAX_SPEECH_SEC = 600.0
MIN_VOICED_SEC = 0.5
VOICE_THRESHOLD_DB = -45.0
_RATE = 16_000


@dataclass(frozen=True, slots=True)
class SpeechCheck:
    """The audio's length, how much of it is voiced and its peak level (dBFS)."""

    duration_seconds: float
    voiced_seconds: float
    peak_dbfs: float


def check_speech(path: Path, *, field: str, min_seconds: float = MIN_SPEECH_SEC,
                 max_seconds: float = MAX_SPEECH_SEC) -> SpeechCheck:
    """Measure `path`; too short, too long or silent → ValidationError naming `field`."""
    samples = load_audio(path, sample_rate=_RATE, channels=1, field=field)
    duration = samples.shape[1] / _RATE
    if duration < min_seconds:
        raise ValidationError(f"{field}: the audio lasts {duration:.2f} s; a talking head needs at least "
                              f"{min_seconds:g} s of speech", field=field)
    if duration > max_seconds:
        raise ValidationError(f"{field}: the audio lasts {duration:.1f} s; at most {max_seconds:g} s",
                              field=field)
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    peak_db = 20 * float(np.log10(peak)) if peak > 0 else -120.0
    voiced = float(voice_activity(samples, sample_rate=_RATE, threshold_db=VOICE_THRESHOLD_DB,
                                  hold_ms=300.0).sum()) / _RATE
    if voiced < MIN_VOICED_SEC:
        raise ValidationError(f"{field}: the audio is silent ({voiced:.2f} s above {VOICE_THRESHOLD_DB:g} dBFS, "
                              f"peak {peak_db:.1f} dBFS); a talking head needs speech", field=field)
    return SpeechCheck(round(duration, 3), round(voiced, 3), round(peak_db, 2))
