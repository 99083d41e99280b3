"""What every brief handler does: check a brief at submission, and compile + render it in a job.

    check_brief(brief, services, options)        # prepare(): 400 naming brief fields, before any job exists
                                                 # (no layout: submission stays fast)
    result = render_brief(ctx, brief, options)   # in the job: compile, fetch (errors name brief fields), render

Rendering itself is the video capability's `render_timeline_job`; this module only adds what is specific
to briefs: the format's compile, and media references named by their place in the brief
(`brief.sections[2].content.image`, `brief.style.background_value`, `brief.audio.music`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from media_service.errors import ServiceError, ValidationError
from media_service.media import MediaKind, check_ref_at_submission, classify_ref, iter_media_refs
from media_service.media.service import media_services

from ..video import VideoOutputOptions, check_timeline, render_timeline_job
from .formats import brief_problems, compile_brief, outline
from .schemas import ContentBrief, RenderBriefResult

if TYPE_CHECKING:
    from media_service.app import Services
    from media_service.jobs import JobContext

__all__ = ["BriefRef", "brief_refs", "check_brief", "render_brief"]

_SOUND = frozenset({MediaKind.AUDIO, MediaKind.VIDEO})
Rename = Callable[[str], str]
"""Maps a brief field (`brief.sections[1].content.image`) to the name the caller knows it by."""


@dataclass(frozen=True, slots=True)
class BriefRef:
    """A media reference of a brief: where it is, what it is, what it may be (None: a music library id)."""

    field: str
    value: str
    accepts: frozenset[MediaKind] | None


def brief_refs(brief: ContentBrief, *, rename: Rename = str) -> list[BriefRef]:
    """Every media reference of the brief, named by its field (`brief.…`, passed through `rename`)."""
    refs = [BriefRef(f"brief.{site.field}", site.value, site.accepts) for site in iter_media_refs(brief)]
    style = brief.style
    if style.background_type in ("image", "video") and style.background_value:
        kind = MediaKind.IMAGE if style.background_type == "image" else MediaKind.VIDEO
        refs.append(BriefRef("brief.style.background_value", style.background_value, frozenset({kind})))
    music = brief.audio.music if brief.audio else None
    if music:
        refs.append(BriefRef("brief.audio.music", music, None if _is_track_id(music) else _SOUND))
    return [BriefRef(rename(ref.field), ref.value, ref.accepts) for ref in refs]


def _is_track_id(value: str) -> bool:
    try:
        classify_ref(value)
    except ValueError:
        return True
    return False


# Fields of the outline timeline (what `check_timeline` names) as the brief names them.
_OUTLINE_FIELDS = {"width": "brief.settings.resolution.width", "height": "brief.settings.resolution.height",
                   "fps": "brief.settings.fps", "duration": "brief.settings.duration_sec",
                   "audio.music": "brief.audio.music", "audio.voiceover": "brief.audio.voiceover"}


def check_brief(brief: ContentBrief, services: Services, options: VideoOutputOptions, *,
                rename: Rename = str) -> None:
    """Everything knowable before the job, without laying anything out: timing, section types and format
    features, every picture and clip reference, then (through the video capability's `check_timeline` on the
    brief's outline) frame size, rate and encode settings, the soundtrack's references and music track ids,
    and the output path. One 400 lists every field."""
    errors = brief_problems(brief)
    media = media_services(services.settings)
    for ref in brief_refs(brief):
        if ref.field.startswith("brief.audio."):
            continue  # the soundtrack is the outline's: checked with it below
        try:
            check_ref_at_submission(ref.value, field=ref.field, accepts=ref.accepts or _SOUND, cfg=media.cfg,
                                    uploads=media.uploads)
        except ValidationError as exc:
            errors.extend(exc.details.get("errors") or [{"field": ref.field, "message": exc.message}])
    try:
        check_timeline(outline(brief), services, format=options.output_format, quality=options.quality,
                       field_prefix="")
    except ValidationError as exc:
        errors.extend({"field": _OUTLINE_FIELDS.get(e["field"], f"brief.{e['field']}"), "message": e["message"]}
                      for e in exc.details.get("errors", []))
    if errors:
        raise ValidationError("The brief cannot be rendered as given",
                              errors=[{"field": rename(e["field"]), "message": e["message"]} for e in errors])
    if options.output_path:
        media.outputs.check_output_path(options.output_path, overwrite=options.overwrite)


def render_brief(ctx: JobContext, brief: ContentBrief, options: VideoOutputOptions, *,
                 rename: Rename = str) -> RenderBriefResult:
    """Compile and render `brief`, delivering the video and its poster as `options` say."""
    timeline = compile_brief(brief, max_side=ctx.settings.max_canvas_px)
    ctx.log(f"{brief.format}: {len(brief.sections)} section(s) → {len(timeline.scenes)} scene(s), "
            f"{timeline.width}x{timeline.height} @ {timeline.fps:g} fps, {timeline.duration:g} s")
    for ref in brief_refs(brief, rename=rename):  # fetched here first so a failure names the brief's field;
        if ref.accepts is not None:                # the render's own fetch then reuses the job's copy
            try:
                ctx.inputs.fetch(ref.value, field=ref.field, accepts=ref.accepts)
            except ServiceError as exc:
                if isinstance(exc, ValidationError) and not exc.message.startswith(ref.field):
                    raise type(exc)(f"{ref.field}: {exc.message}", details=exc.details) from None
                raise
    done = render_timeline_job(ctx, timeline, format=options.output_format, quality=options.quality,
                               request=options, poster_time=options.poster_time, name=_file_stem(brief))
    return RenderBriefResult(job_id=ctx.job_id, video_path=done.video_path, video_url=done.video_url,
                             duration_seconds=done.duration_seconds, file_size_bytes=done.file_size_bytes,
                             render_time_seconds=done.render_time_seconds, format=brief.format, width=done.width,
                             height=done.height, fps=done.fps, output=done.output, poster=done.poster,
                             warnings=done.warnings)


def _file_stem(brief: ContentBrief) -> str:
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in brief.id.lower()).strip("-")
    return stem[:60] or "video"
