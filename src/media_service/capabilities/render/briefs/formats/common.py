"""What every format lays out with: the frame and its scale, the type roles, and motion.

Layers are built as template-DSL dicts (camelCase, px) and validated once, as a whole Timeline, at the
end of a compile. Every size is given for a 1080 px short side and scaled by `Frame.k`, so one layout
serves 1920×1080, 1280×720 and 3840×2160 alike.

Motion follows one rhythm in every format: a section's elements enter in its first ~0.6 s, staggered by
~0.12 s, with ease-out curves (springs for things that "land": numbers, badges, buttons); they leave in
the last 0.3 s before a fade or crossfade (`SectionCtx.exit_at`), and hold when the next section pushes
or wipes them away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import skia

from media_service.engines.scene import default_font_library
from media_service.engines.scene.text import TextSpec, detect_rtl, layout_text

from ..themes import Theme

if TYPE_CHECKING:
    from ..schemas import ContentBrief

__all__ = ["ENTER", "Frame", "Layer", "Measured", "ROLES", "Role", "SPRING", "SectionCtx", "Stack",
           "animate", "keyframes", "measure", "text"]

Layer = dict[str, Any]
ENTER = 0.55                       # seconds an entrance takes
SPRING: dict[str, Any] = {"type": "spring", "damping": 14, "stiffness": 170, "mass": 1}


@dataclass(frozen=True)
class Frame:
    """The canvas: `k` scales the 1080-px design sizes to this frame."""

    width: int
    height: int

    @property
    def k(self) -> float:
        return min(self.width, self.height) / 1080

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    def px(self, value: float) -> float:
        """A design size (for a 1080 px short side) on this frame."""
        return round(value * self.k, 2)


@dataclass(frozen=True)
class Role:
    """A step of the type scale: size at 1080 px, which face, line height, tracking (em), case."""

    size: float
    face: Literal["display", "heading", "body", "medium", "bold", "mono", "mono-bold"]
    line_height: float
    tracking: float | None = None   # None: the theme's display tracking for display faces, else 0
    upper: bool = False


ROLES: dict[str, Role] = {
    "display": Role(116, "display", 1.02),
    "title": Role(84, "display", 1.05),
    "heading": Role(64, "heading", 1.08),
    "subheading": Role(46, "heading", 1.15),
    "lead": Role(40, "body", 1.38),
    "body": Role(34, "body", 1.42),
    "caption": Role(27, "medium", 1.3),
    "kicker": Role(24, "bold", 1.2, tracking=0.16, upper=True),
    "number": Role(300, "display", 0.92),
    "mono": Role(28, "mono", 1.5, tracking=0.0),
}


@dataclass(frozen=True)
class SectionCtx:
    """One section as a format draws it: frame, theme, timing and where it sits in the brief."""

    frame: Frame
    theme: Theme
    brief: ContentBrief
    section: Any
    start: float          # on the timeline, seconds
    duration: float
    exit_at: float | None  # scene time at which content leaves; None: it holds to the end
    ordinal: int           # 1-based among sections of the same type
    of_type: int           # how many sections of that type
    position: int          # 1-based among the brief's content sections (transitions excluded)
    positions: int

    @property
    def content(self) -> Any:
        return self.section.content

    @property
    def p(self) -> Any:
        return self.theme.palette

    def px(self, value: float) -> float:
        return self.frame.px(value)

    def face(self, face: str) -> tuple[str, int]:
        """(family, weight) for a role's face in this theme."""
        ty = self.theme.type
        return {"display": (ty.display, ty.display_weight), "heading": (ty.display, ty.heading_weight),
                "body": (ty.body, ty.body_weight), "medium": (ty.body, 500), "bold": (ty.body, 700),
                "mono": (ty.mono, 400), "mono-bold": (ty.mono, 700)}[face]


def keyframes(*points: tuple[Any, ...]) -> dict[str, Any]:
    """`{keyframes: [...]}` from (t, value) or (t, value, easing) tuples."""
    return {"keyframes": [{"t": round(max(0.0, p[0]), 4), "value": p[1], **({"easing": p[2]} if len(p) > 2 else {})}
                          for p in points]}


def text(ctx: SectionCtx, id: str, value: str, role: str, *, x: float, y: float, w: float, h: float,
         color: str | None = None, align: str = "left", valign: str = "top", max_lines: int | None = None,
         fit: bool = True, anchor: str = "top-left", size: float | None = None, face: str | None = None,
         upper: bool | None = None, **extra: Any) -> Layer:
    """A text layer in a type role; `fit` shrinks it (down to 55 %) rather than overflow its box."""
    spec = ROLES[role]
    family, weight = ctx.face(face or spec.face)
    px = ctx.px(size if size is not None else spec.size)
    display = (face or spec.face) in ("display", "heading")
    tracking = spec.tracking if spec.tracking is not None else (ctx.theme.type.display_tracking if display else 0.0)
    uppercase = spec.upper if upper is None else upper
    if display and ctx.theme.type.display_transform == "uppercase" and upper is None:
        uppercase = True
    layer: Layer = {
        "id": id, "type": "text", "text": value, "x": x, "y": y, "width": w, "height": h, "anchor": anchor,
        "font": {"family": family, "weight": weight, "size": px}, "color": color or ctx.p.text, "align": align,
        "valign": valign, "lineHeight": spec.line_height, "letterSpacing": round(tracking * px, 2),
        "transform": "uppercase" if uppercase else "none", **extra,
    }
    if max_lines:
        layer["maxLines"] = max_lines
    if fit:
        layer["autoFit"] = {"min": round(px * 0.55, 1), "max": px}
    return layer


def animate(layer: Layer, *, at: float, dur: float = ENTER, dx: float = 0.0, dy: float = 0.0,
            scale: float | None = None, ease: Any = "easeOutCubic", exit_at: float | None = None,
            exit_dur: float = 0.3, exit_dy: float = 0.0, opacity: float = 1.0) -> Layer:
    """Give `layer` an entrance at scene time `at` (fade in, moved by dx/dy, scaled from `scale`) and,
    with `exit_at`, an exit (fade out, drifting by exit_dy). Returns the same dict."""
    fade = [(0.0, 0.0), (at, 0.0), (at + dur * 0.7, opacity, "easeOutQuad")]
    if exit_at is not None:
        fade += [(max(exit_at, at + dur), opacity), (max(exit_at, at + dur) + exit_dur, 0.0, "easeInQuad")]
    layer["opacity"] = keyframes(*fade)
    for axis, shift, out in (("x", dx, 0.0), ("y", dy, exit_dy)):
        if not shift and not (out and exit_at is not None):
            continue
        base = layer[axis]
        track: list[tuple[Any, ...]] = [(at, base + shift), (at + dur, base, ease)]
        if exit_at is not None and out:
            track += [(max(exit_at, at + dur), base), (max(exit_at, at + dur) + exit_dur, base + out, "easeInCubic")]
        layer[axis] = keyframes(*track)
    if scale is not None:
        layer["scale"] = keyframes((at, scale), (at + dur, 1.0, ease))
    return layer


@dataclass(frozen=True)
class Measured:
    size: float
    lines: int
    height: float
    width: float


_INK = skia.Paint(Color=skia.ColorBLACK)


def measure(layer: Layer) -> Measured:
    """How the scene engine will lay out a text layer built by `text` (same layout code, same fonts):
    the font size auto-fit picks, the line count and the block's height and width."""
    font = layer["font"]
    words = layer["text"].upper() if layer.get("transform") == "uppercase" else layer["text"]
    library = default_font_library()
    spec = TextSpec(text=words, choice=library.choose(font["family"]), unicode=library.unicode,
                    weight=font["weight"], line_height=layer["lineHeight"], letter_spacing=layer["letterSpacing"],
                    align=layer["align"], rtl=detect_rtl(words))
    fit = layer.get("autoFit")
    block = layout_text(spec, width=float(layer["width"]), height=float(layer["height"]), size=float(font["size"]),
                        valign="top", fill=_INK, auto_fit=(fit["min"], fit["max"]) if fit else None,
                        max_lines=layer.get("maxLines"))
    return Measured(block.size, block.lines, block.height, block.width)


@dataclass
class Stack:
    """A column of blocks laid out top to bottom with measured text, then placed as a whole (e.g. centred
    vertically) so that short and long copy both sit balanced in the frame."""

    ctx: SectionCtx
    x: float
    width: float
    layers: list[Layer] = field(default_factory=list)
    height: float = 0.0

    def add(self, layer: Layer, height: float, *, gap: float = 0.0, dy: float = 0.0) -> Layer:
        """Put `layer` (its y relative to the block it starts) at the current bottom."""
        layer["y"] = self.height + dy + float(layer.get("y", 0.0))
        self.layers.append(layer)
        self.height += height + self.ctx.px(gap)
        return layer

    def text(self, id: str, value: str, role: str, *, gap: float = 0.0, max_h: float | None = None,
             indent: float = 0.0, **kw: Any) -> tuple[Layer, Measured]:
        """A text block in `role`, as tall as its copy (at most `max_h`)."""
        box_h = max_h if max_h is not None else self.ctx.frame.height * 0.5
        layer = text(self.ctx, id, value, role, x=self.x + indent, y=0.0, w=self.width - indent, h=box_h, **kw)
        m = measure(layer)
        layer["height"] = round(m.height + 2, 2)
        layer["valign"] = "top"
        self.add(layer, m.height, gap=gap)
        return layer, m

    def space(self, px: float) -> None:
        self.height += self.ctx.px(px)

    def place(self, top: float) -> list[Layer]:
        """Move every layer so the stack starts at `top`; returns the layers."""
        for layer in self.layers:
            layer["y"] = round(layer["y"] + top, 2)
        return self.layers

    def centre(self, top: float, bottom: float, *, bias: float = 0.45) -> list[Layer]:
        """Place the stack centred (optically a little high: `bias` < 0.5) between top and bottom."""
        free = max(0.0, bottom - top - self.height)
        return self.place(top + free * bias)
