"""The programme's sound: the timeline's audio plan plus the sound of its video layers, mixed by the audio
engine (music ducked under the voice, normalised to the plan's loudness) into a WAV the encoder muxes.

Video layers sound while they are shown: from the moment the layer appears until it ends, its group or
scene goes (a scene leaving through a transition keeps playing until the transition is over), taken from
the clip at `trimStart`, looped inside the trim window when `loop`, at `volume`; `muted` leaves it out.
A clip played at another rate is left silent (the audio engine has no time stretch).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from media_service.engines.audio import (SAMPLE_RATE, SFX_NAMES, AudioResult, Ducking, Encoding, Loudness, Track,
                                         load_audio, probe_media, render_mix)
from media_service.engines.audio.timeline import fit_to_length, to_samples, trim
from media_service.engines.scene import GroupLayer, VideoLayer
from media_service.errors import ServiceError, ValidationError

from .model import Timeline, TimelineAudio
from .schedule import Schedule

__all__ = ["LayerSound", "layer_sounds", "render_soundtrack", "soundtrack_tracks"]

Resolve = Callable[[str], Path]
Log = Callable[[str], None]
CancelFn = Callable[[], bool]

#: The music bed fades out over the programme's last seconds instead of stopping dead.
MUSIC_FADE_OUT = 1.5


@dataclass(frozen=True)
class LayerSound:
    """A video layer's sound on the timeline: `start` and `duration` in programme seconds."""

    field: str
    src: str
    start: float
    duration: float
    trim_start: float
    trim_end: float | None
    loop: bool
    volume: float
    rate: float


def layer_sounds(timeline: Timeline, schedule: Schedule | None = None) -> list[LayerSound]:
    """Every audible video layer of the timeline, with the window it is shown in."""
    schedule = schedule or Schedule(timeline)
    found: list[LayerSound] = []
    for slot in schedule.slots:
        found.extend(_walk(slot.scene.layers, slot.start, slot.shown_until, f"{slot.field}.layers"))
    return found


def _walk(layers: list[Any], offset: float, until: float, prefix: str) -> Iterator[LayerSound]:
    for i, layer in enumerate(layers):
        if not layer.visible:
            continue
        start = offset + layer.start
        end = min(until, offset + layer.end) if layer.end is not None else until
        if isinstance(layer, GroupLayer):
            yield from _walk(layer.children, start, end, f"{prefix}.{i}.children")
        elif isinstance(layer, VideoLayer) and layer.src and not layer.muted and layer.volume > 0 and end > start:
            yield LayerSound(field=f"{prefix}.{i}.src", src=layer.src, start=start, duration=end - start,
                             trim_start=layer.trim_start, trim_end=layer.trim_end, loop=layer.loop,
                             volume=layer.volume, rate=layer.playback_rate)


def _resolve(resolve_asset: Resolve, ref: str, field: str) -> Path:
    try:
        path = Path(resolve_asset(ref))
    except ValidationError as exc:
        if exc.message.startswith(f"{field}:"):
            raise
        raise ValidationError(f"{field}: {exc.message}", field=field) from None
    except ServiceError:
        raise
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{field}: cannot use {ref[:80]!r}: {exc}", field=field) from None
    if not path.is_file():
        raise ValidationError(f"{field}: {ref[:80]!r} does not exist", field=field)
    return path


def _layer_track(sound: LayerSound, path: Path, *, cancelled: CancelFn | None, log: Log) -> Track | None:
    if sound.rate != 1.0:
        log(f"{sound.field}: sound left out (playback rate {sound.rate:g}; only rate 1 keeps its sound)")
        return None
    if not probe_media(path, field=sound.field).has_audio:
        return None
    samples = load_audio(path, field=sound.field, cancelled=cancelled)
    clip = trim(samples, sample_rate=SAMPLE_RATE, start=sound.trim_start, end=sound.trim_end,
                field=sound.field.removesuffix(".src") + ".trimStart")
    body = fit_to_length(clip, to_samples(sound.duration, SAMPLE_RATE), loop=sound.loop, sample_rate=SAMPLE_RATE)
    if sound.volume != 1.0:
        body *= np.float32(sound.volume)  # volume may exceed 1 here; the loudness stage has the last word
    return Track(source=body, type="sfx", start_time=sound.start)


def soundtrack_tracks(timeline: Timeline, *, resolve_asset: Resolve, schedule: Schedule | None = None,
                      cancelled: CancelFn | None = None, log: Log | None = None) -> list[tuple[str, Track]]:
    """The audio engine's tracks for the timeline, each with its field: voiceover, music, extra tracks, then
    video layers."""
    say = log or (lambda message: None)
    audio = timeline.audio or TimelineAudio.model_validate({})
    tracks: list[tuple[str, Track]] = []
    if audio.voiceover:
        source = _resolve(resolve_asset, audio.voiceover, "audio.voiceover")
        tracks.append(("audio.voiceover", Track(source=source, type="voiceover", volume=audio.volume_voice)))
    if audio.music:
        source = _resolve(resolve_asset, audio.music, "audio.music")
        tracks.append(("audio.music", Track(source=source, type="music", volume=audio.volume_music,
                                            fade_out=min(MUSIC_FADE_OUT, timeline.duration / 4))))
    for i, item in enumerate(audio.tracks):
        field = f"audio.tracks.{i}.src"
        named: str | Path = item.src if _is_builtin_sfx(item.type, item.src) else _resolve(resolve_asset,
                                                                                           item.src, field)
        tracks.append((field, Track(source=named, type=item.type, volume=item.volume, start_time=item.start_time,
                                    fade_in=item.fade_in, fade_out=item.fade_out, trim_start=item.trim_start,
                                    trim_end=item.trim_end, loop=item.loop)))
    for sound in layer_sounds(timeline, schedule):
        track = _layer_track(sound, _resolve(resolve_asset, sound.src, sound.field), cancelled=cancelled, log=say)
        if track is not None:
            tracks.append((sound.field, track))
    return tracks


def _is_builtin_sfx(kind: str, src: str) -> bool:
    return kind == "sfx" and src in SFX_NAMES and not Path(src).exists()


def render_soundtrack(timeline: Timeline, out_path: Path, *, resolve_asset: Resolve, schedule: Schedule | None = None,
                      cancelled: CancelFn | None = None, log: Log | None = None) -> AudioResult | None:
    """Mix the programme to `out_path` (WAV, the video's exact length); None when the timeline is silent."""
    named = soundtrack_tracks(timeline, resolve_asset=resolve_asset, schedule=schedule, cancelled=cancelled, log=log)
    if not named:
        return None
    fields, tracks = [field for field, _ in named], [track for _, track in named]
    audio = timeline.audio or TimelineAudio.model_validate({})
    plan = audio.ducking
    ducking = Ducking(duck_to=plan.duck_to, attack_ms=plan.attack_ms, release_ms=plan.release_ms) if plan else None
    loudness = Loudness(target_lufs=audio.target_lufs, true_peak_db=audio.true_peak_db)
    try:
        # 24-bit: the mix is quantised once more by the AAC/Opus encoder; no need to add 16-bit noise first.
        return render_mix(tracks, out_path, duration=timeline.duration, ducking=ducking, loudness=loudness,
                          encoding=Encoding(format="wav", bit_depth=24), cancelled=cancelled)
    except ValidationError as exc:
        raise _renamed(exc, fields) from None


def _renamed(exc: ValidationError, fields: list[str]) -> ValidationError:
    """The audio engine names tracks by position (`tracks[2].source`); say which timeline field that is."""
    errors = []
    for error in exc.details.get("errors") or []:
        match = re.match(r"tracks\[(\d+)\]", error["field"])
        field = fields[int(match.group(1))] if match and int(match.group(1)) < len(fields) else error["field"]
        errors.append({"field": field, "message": re.sub(r"tracks\[\d+\]\.\w+", field, error["message"])})
    message = re.sub(r"tracks\[(\d+)\]\.\w+", lambda m: fields[int(m.group(1))] if int(m.group(1)) < len(fields)
                     else m.group(0), exc.message)
    return type(exc)(message, errors=errors) if errors else type(exc)(message)
