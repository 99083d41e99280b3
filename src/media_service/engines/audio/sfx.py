"""Overlay sound effects at given times onto a base programme."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .control import CancelFn, ProgressFn, check_cancelled, report
from .models import SAMPLE_RATE, SfxCue
from .sources import load_source
from .timeline import place, to_samples


def overlay_sfx(base: np.ndarray, cues: Sequence[SfxCue], *, sample_rate: int = SAMPLE_RATE,
                extend: bool = True, progress: ProgressFn | None = None,
                cancelled: CancelFn | None = None) -> np.ndarray:
    """`base` (channels, samples) with each cue's effect added at `cue.at` seconds, scaled by `cue.volume`.

    Placement is sample-accurate. With `extend` the result grows to hold effects that run past the
    base's end; without it (a video's soundtrack) it keeps the base's length and effects are cut.
    The sum is not limited here: the caller's loudness stage holds the peak ceiling.
    """
    effects: list[tuple[int, np.ndarray]] = []
    for index, cue in enumerate(cues):
        check_cancelled(cancelled)
        audio = load_source(cue.sfx, sample_rate=sample_rate, channels=base.shape[0],
                            field=f"effects[{index}].sfx", cancelled=cancelled)
        effects.append((to_samples(cue.at, sample_rate), audio * np.float32(cue.volume)))
        report(progress, 0.8 * (index + 1) / max(1, len(cues)))
    length = base.shape[1]
    if extend and effects:
        length = max(length, max(offset + audio.shape[1] for offset, audio in effects))
    out = np.zeros((base.shape[0], length), dtype=np.float32)
    out[:, : base.shape[1]] = base
    for offset, audio in effects:
        place(out, audio, offset)
    report(progress, 1.0)
    return out
