"""From a brief to a Timeline, the part every format shares: timing checks, one scene per section, scenes
for the gaps, transitions between adjacent sections, exits, the soundtrack.

A format is a `FormatSpec`: its defaults, the section types it draws, its transition, and one drawing
function per section type (plus optional layers behind and above every scene: ambient motion, chrome).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pydantic

from media_service.engines.scene import DEFAULT_MAX_SIDE, to_field_errors
from media_service.engines.video.model import Timeline
from media_service.errors import FieldError, ValidationError

from ..schemas import ContentBrief
from ..themes import resolve_theme
from .common import Frame, Layer, SectionCtx
from .parts import backdrop_fill, backdrop_layers, stinger

__all__ = ["Draw", "FormatSpec", "check_timing", "compile_with", "frame_of", "outline_with", "problems"]

Draw = Callable[[SectionCtx], list[Layer]]
_EPS = 1e-3        # seconds: JSON arithmetic noise, far below a frame
_EXIT_LEAD = 0.35  # content leaves (0.3 s) just before a fade, crossfade, zoom, stinger or gap
_HOLDING = frozenset({"slide-left", "slide-right", "slide-up", "slide-down", "wipe"})  # these push content away


@dataclass(frozen=True)
class FormatSpec:
    """A format: identity, defaults, and how it draws each section type."""

    id: str
    name: str
    description: str
    look: str
    width: int
    height: int
    fps: int
    transition: tuple[str, float]
    draw: Mapping[str, Draw]
    behind: Draw | None = None
    above: Draw | None = None
    checks: Callable[[ContentBrief], list[FieldError]] = field(default=lambda brief: [])
    caption_area: tuple[float, float, float, float] = (0.08, 0.08, 0.08, 0.08)
    """Where captions may go: the fractions of the frame kept clear at the left, top, right and bottom."""

    @property
    def section_types(self) -> list[str]:
        return [*self.draw, "transition"]


def check_timing(brief: ContentBrief) -> list[FieldError]:
    """Sections that end after the video or overlap another, each named with its field and id."""
    errors: list[FieldError] = []
    total = brief.settings.duration_sec
    for i, s in enumerate(brief.sections):
        if s.end_time_sec > total + _EPS:
            errors.append({"field": f"brief.sections[{i}].duration_sec", "message": (
                f"section {s.id!r} ends at {s.end_time_sec:g}s, after the video's duration_sec ({total:g}s)")})
    order = sorted(range(len(brief.sections)), key=lambda i: brief.sections[i].start_time_sec)
    latest: int | None = None  # the section reaching furthest so far
    for i in order:
        s = brief.sections[i]
        if latest is not None:
            prev = brief.sections[latest]
            if s.start_time_sec < prev.end_time_sec - _EPS:
                errors.append({"field": f"brief.sections[{i}].start_time_sec", "message": (
                    f"section {s.id!r} ({s.start_time_sec:g}–{s.end_time_sec:g}s) overlaps section {prev.id!r} "
                    f"({prev.start_time_sec:g}–{prev.end_time_sec:g}s)")})
        if latest is None or s.end_time_sec > brief.sections[latest].end_time_sec:
            latest = i
    return errors


def _check_types(brief: ContentBrief, spec: FormatSpec) -> list[FieldError]:
    allowed = spec.section_types
    return [{"field": f"brief.sections[{i}].type",
             "message": f"{spec.id} does not draw {s.type!r} sections; it draws {', '.join(allowed)}"}
            for i, s in enumerate(brief.sections) if s.type not in allowed]


def _transition(kind: str, duration: float, room: float) -> dict[str, Any] | None:
    if kind == "none":
        return None
    return {"type": kind, "duration": round(min(duration, room / 3), 3), "easing": "easeInOutCubic"}


def problems(spec: FormatSpec, brief: ContentBrief) -> list[FieldError]:
    """What keeps `spec` from drawing `brief`: timing, section types, the format's own checks (no layout)."""
    return check_timing(brief) + _check_types(brief, spec) + spec.checks(brief)


def frame_of(spec: FormatSpec, brief: ContentBrief) -> Frame:
    """The frame size: the brief's resolution, else the format's."""
    res = brief.settings.resolution
    return Frame(res.width, res.height) if res else Frame(spec.width, spec.height)


def outline_with(spec: FormatSpec, brief: ContentBrief) -> Timeline:
    """The timeline without its scenes: size, rate, duration and soundtrack. What submission checks and
    estimates need, without the cost of laying out any text."""
    frame = frame_of(spec, brief)
    return Timeline.model_validate({"width": frame.width, "height": frame.height, "fps": brief.settings.fps,
                                    "duration": brief.settings.duration_sec, "audio": _audio(brief)},
                                   context={"max_side": 1 << 30})  # sizes are judged by the caller's limit


def compile_with(spec: FormatSpec, brief: ContentBrief, *, max_side: int = DEFAULT_MAX_SIDE) -> Timeline:
    """The timeline of `brief` drawn by `spec`; ValidationError listing every problem found."""
    errors = problems(spec, brief)
    if errors:
        raise ValidationError("The brief cannot be drawn as given", errors=errors)
    frame = frame_of(spec, brief)
    theme = resolve_theme(brief.style)
    sections = sorted(brief.sections, key=lambda s: s.start_time_sec)
    content = [s for s in sections if s.type != "transition"]
    per_type: dict[str, int] = {}
    for item in content:
        per_type[item.type] = per_type.get(item.type, 0) + 1
    seen: dict[str, int] = {}

    def ctx_for(section: Any, start: float, duration: float, exit_at: float | None) -> SectionCtx:
        kind = section.type if section is not None else ""
        if section is not None and kind != "transition":
            seen[kind] = seen.get(kind, 0) + 1
        position = content.index(section) + 1 if section in content else 0
        return SectionCtx(frame=frame, theme=theme, brief=brief, section=section, start=start, duration=duration,
                          exit_at=exit_at, ordinal=seen.get(kind, 0), of_type=per_type.get(kind, 0),
                          position=position, positions=len(content))

    scenes: list[dict[str, Any]] = []
    cursor = 0.0
    for n, s in enumerate(sections):
        if s.start_time_sec - cursor > _EPS:
            scenes.append(_scene(spec, ctx_for(None, cursor, s.start_time_sec - cursor, None), f"gap-{len(scenes)}"))
        prev: Any = sections[n - 1] if n else None
        nxt = sections[n + 1] if n + 1 < len(sections) else None
        adjacent_prev = prev is not None and abs(prev.end_time_sec - s.start_time_sec) <= _EPS
        entering = _entering(spec, prev, s) if adjacent_prev else None
        exit_at = _exit_at(spec, s, nxt, total=brief.settings.duration_sec)
        scene = _scene(spec, ctx_for(s, s.start_time_sec, s.duration_sec, exit_at), s.id)
        if entering is not None:
            scene["transitionIn"] = entering
        scenes.append(scene)
        cursor = max(cursor, s.end_time_sec)
    if brief.settings.duration_sec - cursor > _EPS:
        scenes.append(_scene(spec, ctx_for(None, cursor, brief.settings.duration_sec - cursor, None), "gap-end"))
    data = {"width": frame.width, "height": frame.height, "fps": brief.settings.fps,
            "duration": brief.settings.duration_sec, "background": backdrop_fill(ctx_for(None, 0.0, 1.0, None)),
            "scenes": scenes, "audio": _audio(brief)}
    try:
        return Timeline.model_validate(data, context={"max_side": max_side})
    except pydantic.ValidationError as exc:  # a size over the limit, or a bug in a format: name the field
        raise ValidationError("The compiled timeline is invalid", errors=to_field_errors(exc)) from None


def _entering(spec: FormatSpec, prev: Any, section: Any) -> dict[str, Any] | None:
    """How `section` enters after an adjacent `prev`: after a stinger, in the stinger's style."""
    if section.type == "transition":
        return None
    if prev.type == "transition":
        return _transition(prev.content.style, 0.6, section.duration_sec)
    return _transition(spec.transition[0], spec.transition[1], section.duration_sec)


def _exit_at(spec: FormatSpec, section: Any, nxt: Any, *, total: float) -> float | None:
    """When the section's content leaves: before a fade-like entrance, a stinger or a gap; never at the end."""
    if section.type == "transition":
        return None
    if nxt is None:
        return None if section.end_time_sec >= total - _EPS else max(0.0, section.duration_sec - _EXIT_LEAD)
    adjacent = abs(section.end_time_sec - nxt.start_time_sec) <= _EPS
    if adjacent and nxt.type != "transition" and spec.transition[0] in _HOLDING:
        return None
    return max(0.0, float(section.duration_sec) - _EXIT_LEAD)


def _scene(spec: FormatSpec, ctx: SectionCtx, scene_id: str) -> dict[str, Any]:
    layers = backdrop_layers(ctx)
    if spec.behind is not None:
        layers += spec.behind(ctx)
    if ctx.section is not None:
        kind = ctx.section.type
        layers += stinger(ctx, ctx.content.style) if kind == "transition" else spec.draw[kind](ctx)
    if spec.above is not None:
        layers += spec.above(ctx)
    return {"id": scene_id, "start": round(ctx.start, 6), "duration": round(ctx.duration, 6),
            "background": backdrop_fill(ctx), "layers": layers}


def _audio(brief: ContentBrief) -> dict[str, Any] | None:
    audio = brief.audio
    if audio is None or not (audio.voiceover or audio.music):
        return None
    return {"voiceover": audio.voiceover, "music": audio.music, "volume_voice": audio.volume_voice,
            "volume_music": audio.volume_music}
