"""Mix voiceover, music and sfx tracks into one programme (PRD AudioMixRequest)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from media_service.errors import ValidationError

from .control import CancelFn, ProgressFn, check_cancelled, report, sub_progress
from .duck import duck_gain
from .loudness import normalize_loudness
from .models import CHANNELS, DEFAULT_LOUDNESS, SAMPLE_RATE, Ducking, Loudness, Track, TrackType
from .sources import load_source
from .timeline import apply_fades, fit_to_length, place, to_samples, trim


def mix_tracks(tracks: Sequence[Track], *, duration: float | None = None, ducking: Ducking | None = None,
               loudness: Loudness | None = DEFAULT_LOUDNESS, sample_rate: int = SAMPLE_RATE, channels: int = CHANNELS,
               progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> np.ndarray:
    """Mix `tracks` into float32 (channels, samples).

    Each track is trimmed, looped (music, by default) or cut to the programme, faded, scaled by its
    volume and placed at its start_time to the sample. The programme lasts `duration` seconds, or
    by default until the last voiceover/sfx track ends (else the longest track). With `ducking`,
    the music bus (and the sfx bus if `duck_sfx`) ducks under the summed voiceover. `loudness`
    normalises the sum and holds its true peak; None returns the raw float sum (may exceed ±1).
    """
    if not tracks:
        raise ValidationError("tracks: at least one track is required", field="tracks")
    if duration is not None and not (duration > 0):
        raise ValidationError("duration must be a positive number of seconds", field="duration")
    clips = _load_clips(tracks, sample_rate=sample_rate, channels=channels,
                        progress=sub_progress(progress, 0.0, 0.6), cancelled=cancelled)
    length = to_samples(duration, sample_rate) if duration is not None else programme_length(tracks, clips, sample_rate)
    buses: dict[TrackType, np.ndarray] = {}
    for track, clip in zip(tracks, clips):
        check_cancelled(cancelled)
        offset = to_samples(track.start_time, sample_rate)
        if offset >= length:
            continue
        body = fit_to_length(clip, length - offset, loop=track.loops, sample_rate=sample_rate)
        apply_fades(body, sample_rate=sample_rate, fade_in=track.fade_in, fade_out=track.fade_out)
        body *= np.float32(track.volume)
        bus = buses.setdefault(track.type, np.zeros((channels, length), dtype=np.float32))
        place(bus, body, offset)
    report(progress, 0.7)
    if ducking is not None and "voiceover" in buses:
        _duck_buses(buses, ducking, sample_rate)
    mixed = np.zeros((channels, length), dtype=np.float32)
    for bus in buses.values():
        mixed += bus
    report(progress, 0.8)
    check_cancelled(cancelled)
    if loudness is not None:
        mixed = normalize_loudness(mixed, sample_rate=sample_rate, loudness=loudness)
    report(progress, 1.0)
    return mixed


def programme_length(tracks: Sequence[Track], clips: Sequence[np.ndarray], sample_rate: int) -> int:
    """Default programme length in samples: the end of the last voiceover/sfx, else of the longest track."""
    ends = {track.type: 0 for track in tracks}
    for track, clip in zip(tracks, clips):
        end = to_samples(track.start_time, sample_rate) + clip.shape[1]
        ends[track.type] = max(ends[track.type], end)
    spoken = [ends[kind] for kind in ("voiceover", "sfx") if kind in ends]
    return max(spoken) if spoken else max(ends.values())


def _load_clips(tracks: Sequence[Track], *, sample_rate: int, channels: int, progress: ProgressFn | None,
                cancelled: CancelFn | None) -> list[np.ndarray]:
    clips = []
    for index, track in enumerate(tracks):
        check_cancelled(cancelled)
        audio = load_source(track.source, sample_rate=sample_rate, channels=channels,
                            field=f"tracks[{index}].source", cancelled=cancelled)
        clips.append(trim(audio, sample_rate=sample_rate, start=track.trim_start, end=track.trim_end,
                          field=f"tracks[{index}].trim_start"))
        report(progress, (index + 1) / len(tracks))
    return clips


def _duck_buses(buses: dict[TrackType, np.ndarray], ducking: Ducking, sample_rate: int) -> None:
    voice = buses["voiceover"]
    gain = duck_gain(voice, sample_rate=sample_rate, ducking=ducking)
    targets: list[TrackType] = ["music", "sfx"] if ducking.duck_sfx else ["music"]
    for kind in targets:
        if kind in buses:
            buses[kind] *= gain
