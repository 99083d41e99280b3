"""Submission-time checks of a timeline render (`render.scene`'s `prepare`, and `check_timeline` for any
request that renders a timeline): a request that cannot render never becomes a job.

Each failure is a 400 VALIDATION_ERROR listing every bad field: the frame size (≤ MAX_CANVAS_PX, even sides
for mp4/webm), the frame rate, the format and quality, picture layers without a source, every media
reference (syntax, paths under INPUT_ROOTS, upload ids, data: URI sizes, URL egress, kind by magic bytes),
music library track ids, and the output_path. What only the job can find out (an unreachable URL, a file
that does not decode) fails the job with the field in its message.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from media_service.engines.encode import resolve_settings
from media_service.engines.scene import ImageLayer, VideoLayer, walk_layers
from media_service.engines.video import AssetKind, AssetRef, Timeline, timeline_refs
from media_service.errors import FieldError, NotFoundError, ServiceError, ValidationError
from media_service.media import MediaKind, check_ref_at_submission, classify_ref
from media_service.media.music import music_library
from media_service.media.service import media_services

from .schemas import OutputFormat, Quality, RenderSceneRequest

if TYPE_CHECKING:
    from media_service.settings import Settings

__all__ = ["KINDS", "check_timeline", "is_library_id", "prepare_render_scene", "request_field"]

KINDS: dict[AssetKind, frozenset[MediaKind]] = {
    "image": frozenset({MediaKind.IMAGE}), "video": frozenset({MediaKind.VIDEO}),
    "font": frozenset({MediaKind.FONT}), "audio": frozenset({MediaKind.AUDIO, MediaKind.VIDEO}),
    "music": frozenset({MediaKind.AUDIO, MediaKind.VIDEO}), "sfx": frozenset(),
}
"""What each kind of timeline reference may be (audio may come from a video's sound track)."""


def is_library_id(ref: AssetRef) -> bool:
    """A `music` value that is no media reference names a track of the music library."""
    if ref.kind != "music":
        return False
    try:
        classify_ref(ref.ref)
    except ValueError:
        return True
    return False


def prepare_render_scene(request: RenderSceneRequest, settings: Settings) -> RenderSceneRequest:
    """`render.scene` submission: the timeline with the request's format and quality, and the output_path."""
    check_timeline(request.timeline, settings, format=request.output_format, quality=request.quality)
    if request.poster_time is not None and request.poster_time > request.timeline.duration:
        raise ValidationError(f"poster_time {request.poster_time:g} s is after the video's end "
                              f"({request.timeline.duration:g} s)", field="poster_time")
    if request.output_path:
        media_services(settings).outputs.check_output_path(request.output_path, overwrite=request.overwrite)
    return request


def check_timeline(timeline: Timeline, settings: Settings, *, format: OutputFormat, quality: Quality,
                   field_prefix: str = "timeline") -> None:
    """Everything about rendering `timeline` that is knowable before the job runs (see the module doc)."""
    errors = _size_errors(timeline, settings.max_canvas_px, format, quality)
    errors += _source_errors(timeline)
    errors += _ref_errors(timeline, settings)
    if errors:
        raise ValidationError("The timeline cannot be rendered", errors=errors).with_field_prefix(field_prefix,
                                                                                                brackets=True)


def request_field(field: str, prefix: str = "timeline") -> str:
    """A timeline field (`scenes.0.layers.1.src`) as the request names it: `timeline.scenes[0].layers[1].src`,
    indexes in brackets like every other field the API reports."""
    if prefix and not field.startswith(f"{prefix}.") and field != prefix:
        field = f"{prefix}.{field}"
    return _INDEX.sub(r"[\1]", field)


_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


def _size_errors(timeline: Timeline, max_side: int, format: OutputFormat, quality: Quality) -> list[FieldError]:
    errors: list[FieldError] = [
        {"field": side, "message": f"{value} px is over the maximum frame side {max_side} (MAX_CANVAS_PX)"}
        for side, value in (("width", timeline.width), ("height", timeline.height)) if value > max_side]
    if errors:
        return errors
    try:
        resolve_settings(width=timeline.width, height=timeline.height, fps=timeline.fps, format=format,
                         quality=quality)
    except ValidationError as exc:
        return list(exc.details.get("errors") or [{"field": "width", "message": exc.message}])
    return []


def _source_errors(timeline: Timeline) -> list[FieldError]:
    """Picture layers with nothing to show (no bindings here: a timeline names its sources directly)."""
    errors: list[FieldError] = []
    for i, scene in enumerate(timeline.scenes):
        for path, layer in walk_layers(scene.layers, f"scenes.{i}.layers"):
            if isinstance(layer, ImageLayer) and not layer.src and layer.placeholder is None:
                errors.append({"field": f"{path}.src", "message": f"image layer {layer.id!r} needs a src (or a "
                                                                 "placeholder fill)"})
            elif isinstance(layer, VideoLayer) and not layer.src:
                errors.append({"field": f"{path}.src", "message": f"video layer {layer.id!r} needs a src"})
    return errors


def _ref_errors(timeline: Timeline, settings: Settings) -> list[FieldError]:
    media = media_services(settings)
    errors: list[FieldError] = []
    for ref in timeline_refs(timeline):
        if ref.kind == "sfx":
            continue
        try:
            if is_library_id(ref):
                _check_track(ref.ref, settings)
            else:
                check_ref_at_submission(ref.ref, field=ref.field, accepts=KINDS[ref.kind], cfg=media.cfg,
                                        uploads=media.uploads)
        except ValidationError as exc:
            errors.extend(_field_errors(exc, ref.field))
    return errors


def _check_track(track_id: str, settings: Settings) -> None:
    try:
        music_library(settings).get(track_id)
    except NotFoundError:
        raise ValidationError(f"{track_id!r} is neither a media reference nor a track of the music library "
                              "(see POST /api/v1/audio/music/search)") from None


def _field_errors(exc: ServiceError, field: str) -> list[FieldError]:
    listed: list[dict[str, Any]] = list(exc.details.get("errors") or [])
    if not listed:
        return [{"field": field, "message": exc.message}]
    return [{"field": field, "message": str(e.get("message", exc.message))} for e in listed]
