"""`render_timeline_job`: what a job handler does to turn a Timeline into a delivered video.

    result = render_timeline_job(ctx, timeline, format="mp4", quality="production", request=request)

Fetches every asset the timeline names (each checked by content, errors naming the timeline field; music
library ids looked up in the library), renders with the video engine (progress by frames, cancellation
every frame), and saves the video and its poster as OutputRefs (honouring `output_path`/`overwrite`/
`return_base64` on `request`). Brief handlers compile their brief to a Timeline and call this.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from media_service.engines.encode import Quality, VideoFormat
from media_service.engines.video import AssetRef, Timeline, render_timeline, timeline_refs
from media_service.errors import ServiceError, ValidationError
from media_service.jobs import JobContext

from .checks import KINDS, is_library_id, request_field
from .schemas import RenderSceneResult

__all__ = ["fetch_assets", "render_timeline_job"]


class _Delivery(BaseModel):
    """Output options given as arguments rather than on a request model."""

    output_path: str | None = None
    overwrite: bool = False
    return_base64: bool = False


def fetch_assets(ctx: JobContext, timeline: Timeline, *, field_prefix: str = "timeline",
                 progress: Callable[[float], None] | None = None) -> dict[str, Path]:
    """Every reference of `timeline` as a local file, by reference string (built-in sfx names excluded)."""
    refs = [ref for ref in timeline_refs(timeline) if ref.kind != "sfx"]
    files: dict[str, Path] = {}
    for number, ref in enumerate(refs):
        if ref.ref not in files:
            files[ref.ref] = _fetch(ctx, ref, request_field(ref.field, field_prefix))
        if progress is not None:
            progress((number + 1) / len(refs))
    if refs:
        ctx.log(f"fetched {len(files)} asset(s) for {len(refs)} reference(s)")
    return files


def _fetch(ctx: JobContext, ref: AssetRef, field: str) -> Path:
    if is_library_id(ref):
        from media_service.capabilities.audio.music import music_library

        track = music_library(ctx.settings).get(ref.ref)
        ctx.log(f"{field}: music library track {track.id} ({track.title}, {track.duration_seconds:.1f} s)")
        return Path(track.path)
    try:
        return ctx.inputs.fetch(ref.ref, field=field, accepts=KINDS[ref.kind])
    except ValidationError as exc:
        if exc.message.startswith(field):
            raise
        raise type(exc)(f"{field}: {exc.message}", details=exc.details) from None


def render_timeline_job(ctx: JobContext, timeline: Timeline, *, format: VideoFormat = "mp4",
                        quality: Quality = "production", request: BaseModel | None = None,
                        output_path: str | None = None, overwrite: bool = False, poster_time: float | None = None,
                        name: str = "video", field_prefix: str = "timeline",
                        progress_range: tuple[float, float] = (0.0, 1.0)) -> RenderSceneResult:
    """Fetch, render, save: the whole job around the video engine (see the module docstring).

    `request` (any model with `output_path`, `overwrite`, `return_base64`) says where else the video goes;
    `output_path`/`overwrite` given here are used when there is no request. `field_prefix` starts the field
    names in errors (`timeline.scenes.0...`); `progress_range` is the part of the job's progress this takes.
    """
    low, high = progress_range

    def stage(start: float, end: float, step: str) -> Callable[[float], None]:
        return lambda fraction: ctx.progress(low + (high - low) * (start + (end - start) * fraction), step)

    fetching = stage(0.0, 0.05, "fetching")
    fetching(0.0)
    files = fetch_assets(ctx, timeline, field_prefix=field_prefix, progress=fetching)
    suffix = {"mp4": ".mp4", "webm": ".webm", "gif": ".gif"}[format]
    out, poster = ctx.workdir / f"{name}{suffix}", ctx.workdir / f"{name}-poster.jpg"
    rendering = stage(0.05, 0.97, "rendering")
    rendering(0.0)
    try:
        result = render_timeline(timeline, out, resolve_asset=_resolver(files), format=format, quality=quality,
                                 poster=poster, poster_time=poster_time, workdir=ctx.workdir / "render",
                                 progress=lambda done, total: rendering(done / total if total else 0.0),
                                 cancelled=ctx.cancelled, log=ctx.log)
    except ValidationError as exc:
        raise _prefixed(exc, field_prefix) from None
    stage(0.97, 1.0, "saving")(0.0)
    delivery: Any = request if request is not None else _Delivery(output_path=output_path, overwrite=overwrite)
    video = ctx.outputs.save(out, name=f"{name}{suffix}", request=delivery)
    poster_ref = ctx.outputs.save(poster, name=f"{name}-poster.jpg") if poster.is_file() else None
    loudness = result.audio.measurement.integrated_lufs if result.audio is not None else None
    return RenderSceneResult(
        video_path=video.path, video_url=video.url, duration_seconds=result.duration_seconds,
        file_size_bytes=video.size_bytes, render_time_seconds=round(result.render_seconds, 3), format=format,
        quality=quality, width=result.width, height=result.height, fps=result.fps, frames=result.frames,
        has_audio=result.has_audio, loudness_lufs=loudness, output=video, poster=poster_ref,
        warnings=result.warnings)


def _resolver(files: dict[str, Path]) -> Callable[[str], Path]:
    def resolve(ref: str) -> Path:
        try:
            return files[ref]
        except KeyError:
            raise ValidationError(f"{ref[:80]!r} was not fetched for this render") from None

    return resolve


def _prefixed(exc: ValidationError, prefix: str) -> ServiceError:
    """The engine's errors name timeline fields (`scenes.0.layers.1.src`); the request's start with `prefix`."""
    errors = exc.details.get("errors")
    if not prefix or not errors:
        return exc
    fields = [{"field": request_field(e["field"], prefix), "message": e["message"]} for e in errors]
    first = fields[0]
    message = f"{first['field']}: {first['message']}" + (f" (and {len(fields) - 1} more)" if len(fields) > 1 else "")
    return type(exc)(message, errors=fields)
