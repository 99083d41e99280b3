"""Resolve an engine input (samples, a built-in effect name or a file) to samples at the engine layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .control import CancelFn
from .decode import as_samples, load_audio
from .effects import SFX_NAMES, synthesize_sfx
from .models import CHANNELS, SAMPLE_RATE, Source


def load_source(source: Source, *, sample_rate: int = SAMPLE_RATE, channels: int = CHANNELS,
                field: str = "source", cancelled: CancelFn | None = None) -> np.ndarray:
    """float32 (channels, samples) for `source`.

    Arrays are taken to be at `sample_rate` already. A string naming a built-in effect is synthesised,
    unless a file of that name exists (a real file always wins).
    """
    if isinstance(source, np.ndarray):
        return as_samples(source, channels=channels, field=field)
    if isinstance(source, str) and source in SFX_NAMES and not Path(source).exists():
        effect = synthesize_sfx(source, sample_rate=sample_rate, field=field)
        return effect if channels == 2 else effect.mean(axis=0, keepdims=True)
    return load_audio(source, sample_rate=sample_rate, channels=channels, field=field, cancelled=cancelled)
