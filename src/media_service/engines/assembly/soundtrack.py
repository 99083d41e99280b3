"""The programme's audio: each segment's own sound on the segments' timeline, music under it, one loudness.

Segments keep their own audio (Veo's carries the voice); a segment without audio contributes silence of
its length. Each segment's audio is cut or padded to its video length to the sample, so sound stays in
sync across joins; across a transition the two sides crossfade linearly over the overlap. The music is
looped (equal-power crossfade at the loop point) or cut to the programme, faded in and out, scaled by its
volume (0.15 sits 20·log10(0.15) ≈ 16.5 dB under the segment audio recorded at the same level), optionally
ducked under the segments' audio, and the sum is normalised to the loudness target with a true-peak ceiling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from media_service.engines.audio import (SAMPLE_RATE, Ducking, Loudness, apply_ducking, apply_fades, load_audio,
                                         loop_to_length, normalize_loudness)
from media_service.engines.audio.timeline import pad_to_length, place, to_samples

__all__ = ["Music", "Placement", "programme_audio"]

#: Music fades in over this and out over `MUSIC_FADE_OUT` (shortened for short programmes).
MUSIC_FADE_IN = 0.5
MUSIC_FADE_OUT = 1.5
_LOOP_CROSSFADE = 0.1


@dataclass(frozen=True)
class Music:
    """Background music: a decodable audio file, its volume (0–1) and optional ducking."""

    path: Path
    volume: float = 0.15
    ducking: Ducking | None = None
    fade_in: float = MUSIC_FADE_IN
    fade_out: float = MUSIC_FADE_OUT


@dataclass(frozen=True)
class Placement:
    """One segment's sound on the programme: source file (None: silence), where it starts and how long it is.

    `source_start` is the trim into the file; `fade_in`/`fade_out` are the transition overlaps it shares."""

    path: Path | None
    start: float
    length: float
    source_start: float = 0.0
    fade_in: float = 0.0
    fade_out: float = 0.0


def programme_audio(placements: Sequence[Placement], duration: float, *, music: Music | None,
                    loudness: Loudness | None, field: str = "segments") -> np.ndarray:
    """Float32 (2, n) at 48 kHz: the segments' audio, the music under it, normalised (None: left as mixed)."""
    total = to_samples(duration, SAMPLE_RATE)
    voice = np.zeros((2, total), np.float32)
    for index, spot in enumerate(placements):
        if spot.path is None:
            continue
        samples = load_audio(spot.path, field=f"{field}.{index}.video")
        first = to_samples(spot.source_start, SAMPLE_RATE)
        clip = pad_to_length(samples[:, first:], to_samples(spot.length, SAMPLE_RATE)).copy()
        apply_fades(clip, sample_rate=SAMPLE_RATE, fade_in=spot.fade_in, fade_out=spot.fade_out)
        place(voice, clip, to_samples(spot.start, SAMPLE_RATE))
    mixed = voice
    if music is not None:
        mixed = voice + music_bed(music, voice, total)
    if loudness is None:
        return mixed
    return normalize_loudness(mixed, sample_rate=SAMPLE_RATE, loudness=loudness)


def music_bed(music: Music, voice: np.ndarray, total: int) -> np.ndarray:
    """The music looped or cut to `total` samples, faded, at its volume, ducked under `voice` if asked."""
    track = load_audio(music.path, field="bgm.source")
    bed = loop_to_length(track, total, crossfade=to_samples(_LOOP_CROSSFADE, SAMPLE_RATE))
    seconds = total / SAMPLE_RATE
    apply_fades(bed, sample_rate=SAMPLE_RATE, fade_in=min(music.fade_in, seconds / 4),
                fade_out=min(music.fade_out, seconds / 4))
    bed *= np.float32(music.volume)
    if music.ducking is not None:
        bed = apply_ducking(bed, voice, sample_rate=SAMPLE_RATE, ducking=music.ducking)
    return bed
