"""What every brief handler does: check a brief at submission, and compile + render it in a job.

    check_brief(brief, settings, options)        # prepare(): 400 naming brief fields, before any job exists
                                                 # (no layout: submission stays fast)
    result = render_brief(ctx, brief, options)   # in the job: compile, fetch (errors name brief fields), render

Rendering itself is the video capability's `render_timeline_job`; this module only adds what is specific
to briefs: the format's compile, and media references named by their place in the brief
(`brief.sections[2].content.image`, `brief.style.background_value`, `brief.audio.music`).

`BRIEF_INPUT` is what `media-service render brief.json` accepts of briefs: a ContentBrief (bare, or under
`brief` as in the POST /render/brief body) or a GeneratorInput (`title` + `topics`, as POST /render/explainer
takes), compiled by its format into the Timeline the command renders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pydantic

from media_service.engines.speech import WordTiming
from media_service.engines.video import Timeline
from media_service.errors import ServiceError, ValidationError
from media_service.http.handlers import validation_error_from
from media_service.media import MediaKind, check_ref_at_submission, classify_ref, iter_media_refs
from media_service.media.service import media_services
from media_service.providers import registry_for

from ..video import VideoOutputOptions, check_timeline, render_timeline_job
from ..video.service import RenderInput
from .formats import brief_problems, compile_brief, outline
from .formats.generator import brief_from_input
from .schemas import ContentBrief, GeneratorInput, RenderBriefResult
from .spoken import cloud_speak, local_speak, narrate, speech_problems, spoken_texts, timeline_captions, voice_of

if TYPE_CHECKING:
    from media_service.jobs import JobContext
    from media_service.settings import Settings

__all__ = ["BRIEF_INPUT", "BriefRef", "brief_refs", "check_brief", "render_brief"]

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


def check_brief(brief: ContentBrief, settings: Settings, options: VideoOutputOptions, *,
                rename: Rename = str) -> None:
    """Everything knowable before the job, without laying anything out: timing, section types and format
    features, every picture and clip reference, then (through the video capability's `check_timeline` on the
    brief's outline) frame size, rate and encode settings, the soundtrack's references and music track ids,
    and the output path. One 400 lists every field."""
    errors = brief_problems(brief) + speech_problems(brief)
    if brief.audio is not None and brief.audio.voice is not None:
        try:
            speaker = voice_of(brief, settings.tts_default_voice)
        except ValidationError as exc:
            errors.extend(exc.errors)
        else:
            if speaker.provider is not None:  # 503 naming what to set, before any job exists
                registry_for(settings).ensure_configured("speech", speaker.provider,
                                                         field="brief.audio.voice.provider")
    media = media_services(settings)
    for ref in brief_refs(brief):
        if ref.field.startswith("brief.audio."):
            continue  # the soundtrack is the outline's: checked with it below
        try:
            check_ref_at_submission(ref.value, field=ref.field, accepts=ref.accepts or _SOUND, cfg=media.cfg,
                                    uploads=media.uploads)
        except ValidationError as exc:
            errors.extend(exc.details.get("errors") or [{"field": ref.field, "message": exc.message}])
    try:
        check_timeline(outline(brief), settings, format=options.output_format, quality=options.quality,
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
    """Compile and render `brief`, delivering the video and its poster as `options` say. A brief with
    `audio.voice` is spoken first (sections retimed to fit) and captioned when it asks for captions."""
    made: dict[str, Path] = {}
    words: list[WordTiming] = []
    progress_range = (0.0, 1.0)
    spoken_extra: dict[str, Any] = {}
    if brief.audio is not None and brief.audio.voice is not None:
        speaker = voice_of(brief, ctx.settings.tts_default_voice)
        speed = brief.audio.voice.speed
        speak = local_speak(speaker.voice, speed=speed, cancelled=ctx.cancelled) if speaker.voice is not None \
            else cloud_speak(ctx, speaker, spoken_texts(brief), speed=speed)
        ctx.progress(0.0, "speaking")
        spoken = narrate(brief, speaker, speak, ctx.workdir / "voiceover.wav",
                         progress=lambda f: ctx.progress(0.2 * f, "speaking"), cancelled=ctx.cancelled)
        voice = speaker
        ctx.log(f"voiceover: {voice.id}, {len(spoken.words)} words, video {brief.settings.duration_sec:g} s → "
                f"{spoken.brief.settings.duration_sec:g} s" + "".join(
                    f"; section {sid!r} stretched {a:g} → {b:g} s" for sid, (a, b) in spoken.stretched.items()))
        brief, words, progress_range = spoken.brief, spoken.words, (0.2, 1.0)
        made[str(spoken.path)] = spoken.path
        spoken_extra = {"voice_id": voice.id, "words": [w.as_dict() for w in words], "sections": [
            {"id": s.id, "start_time_sec": s.start_time_sec, "duration_sec": s.duration_sec} for s in brief.sections]}
    timeline = compile_brief(brief, max_side=ctx.settings.max_canvas_px)
    timeline.captions = timeline_captions(brief, words)
    ctx.log(f"{brief.format}: {len(brief.sections)} section(s) → {len(timeline.scenes)} scene(s), "
            f"{timeline.width}x{timeline.height} @ {timeline.fps:g} fps, {timeline.duration:g} s"
            + (f", {timeline.captions.style} captions" if timeline.captions is not None else ""))
    for ref in brief_refs(brief, rename=rename):  # fetched here first so a failure names the brief's field;
        if ref.accepts is not None and ref.value not in made:  # the render's fetch then reuses the job's copy
            try:
                ctx.inputs.fetch(ref.value, field=ref.field, accepts=ref.accepts)
            except ServiceError as exc:
                if isinstance(exc, ValidationError) and not exc.message.startswith(ref.field):
                    raise type(exc)(f"{ref.field}: {exc.message}", details=exc.details) from None
                raise
    done = render_timeline_job(ctx, timeline, format=options.output_format, quality=options.quality,
                               request=options, poster_time=options.poster_time, name=_file_stem(brief),
                               progress_range=progress_range, made=made)
    return RenderBriefResult(job_id=ctx.job_id, video_path=done.video_path, video_url=done.video_url,
                             duration_seconds=done.duration_seconds, file_size_bytes=done.file_size_bytes,
                             render_time_seconds=done.render_time_seconds, format=brief.format, width=done.width,
                             height=done.height, fps=done.fps, output=done.output, poster=done.poster,
                             warnings=done.warnings, **spoken_extra)


def _file_stem(brief: ContentBrief) -> str:
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in brief.id.lower()).strip("-")
    return stem[:60] or "video"


def _is_brief(data: Any) -> bool:
    """A brief (`format` + `sections`, maybe under `brief`) or a generator input (`title` + `topics`)."""
    if not isinstance(data, dict):
        return False
    inner = data.get("brief", data)
    return isinstance(inner, dict) and ("sections" in inner or ("topics" in data and "title" in data))


def _compile_brief_input(data: dict[str, Any]) -> Timeline:
    """The Timeline of the brief; ValidationError naming the brief's fields."""
    try:
        if "sections" in data.get("brief", data):
            brief = ContentBrief.model_validate(data.get("brief", data))
        else:
            fields = set(GeneratorInput.model_fields)
            brief = brief_from_input(GeneratorInput.model_validate({k: v for k, v in data.items() if k in fields}))
    except pydantic.ValidationError as exc:
        errors = cast(list[dict[str, Any]], exc.errors())
        error = validation_error_from(errors)
        raise (error.with_field_prefix("brief", renames={"body": "brief"}) if "brief" in data else error) from None
    if brief.audio is not None and brief.audio.voice is not None:
        raise ValidationError("brief.audio.voice: the command line does not speak briefs yet; render a spoken brief "
                              "with POST /api/v1/render/brief", field="brief.audio.voice")
    return compile_brief(brief)


#: A ContentBrief or a GeneratorInput, for `media-service render FILE`.
BRIEF_INPUT = RenderInput("brief", _is_brief, _compile_brief_input)
