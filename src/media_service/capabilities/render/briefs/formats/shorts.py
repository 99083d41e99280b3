"""shorts_v1 — vertical 1080×1920 for Shorts, Reels and TikTok: bold kinetic type inside the safe area.

Look: heavy uppercase display type set word by word with one highlighted word on an accent pill
(commands and code keep their case, as one monospaced chip), captions in rounded pills, pictures as
full-bleed backdrops (under a scrim) or rounded cards; copy centred on the frame's centre line; slow
orbits fill the lower third and a section rail runs down the left edge; nothing readable in the top 12 %
or bottom 20 % of the frame or in the right-hand action column (the platforms' own buttons live there). Pacing: words pop in every 0.085 s on springs, captions follow as soon as the
headline has landed, sections swipe up into each other in 0.35 s.
"""

from __future__ import annotations

from media_service.engines.video.model import Timeline

from ..schemas import ContentBrief
from ..themes import mix, with_alpha
from .assemble import FormatSpec, compile_with
from .code import code_checks
from .common import SPRING, Frame, Layer, SectionCtx, animate, keyframes, text
from .kinetic import kinetic
from .parts import count_up, glows, image_card, rings, section_rail

__all__ = ["SAFE", "SPEC", "compile", "safe_box"]

SAFE = {"top": 0.12, "bottom": 0.20, "left": 0.067, "right": 0.16}
"""Fractions of the frame kept free of text: platform headers, captions/description, action column."""


def safe_box(frame: Frame) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the area where text may go."""
    w, h = frame.width, frame.height
    return w * SAFE["left"], h * SAFE["top"], w * (1 - SAFE["right"]), h * (1 - SAFE["bottom"])


def _box(frame: Frame) -> tuple[float, float, float, float]:
    """The safe area made symmetric about the frame's centre line, where centred copy is set: centred in the
    lopsided safe area it would sit visibly left of the frame's centre. Its bottom leaves the lower third's
    motif room."""
    w, h = frame.width, frame.height
    side = max(SAFE["left"], SAFE["right"])
    return w * side, h * SAFE["top"], w * (1 - side), h * _COPY_BOTTOM


_COPY_BOTTOM = 0.66   # copy ends here; the lower third (to the platform band) carries the orbit motif


def _full_bleed(ctx: SectionCtx, src: str) -> list[Layer]:
    f, bg = ctx.frame, ctx.p.bg
    photo = {"id": "photo", "type": "image", "src": src, "fit": "cover", "x": f.width / 2, "y": f.height / 2,
             "anchor": "center", "width": f.width, "height": f.height,
             "scale": keyframes((0.0, 1.08), (ctx.duration + 0.4, 1.0, "linear"))}
    scrim = {"id": "photo-scrim", "type": "shape", "shape": "rect", "width": f.width, "height": f.height,
             "fill": {"type": "linear", "from": [0, 0], "to": [0, 1], "stops": [
                 [0, with_alpha(bg, 0.35)], [0.45, with_alpha(bg, 0.55)], [1, with_alpha(bg, 0.92)]]}}
    return [photo, scrim]


def _caption_h(ctx: SectionCtx, size: float) -> float:
    return ctx.px(size * 2.3)


def _captions(ctx: SectionCtx, lines: list[str], *, top: float, at: float, size: float = 46) -> list[Layer]:
    """Caption pills, one per line, popping in one after another below `top` (as many as fit the safe area)."""
    x0, _, x1, y1 = _box(ctx.frame)
    out, y = [], top
    gap = _caption_h(ctx, size)
    for i, line in enumerate(lines):
        if y + gap > y1:
            break
        # The pill pads outside the text box: the box is narrower so the pill stays in the safe area.
        pill = text(ctx, f"cap-{i}", line, "lead", x=(x0 + x1) / 2, y=y + gap / 2, w=x1 - x0 - ctx.px(64),
                    h=gap * 0.95,
                    anchor="center", align="center", valign="middle", max_lines=2, size=size, color=ctx.p.text,
                    face="medium", background={"color": with_alpha(mix(ctx.p.bg, ctx.p.text, 0.1), 0.88),
                                               "padding": [ctx.px(16), ctx.px(30)], "radius": ctx.px(24)})
        t0 = at + i * 0.35
        animate(pill, at=t0, dur=0.35, exit_at=ctx.exit_at)
        pill["scale"] = keyframes((t0, 0.85), (t0 + 0.45, 1.0, SPRING))
        out.append(pill)
        y += gap
    return out


def _column(ctx: SectionCtx, heights: list[float], *, gap: float = 36.0) -> list[float]:
    """Tops of blocks of these heights stacked with `gap` and centred (optically high) in the safe area."""
    _, top, _, bottom = _box(ctx.frame)
    total = sum(heights) + ctx.px(gap) * (len(heights) - 1)
    y = top + max(0.0, bottom - top - total) * 0.42
    tops = []
    for h in heights:
        tops.append(y)
        y += h + ctx.px(gap)
    return tops


def _headline(ctx: SectionCtx, copy: str, *, y: float | None, size: float, max_h: float,
              at: float = 0.15) -> tuple[list[Layer], float, float]:
    """(layers, height, landed-at) of a kinetic headline set from `y` down (None: measure only)."""
    x0, _, x1, _ = _box(ctx.frame)
    k = kinetic(ctx, "hl", copy, x=x0, y=y or 0.0, w=x1 - x0, h=max_h, size=size, at=at, valign="top")
    return k.layers, k.height, k.done


def _headed(ctx: SectionCtx, heading: str, size: float, lines: list[str], *, lead: list[Layer] | None = None,
            lead_h: float = 0.0, at: float = 0.15) -> list[Layer]:
    """An optional block (`lead`, laid out from y=0), a kinetic headline and caption pills, centred."""
    f = ctx.frame
    max_h = f.height * 0.36
    _, head_h, _ = _headline(ctx, heading, y=None, size=size, max_h=max_h)
    _, top, _, bottom = _box(f)
    room = int((bottom - top - lead_h - head_h - ctx.px(72)) // _caption_h(ctx, 46))
    lines = lines[:max(0, room)]
    heights = ([lead_h] if lead else []) + [head_h] + ([_caption_h(ctx, 46) * len(lines)] if lines else [])
    tops = _column(ctx, heights)
    out: list[Layer] = []
    if lead:
        for layer in lead:
            _shift(layer, tops[0])
        out += lead
        tops = tops[1:]
    words, _, done = _headline(ctx, heading, y=tops[0], size=size, max_h=max_h, at=at)
    out += words
    if lines:
        out += _captions(ctx, lines, top=tops[1], at=done - 0.1)
    return out


def _shift(layer: Layer, dy: float) -> None:
    value = layer["y"]
    if isinstance(value, dict):
        for frame in value["keyframes"]:
            frame["value"] = round(frame["value"] + dy, 2)
    else:
        layer["y"] = round(value + dy, 2)


def _intro(ctx: SectionCtx) -> list[Layer]:
    c = ctx.content
    back = _full_bleed(ctx, c.image) if c.image else []
    return [*back, *_headed(ctx, c.title, 132, [c.subtitle] if c.subtitle else [])]


def _topic(ctx: SectionCtx) -> list[Layer]:
    c, f = ctx.content, ctx.frame
    x0, _, x1, _ = _box(f)
    lines = ([c.body] if c.body else []) + list(c.bullets)
    if not c.image:
        return _headed(ctx, c.heading, 118, lines)
    pw = x1 - x0
    card = image_card(ctx, "picture", c.image, x=x0, y=0.0, w=pw, h=pw * 0.62, at=0.1)
    return _headed(ctx, c.heading, 100, lines, lead=[card], lead_h=pw * 0.62, at=0.45)


def _list_item(ctx: SectionCtx) -> list[Layer]:
    c, f = ctx.content, ctx.frame
    x0, _, x1, _ = _box(f)
    number = c.number if c.number is not None else ctx.of_type - ctx.ordinal + 1
    size = ctx.px(330)
    big = count_up(ctx, "number", number, x=(x0 + x1) / 2, y=size * 0.5, w=x1 - x0, h=size, at=0.1, size=330,
                   prefix="#")
    back = _full_bleed(ctx, c.image) if c.image else []
    lines = [c.description] if c.description else []
    return [*back, *_headed(ctx, c.title, 104, lines, lead=big, lead_h=size * 0.9, at=0.55)]


def _comparison(ctx: SectionCtx) -> list[Layer]:
    """Stacked halves: the left option on top, the right one below, a VS medallion on the seam."""
    c, f, p = ctx.content, ctx.frame, ctx.p
    x0, top, x1, bottom = _box(f)
    mid = (top + bottom) / 2
    out: list[Layer] = []
    for side, data, y0, y1, colour, sign in (("l", c.left, 0.0, mid, p.primary, -1), ("r", c.right, mid, f.height,
                                                                                        p.accent, 1)):
        panel = {"id": f"{side}-panel", "type": "shape", "shape": "rect", "y": y0, "width": f.width, "height": y1 - y0,
                 "fill": mix(p.bg, colour, 0.3), "x": keyframes((0.0, sign * f.width), (0.6, 0.0, "easeOutExpo"))}
        out.append(panel)
        band_top = max(y0, top) + ctx.px(40 if side == "l" else 110)  # clear of the VS medallion
        band_bottom = min(y1, bottom) - ctx.px(60)
        k = kinetic(ctx, f"{side}-t", data.title, x=x0, y=band_top, w=x1 - x0, h=ctx.px(150), size=96,
                    at=0.3 if side == "l" else 0.55)
        out += k.layers
        points = data.points[: max(0, int((band_bottom - band_top - ctx.px(170)) // ctx.px(70)))]
        for i, point in enumerate(points):
            row = text(ctx, f"{side}-p{i}", f"✓  {point}", "lead", x=(x0 + x1) / 2,
                       y=band_top + ctx.px(200) + i * ctx.px(70), w=x1 - x0, h=ctx.px(66), anchor="center",
                       align="center", valign="middle", max_lines=1, size=42)
            out.append(animate(row, at=0.9 + (2 * i + (side == "r")) * 0.12, dy=ctx.px(24), exit_at=ctx.exit_at))
    vs = text(ctx, "vs", "VS", "heading", x=(x0 + x1) / 2, y=mid, w=ctx.px(170), h=ctx.px(170), anchor="center",
              align="center", valign="middle", fit=False, color=p.on_accent, max_lines=1, size=64,
              background={"color": p.accent, "padding": [ctx.px(40), ctx.px(36)], "radius": ctx.px(85)})
    animate(vs, at=0.6, dur=0.25, exit_at=ctx.exit_at)
    vs["scale"] = keyframes((0.6, 0.2), (1.1, 1.0, SPRING))
    out.append(vs)
    if c.verdict:
        at = max(1.8, ctx.duration * 0.5)
        out += _captions(ctx, [c.verdict], top=bottom - _caption_h(ctx, 42), at=at, size=42)
    return out


def _outro(ctx: SectionCtx) -> list[Layer]:
    c, f, p = ctx.content, ctx.frame, ctx.p
    x0, top, x1, _ = _box(f)
    out: list[Layer] = []
    if c.title:
        _, height, _ = _headline(ctx, c.title, y=None, size=112, max_h=f.height * 0.3)
        words, _, _ = _headline(ctx, c.title, y=f.height * 0.4 - height, size=112, max_h=f.height * 0.3)
        out += words
    button = text(ctx, "cta", c.cta, "heading", x=(x0 + x1) / 2, y=f.height * 0.48, w=x1 - x0, h=ctx.px(170),
                  anchor="center", align="center", valign="middle", max_lines=1, size=60, color=p.on_primary,
                  background={"color": p.primary, "padding": [ctx.px(30), ctx.px(50)], "radius": ctx.px(60)})
    animate(button, at=0.8, dur=0.3, exit_at=ctx.exit_at)
    button["scale"] = keyframes((0.8, 0.5), (1.3, 1.0, SPRING), (2.3, 1.0), (2.5, 1.07, "easeOutQuad"),
                                (2.8, 1.0, "easeInOutQuad"))
    out.append(button)
    if c.handle:
        handle = text(ctx, "handle", c.handle, "subheading", x=(x0 + x1) / 2, y=f.height * 0.57, w=x1 - x0,
                      h=ctx.px(80), anchor="center", align="center", valign="middle", max_lines=1,
                      color=p.accent_text, size=50, upper=False)  # a handle is a name: its case is its spelling
        out.append(animate(handle, at=1.1, dy=ctx.px(30), exit_at=ctx.exit_at))
    return out


def _behind(ctx: SectionCtx) -> list[Layer]:
    return glows(ctx, strength=0.16 if ctx.theme.name in ("light", "minimal") else 0.36)


def _above(ctx: SectionCtx) -> list[Layer]:
    """The frame's furniture on every section: slow orbits in the lower third (above the platform's caption
    band), and a section rail on the left edge (clear of the right-hand action column)."""
    if ctx.section is None or ctx.section.type == "transition":
        return []
    f = ctx.frame
    radius = f.width * 0.2
    cy = (f.height * _COPY_BOTTOM + f.height * (1 - SAFE["bottom"])) / 2 + ctx.px(20)
    return [*rings(ctx, cx=f.width / 2, cy=cy, radius=radius, at=0.3),
            *section_rail(ctx, x=f.width * SAFE["left"] * 0.42, top=f.height * SAFE["top"],
                          bottom=f.height * (1 - SAFE["bottom"]))]


SPEC = FormatSpec(
    id="shorts_v1", name="Shorts (vertical)",
    description="Vertical 9:16 for Shorts, Reels and TikTok: a hook, punchy topics or list items, a face-off, "
                "a follow call.",
    look="Heavy uppercase words popping in one by one with an accent-highlighted keyword, caption pills, "
         "full-bleed pictures; text kept out of the platforms' UI areas; sections swipe up in 0.35 s.",
    width=1080, height=1920, fps=30, transition=("slide-up", 0.35),
    draw={"intro": _intro, "topic": _topic, "list_item": _list_item, "comparison": _comparison, "outro": _outro},
    behind=_behind, above=_above, checks=code_checks("shorts_v1", where=()),
    # Captions centre on the frame: the safe area made symmetric (the action column's width on both sides).
    caption_area=(max(SAFE["left"], SAFE["right"]), SAFE["top"], max(SAFE["left"], SAFE["right"]), SAFE["bottom"]))


def compile(brief: ContentBrief) -> Timeline:
    """The brief as a shorts_v1 timeline."""
    return compile_with(SPEC, brief)
