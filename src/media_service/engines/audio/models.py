"""Request-shaped inputs and measured results of the audio engine.

Inputs validate themselves on construction and raise ValidationError naming the offending field,
so the HTTP layer can map its pydantic schemas onto these one to one.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np

from media_service.errors import ValidationError

SAMPLE_RATE = 48_000
CHANNELS = 2

TrackType = Literal["voiceover", "music", "sfx"]
AudioFormat = Literal["mp3", "wav", "aac", "opus", "flac"]
DuckOutput = Literal["mix", "music"]

# A path, a built-in effect name (see list_sfx) or samples shaped (channels, samples) at the engine rate.
Source = str | Path | np.ndarray


def _check(ok: bool, message: str, field: str) -> None:
    if not ok:
        raise ValidationError(message, field=field)


def _finite(value: float) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


@dataclass(frozen=True, eq=False)
class Track:
    """One input of a mix (PRD AudioMixRequest.tracks[]).

    trim_start/trim_end are positions in the source (seconds); trim_end None means its end.
    loop None means "loop if music": a music track shorter than the programme repeats with a
    short equal-power crossfade; voiceover and sfx play once.
    """

    source: Source
    type: TrackType = "music"
    volume: float = 1.0
    start_time: float = 0.0
    fade_in: float = 0.0
    fade_out: float = 0.0
    trim_start: float = 0.0
    trim_end: float | None = None
    loop: bool | None = None

    def __post_init__(self) -> None:
        _check(self.type in get_args(TrackType), f"type must be one of {get_args(TrackType)}", "type")
        _check(_finite(self.volume) and 0.0 <= self.volume <= 1.0, "volume must be between 0 and 1", "volume")
        for name in ("start_time", "fade_in", "fade_out", "trim_start"):
            value = getattr(self, name)
            _check(_finite(value) and value >= 0.0, f"{name} must be a non-negative number of seconds", name)
        if self.trim_end is not None:
            _check(_finite(self.trim_end) and self.trim_end > self.trim_start,
                   "trim_end must be greater than trim_start", "trim_end")

    @property
    def loops(self) -> bool:
        """Whether this track repeats to fill the programme."""
        return self.type == "music" if self.loop is None else self.loop


@dataclass(frozen=True)
class Ducking:
    """Sidechain ducking of music (and optionally sfx) under the voiceover.

    duck_to is the linear gain (0–1) the music sits at while the voice speaks. The gain reaches it
    attack_ms before speech starts (the engine works offline, so it looks ahead) and returns to 1
    within release_ms after speech ends. Speech is where the voice's 20 ms RMS exceeds threshold_db
    (dBFS); pauses shorter than hold_ms are bridged so the music does not pump between words.
    """

    duck_to: float = 0.25
    attack_ms: float = 80.0
    release_ms: float = 400.0
    threshold_db: float = -40.0
    hold_ms: float = 350.0
    duck_sfx: bool = False

    def __post_init__(self) -> None:
        _check(_finite(self.duck_to) and 0.0 <= self.duck_to <= 1.0, "duck_to must be between 0 and 1", "duck_to")
        for name in ("attack_ms", "release_ms", "hold_ms"):
            value = getattr(self, name)
            _check(_finite(value) and 0.0 <= value <= 10_000.0, f"{name} must be between 0 and 10000 ms", name)
        _check(_finite(self.threshold_db) and -90.0 <= self.threshold_db <= 0.0,
               "threshold_db must be between -90 and 0 dBFS", "threshold_db")


@dataclass(frozen=True)
class Loudness:
    """Final loudness stage: integrated-loudness target (None = keep the level) and a true-peak ceiling.

    The ceiling always applies, so the engine never clips even when no target is set.
    """

    target_lufs: float | None = -14.0
    true_peak_db: float = -1.0

    def __post_init__(self) -> None:
        if self.target_lufs is not None:
            _check(_finite(self.target_lufs) and -60.0 <= self.target_lufs <= 0.0,
                   "target_lufs must be between -60 and 0 LUFS", "target_lufs")
        _check(_finite(self.true_peak_db) and -20.0 <= self.true_peak_db <= 0.0,
               "true_peak_db must be between -20 and 0 dBTP", "true_peak_db")


PEAK_SAFETY = Loudness(target_lufs=None, true_peak_db=-1.0)
DEFAULT_LOUDNESS = Loudness()
DEFAULT_DUCKING = Ducking()


@dataclass(frozen=True)
class Encoding:
    """How to write a file. format None is taken from the output suffix.

    bitrate (bits/s) applies to mp3 CBR, aac and opus; vbr_quality (0 best – 9 smallest) switches mp3
    to VBR; bit_depth applies to wav and flac.
    """

    format: AudioFormat | None = None
    bitrate: int | None = None
    vbr_quality: int | None = None
    bit_depth: Literal[16, 24] = 16

    def __post_init__(self) -> None:
        if self.format is not None:
            _check(self.format in get_args(AudioFormat), f"format must be one of {get_args(AudioFormat)}", "format")
        if self.bitrate is not None:
            _check(isinstance(self.bitrate, int) and 16_000 <= self.bitrate <= 512_000,
                   "bitrate must be between 16000 and 512000 bits/s", "bitrate")
        if self.vbr_quality is not None:
            _check(isinstance(self.vbr_quality, int) and 0 <= self.vbr_quality <= 9,
                   "vbr_quality must be an integer 0–9", "vbr_quality")
        _check(self.bit_depth in (16, 24), "bit_depth must be 16 or 24", "bit_depth")


DEFAULT_ENCODING = Encoding()


@dataclass(frozen=True, eq=False)
class SfxCue:
    """One effect to overlay: a built-in name (see list_sfx), a file path or samples, at a time in seconds."""

    sfx: Source
    at: float
    volume: float = 1.0

    def __post_init__(self) -> None:
        _check(_finite(self.at) and self.at >= 0.0, "at must be a non-negative number of seconds", "at")
        _check(_finite(self.volume) and 0.0 <= self.volume <= 1.0, "volume must be between 0 and 1", "volume")


@dataclass(frozen=True)
class AudioMeasurement:
    """What a result reports. Loudness and peak are None for digital silence (they would be -inf)."""

    duration_seconds: float
    sample_rate: int
    channels: int
    integrated_lufs: float | None
    true_peak_db: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the measurement."""
        return asdict(self)


@dataclass(frozen=True)
class AudioResult:
    """A written file and the measurement of the audio in it (taken before lossy encoding)."""

    path: Path
    format: str
    measurement: AudioMeasurement
    video_copied: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Flat JSON-ready dict: path, format, video_copied and the measurement fields."""
        return {"path": str(self.path), "format": self.format, "video_copied": self.video_copied,
                **self.measurement.to_dict()}


@dataclass(frozen=True)
class TrackInfo:
    """A music library track. `bpm` is the listed tempo when known, else the estimate (`bpm_estimated`)."""

    id: str
    title: str
    path: str
    relative_path: str
    source: str
    duration_seconds: float
    sample_rate: int | None = None
    channels: int | None = None
    artist: str | None = None
    album: str | None = None
    genre: str | None = None
    mood: str | None = None
    tags: tuple[str, ...] = ()
    bpm: float | None = None
    bpm_estimated: float | None = None
    key: str | None = None
    energy: float | None = None
    licence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (tags as a list)."""
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data
