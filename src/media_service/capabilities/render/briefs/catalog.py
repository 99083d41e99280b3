"""GET /render/formats: each format with its defaults, section types, an example brief that renders as-is,
and a preview picture rendered by the service itself (once, into a cache directory) from that example."""

from __future__ import annotations

import hashlib
from pathlib import Path

import skia

from media_service.engines.scene import encode_png
from media_service.engines.video import Timeline, TimelineDrawer
from media_service.errors import NotFoundError
from media_service.settings import Settings

from .formats import FORMATS, compile_brief, example_brief, example_text
from .schemas import FormatInfo, Resolution

__all__ = ["PREVIEW_AT", "draw_frame", "format_preview", "list_formats", "preview_dir"]

PREVIEW_AT: dict[str, tuple[str, float]] = {
    "explainer_v1": ("patterns", 4.0), "listicle_v1": ("item-5", 2.5), "comparison_v1": ("speed", 4.5),
    "shorts_v1": ("hook", 2.6), "devvlog_v1": ("code", 6.2),
}
"""Where each example looks most like its format: (section id, seconds into it)."""
_PREVIEW_SIDE = 960


def draw_frame(timeline: Timeline, t: float, *, size: tuple[int, int] | None = None) -> skia.Image:
    """The frame at t seconds (laid out at `size`, default the timeline's), as the renderer draws it."""
    with TimelineDrawer(timeline, size=size) as drawer:
        surface = skia.Surface.MakeRasterN32Premul(drawer.width, drawer.height)
        drawer.draw(surface.getCanvas(), t)
        return surface.makeImageSnapshot()


def preview_dir(settings: Settings) -> Path:
    return Path(settings.data_dir).resolve() / "cache" / "format-previews"


def _known(format_id: str) -> None:
    if format_id not in FORMATS:
        raise NotFoundError(f"No format {format_id!r}; known: {', '.join(FORMATS)}", details={"format": format_id})


def format_preview(settings: Settings, format_id: str) -> Path:
    """A PNG of the format's example (≤ 960 px), rendered on first request; the name carries a hash of the
    example and the format's code version, so an edited format gets a fresh picture."""
    _known(format_id)
    digest = hashlib.sha256(example_text(format_id).encode() + _CODE_STAMP).hexdigest()[:12]
    path = preview_dir(settings) / f"{format_id}-{digest}.png"
    if path.exists():
        return path
    brief = example_brief(format_id)
    timeline = compile_brief(brief)
    section_id, into = PREVIEW_AT[format_id]
    section = next(s for s in brief.sections if s.id == section_id)
    scale = _PREVIEW_SIDE / max(timeline.width, timeline.height)
    size = (round(timeline.width * scale / 2) * 2, round(timeline.height * scale / 2) * 2)
    data = encode_png(draw_frame(timeline, section.start_time_sec + into, size=size))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{digest}.tmp")
    partial.write_bytes(data)
    partial.replace(path)  # atomic: concurrent first requests never read half a file
    return path


_CODE_STAMP = b"".join(str(p.stat().st_mtime_ns).encode()
                       for p in sorted((Path(__file__).parent / "formats").glob("*.py")))
"""The formats' code versions (file times): a changed layout invalidates cached previews."""


def list_formats(api_prefix: str) -> list[FormatInfo]:
    """Every format: description, look, defaults, section types, example brief, preview URL."""
    return [FormatInfo(id=spec.id, name=spec.name, description=spec.description, look=spec.look,
                       default_resolution=Resolution(width=spec.width, height=spec.height), default_fps=spec.fps,
                       section_types=spec.section_types, example_brief=example_brief(spec.id),
                       preview_url=f"{api_prefix}/render/formats/{spec.id}/preview")
            for spec in FORMATS.values()]
