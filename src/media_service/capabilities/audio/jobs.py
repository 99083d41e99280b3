"""Audio job types (queue `cpu`): mix, duck, sfx, normalise and music download over the audio engine.

Each handler fetches and decodes its inputs (errors name the request field; silent inputs are refused),
hands samples or paths to one engine call with the job's progress and cancellation, and returns the
output as an OutputRef carrying the engine's loudness measurement.
"""

from __future__ import annotations

import re
from pathlib import Path

from media_service.engines.audio import (
    SAMPLE_RATE,
    Ducking,
    SfxCue,
    Track,
    render_ducked,
    render_excerpt,
    render_mix,
    render_normalized,
    render_sfx,
    synthesize_sfx,
)
from media_service.jobs import JobContext, job_type
from media_service.media.music import music_library

from .catalog import LOCAL_SOURCE, cloud_track, find_track, to_music_track
from .checks import (
    prepare_download,
    prepare_duck,
    prepare_mix,
    prepare_normalize,
    prepare_sfx,
)
from .schemas import (
    AudioJobResult,
    AudioMixRequest,
    DuckingOptions,
    DuckRequest,
    DuckSettings,
    MusicDownloadRequest,
    MusicDownloadResult,
    NormalizeRequest,
    SfxRequest,
)
from .service import (
    audio_output,
    encoding_for,
    fetch_input,
    load_input,
    loudness_for,
    output_file,
    stage,
    video_suffix,
)

__all__ = ["download_music", "duck", "mix", "normalize", "sfx"]

_TIMEOUT = 900.0


def _ducking(settings: DuckSettings) -> Ducking:
    duck_sfx = settings.duck_sfx if isinstance(settings, DuckingOptions) else False
    return Ducking(duck_to=settings.duck_to, attack_ms=settings.attack_ms, release_ms=settings.release_ms,
                   threshold_db=settings.threshold_db, hold_ms=settings.hold_ms, duck_sfx=duck_sfx)


@job_type("audio.mix", request=AudioMixRequest, result=AudioJobResult, queue="cpu", default_timeout_sec=_TIMEOUT,
          estimate=lambda req: 1.0 + 0.5 * len(req.tracks), prepare=prepare_mix,
          summary="Mix voiceover, music and sfx tracks with ducking and a loudness target")
def mix(ctx: JobContext, request: AudioMixRequest) -> AudioJobResult:
    """Decode every track, then mix, duck, normalise and encode in one engine call."""
    tracks = []
    for index, item in enumerate(request.tracks):
        ctx.progress(0.4 * index / len(request.tracks), "decoding")
        samples = load_input(ctx, item.url, field=f"tracks[{index}].url")
        tracks.append(Track(source=samples, type=item.type, volume=item.volume, start_time=item.start_time,
                            fade_in=item.fade_in, fade_out=item.fade_out, trim_start=item.trim_start,
                            trim_end=item.trim_end, loop=item.loop))
    ducking = _ducking(request.ducking) if request.ducking is not None and request.ducking.enabled else None
    result = render_mix(tracks, output_file(ctx, "mix", request.output_format), duration=request.duration,
                        ducking=ducking, loudness=loudness_for(request.target_lufs, request.true_peak_db),
                        encoding=encoding_for(request, request.output_format),
                        progress=stage(ctx, 0.4, 0.95, "mixing"), cancelled=ctx.cancelled)
    return AudioJobResult(output=audio_output(ctx, result, request))


@job_type("audio.duck", request=DuckRequest, result=AudioJobResult, queue="cpu", default_timeout_sec=_TIMEOUT,
          estimated_duration_sec=2.0, prepare=prepare_duck,
          summary="Duck music under a voice: the mix, or the ducked music alone")
def duck(ctx: JobContext, request: DuckRequest) -> AudioJobResult:
    """Sidechain-duck `music` under `voice`."""
    ctx.progress(0.0, "decoding")
    voice = load_input(ctx, request.voice, field="voice")
    ctx.progress(0.2, "decoding")
    music = load_input(ctx, request.music, field="music")
    stem = "mix" if request.output == "mix" else "music-ducked"
    result = render_ducked(voice, music, output_file(ctx, stem, request.output_format), ducking=_ducking(request),
                           output=request.output, loudness=loudness_for(request.target_lufs, request.true_peak_db),
                           encoding=encoding_for(request, request.output_format),
                           progress=stage(ctx, 0.4, 0.95, "ducking"), cancelled=ctx.cancelled)
    return AudioJobResult(output=audio_output(ctx, result, request))


@job_type("audio.sfx", request=SfxRequest, result=AudioJobResult, queue="cpu", default_timeout_sec=_TIMEOUT,
          estimate=lambda req: 1.0 + 0.05 * len(req.effects), prepare=prepare_sfx,
          summary="Overlay sound effects on audio, or on a video with its video stream copied")
def sfx(ctx: JobContext, request: SfxRequest) -> AudioJobResult:
    """Place each effect (built-in or fetched) on the base's audio."""
    ctx.progress(0.0, "fetching")
    base = fetch_input(ctx, request.base, field="base")
    cues = []
    for index, effect in enumerate(request.effects):
        field = f"effects[{index}].sfx"
        source = (synthesize_sfx(effect.sfx, sample_rate=SAMPLE_RATE, field=field) if effect.builtin
                  else load_input(ctx, effect.sfx, field=field))
        cues.append(SfxCue(sfx=source, at=effect.at, volume=effect.volume))
    video = video_suffix(base, field="base") if request.output_format is None else None
    fmt = request.output_format or (None if video else "mp3")
    result = render_sfx(base, cues, output_file(ctx, "sfx", fmt, video=video),
                        loudness=loudness_for(request.target_lufs, request.true_peak_db),
                        encoding=encoding_for(request, fmt), progress=stage(ctx, 0.3, 0.95, "overlaying"),
                        cancelled=ctx.cancelled)
    return AudioJobResult(output=audio_output(ctx, result, request))


@job_type("audio.normalize", request=NormalizeRequest, result=AudioJobResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, estimated_duration_sec=2.0, prepare=prepare_normalize,
          summary="Normalise loudness of audio, or of a video's audio with the video stream copied")
def normalize(ctx: JobContext, request: NormalizeRequest) -> AudioJobResult:
    """Bring the input to `target_lufs` under the true-peak ceiling."""
    ctx.progress(0.0, "fetching")
    source = fetch_input(ctx, request.input, field="input")
    video = video_suffix(source, field="input") if request.output_format is None else None
    fmt = request.output_format or (None if video else "mp3")
    result = render_normalized(source, output_file(ctx, "normalized", fmt, video=video),
                               loudness=loudness_for(request.target_lufs, request.true_peak_db),
                               encoding=encoding_for(request, fmt), progress=stage(ctx, 0.1, 0.95, "normalizing"),
                               cancelled=ctx.cancelled)
    return AudioJobResult(output=audio_output(ctx, result, request, require_signal=True, field="input"))


@job_type("audio.music.download", request=MusicDownloadRequest, result=MusicDownloadResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, estimated_duration_sec=2.0, prepare=prepare_download,
          summary="A music library track as a file, optionally cut or looped to a duration and faded")
def download_music(ctx: JobContext, request: MusicDownloadRequest) -> MusicDownloadResult:
    """Render the track (a library track resolved by prepare, or a Jamendo/Freesound track fetched here with its
    licence) to the requested format and length."""
    ctx.progress(0.0, "finding track")
    if request.source not in (None, LOCAL_SOURCE):
        item, saved = ctx.providers.music(request.source).fetch(request.id or "", ctx.workdir / "track")
        path, title, shown = saved.path, item.title, cloud_track(item, api_prefix=ctx.settings.api_prefix)
        ctx.log(f"{item.source} track {item.id}: {item.title} ({item.duration_seconds:.1f} s), {item.licence.name}"
                f"{' (preview)' if item.is_preview else ''}; credit: {item.attribution}")
    else:
        track = find_track(music_library(ctx.settings), request.track_id or "")
        ctx.log(f"track {track.id}: {track.title} ({track.duration_seconds:.1f} s, {track.source})")
        path, title, shown = Path(track.path), track.title, to_music_track(track, api_prefix=ctx.settings.api_prefix)
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "track"
    ctx.progress(0.1, "rendering")
    result = render_excerpt(path, output_file(ctx, stem, request.output_format), start=request.start,
                            duration=request.duration, loop=request.loop, fade_in=request.fade_in,
                            fade_out=request.fade_out, loudness=loudness_for(request.target_lufs, request.true_peak_db),
                            encoding=encoding_for(request, request.output_format), cancelled=ctx.cancelled)
    return MusicDownloadResult(output=audio_output(ctx, result, request), track=shown)
