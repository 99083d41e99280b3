"""What the speech engine takes and gives: voices, word timings and synthesised speech."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from media_service.errors import ValidationError

Engine = Literal["piper", "espeak"]
Gender = Literal["male", "female"]
TimingSource = Literal["engine", "estimate"]

MIN_SPEED = 0.5
MAX_SPEED = 2.0


@dataclass(frozen=True)
class Voice:
    """A built-in local voice: what it speaks, who it sounds like and under which licence it may be used.

    `licence_note` carries a caveat the operator must read before making the voice a default.
    """

    id: str
    name: str
    engine: Engine
    language: str
    locale: str
    gender: Gender | None
    licence: str
    licence_note: str | None = None
    quality: Literal["natural", "robotic"] = "robotic"
    # Engine-specific handle: the espeak-ng voice name (e.g. "cmn+f3") or the Piper model name.
    engine_voice: str = ""


@dataclass(frozen=True)
class WordTiming:
    """One spoken word: its text as written and its start/end in seconds from the start of the audio."""

    text: str
    start: float
    end: float

    def as_dict(self) -> dict[str, float | str]:
        """JSON-ready {text, start, end} with millisecond precision."""
        return {"text": self.text, "start": round(self.start, 3), "end": round(self.end, 3)}


@dataclass(frozen=True, eq=False)
class Speech:
    """Synthesised speech: mono float32 samples in [-1, 1], their rate and the words with their times.

    `timing_source` says whether the word times come from the engine itself or from the
    syllable-weight estimate (used only when an engine gave no alignment).
    """

    samples: np.ndarray
    sample_rate: int
    words: list[WordTiming]
    voice: Voice
    timing_source: TimingSource = "engine"
    chunks: int = 1

    @property
    def duration(self) -> float:
        """Length of the audio in seconds."""
        return int(self.samples.shape[-1]) / self.sample_rate


@dataclass(frozen=True)
class SpeechOptions:
    """How to speak: rate multiplier (1 = the voice's natural pace) and the pause between sentences."""

    speed: float = 1.0
    sentence_pause: float = 0.3

    def __post_init__(self) -> None:
        if not (isinstance(self.speed, (int, float)) and math.isfinite(self.speed)
                and MIN_SPEED <= self.speed <= MAX_SPEED):
            raise ValidationError(f"speed must be between {MIN_SPEED} and {MAX_SPEED}", field="speed")
        if not (math.isfinite(self.sentence_pause) and 0.0 <= self.sentence_pause <= 2.0):
            raise ValidationError("sentence_pause must be between 0 and 2 seconds", field="sentence_pause")
