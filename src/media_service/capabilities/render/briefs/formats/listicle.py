"""listicle_v1 — the numbered countdown: a brand-colour panel with a giant number that counts up.

Look: the left third is a solid primary panel (or the item's picture under a primary wash) carrying the
item's number in heavy display type; the title and description sit in the open space to the right;
a row of dots bottom-right shows where the countdown is. Pacing: each item pushes the previous one out
to the left (0.5 s); its number counts up to its value in 0.6 s and lands with a spring while the title
and description rise in behind it.
"""

from __future__ import annotations

from media_service.engines.video.model import Timeline

from ..schemas import ContentBrief
from ..themes import with_alpha
from .assemble import FormatSpec, compile_with
from .code import code_checks
from .common import SPRING, Layer, SectionCtx, Stack, animate, keyframes, text
from .parts import count_up, cta_button, glows

__all__ = ["SPEC", "compile"]

_PANEL = 0.36  # of the frame width


def _panel(ctx: SectionCtx, image: str | None) -> list[Layer]:
    f, p = ctx.frame, ctx.p
    w = f.width * _PANEL
    out: list[Layer] = [{"id": "panel", "type": "shape", "shape": "rect", "width": w, "height": f.height,
                         "fill": p.primary}]
    if image:
        out.append({"id": "panel-photo", "type": "image", "src": image, "fit": "cover", "width": w, "height": f.height,
                    "scale": keyframes((0.0, 1.0), (ctx.duration + 0.6, 1.06, "linear")), "x": w / 2,
                    "y": f.height / 2, "anchor": "center"})
        out.append({"id": "panel-wash", "type": "shape", "shape": "rect", "width": w, "height": f.height,
                    "fill": {"type": "linear", "from": [0, 0], "to": [0, 1], "stops": [
                        [0, with_alpha(p.primary, 0.55)], [1, with_alpha(p.primary, 0.9)]]}})
    edge = {"id": "panel-edge", "type": "shape", "shape": "rect", "x": w - ctx.px(10), "width": ctx.px(10),
            "height": f.height, "fill": p.accent}
    return [*out, edge]


def _copy(ctx: SectionCtx, title: str, body: str | None, *, title_role: str = "title") -> list[Layer]:
    f = ctx.frame
    x = f.width * _PANEL + ctx.px(110)
    stack = Stack(ctx, x, f.width - x - ctx.px(120))
    stack.text("title", title, title_role, max_lines=3, max_h=f.height * 0.42, gap=30)
    if body:
        stack.text("description", body, "lead", color=ctx.p.muted, max_lines=5, max_h=f.height * 0.34)
    layers = stack.centre(f.height * 0.12, f.height * 0.86)
    for i, layer in enumerate(layers):
        animate(layer, at=0.35 + 0.16 * i, dy=ctx.px(44), exit_at=ctx.exit_at)
    return layers


def _number(ctx: SectionCtx, value: int, *, at: float = 0.15) -> list[Layer]:
    f = ctx.frame
    cx = f.width * _PANEL / 2
    hash_mark = text(ctx, "hash", "#", "subheading", x=cx, y=f.height * 0.25, w=ctx.px(200), h=ctx.px(80),
                     anchor="center", align="center", valign="middle", color=with_alpha(ctx.p.on_primary, 0.7),
                     fit=False, max_lines=1)
    animate(hash_mark, at=at, dy=ctx.px(-20), exit_at=ctx.exit_at)
    digits = len(str(value))
    size = 400 if digits == 1 else 330 if digits == 2 else 240
    return [hash_mark, *count_up(ctx, "number", value, x=cx, y=f.height * 0.53, w=f.width * _PANEL * 0.9,
                                 h=f.height * 0.5, at=at, dur=0.6, size=size, colour=ctx.p.on_primary)]


def _items(ctx: SectionCtx) -> list[tuple[str, int]]:
    """(section id, number) of every list item, in time order: numbers count down by default."""
    items = [s for s in sorted(ctx.brief.sections, key=lambda s: s.start_time_sec) if s.type == "list_item"]
    return [(s.id, s.content.number if s.content.number is not None else len(items) - i) for i, s in enumerate(items)]


def _dots(ctx: SectionCtx) -> list[Layer]:
    """Where the countdown is: filled dots for items shown, a long accent pill for this one."""
    items = _items(ctx)
    if len(items) < 2:
        return []
    f, d, gap = ctx.frame, ctx.px(14), ctx.px(12)
    current = next(i for i, (sid, _) in enumerate(items) if sid == ctx.section.id)
    widths = [d * 3 if i == current else d for i in range(len(items))]
    x = f.width - ctx.px(110) - sum(widths) - gap * (len(items) - 1)
    out = []
    for i, w in enumerate(widths):
        colour = ctx.p.accent if i == current else with_alpha(ctx.p.text, 0.55 if i < current else 0.2)
        out.append({"id": f"dot-{i}", "type": "shape", "shape": "rect", "x": x, "y": f.height - ctx.px(96),
                    "width": w, "height": d, "radius": d / 2, "fill": colour})
        x += w + gap
    return out


def _list_item(ctx: SectionCtx) -> list[Layer]:
    c = ctx.content
    number = dict(_items(ctx))[ctx.section.id]
    return [*_panel(ctx, c.image), *_number(ctx, number), *_copy(ctx, c.title, c.description), *_dots(ctx)]


def _ladder(ctx: SectionCtx, numbers: list[int], *, at: float = 0.4) -> list[Layer]:
    """The whole countdown at a glance, small and stacked (5 4 3 2 1), the first one brightest: the intro
    previews the list without showing item #5's own panel before item #5."""
    f = ctx.frame
    if len(numbers) > 7:
        numbers = [*numbers[:3], *numbers[-3:]]
    cx, top, bottom = f.width * _PANEL / 2, f.height * 0.14, f.height * 0.86
    row = min(ctx.px(150), (bottom - top) / max(1, len(numbers)))
    y0 = (top + bottom) / 2 - row * len(numbers) / 2
    out = []
    for i, n in enumerate(numbers):
        layer = text(ctx, f"ladder-{i}", str(n), "title", x=cx, y=y0 + (i + 0.5) * row, w=f.width * _PANEL * 0.6,
                     h=row * 0.9, anchor="center", align="center", valign="middle", max_lines=1,
                     size=row / ctx.frame.k * 0.8,
                     color=with_alpha(ctx.p.on_primary, 1.0 - 0.6 * i / max(1, len(numbers) - 1)))
        out.append(animate(layer, at=at + 0.08 * i, dy=ctx.px(30), exit_at=ctx.exit_at))
    return out


def _intro(ctx: SectionCtx) -> list[Layer]:
    c = ctx.content
    numbers = [n for _, n in _items(ctx)]
    return [*_panel(ctx, c.image), *_ladder(ctx, numbers), *_copy(ctx, c.title, c.subtitle, title_role="display")]


def _outro(ctx: SectionCtx) -> list[Layer]:
    c, f, p = ctx.content, ctx.frame, ctx.p
    s = f.width * _PANEL * 0.34
    cx, cy = f.width * _PANEL / 2, f.height * 0.5
    tick: Layer = {"id": "tick", "type": "shape", "shape": "line", "x": cx, "y": cy, "width": s, "height": s,
                   "anchor": "center", "points": [[0, s * 0.55], [s * 0.38, s * 0.9], [s, s * 0.1]],
                   "stroke": {"color": p.on_primary, "width": ctx.px(34)}}
    animate(tick, at=0.2, dur=0.5, exit_at=ctx.exit_at)
    tick["scale"] = keyframes((0.2, 0.3), (0.75, 1.0, SPRING))
    x = f.width * _PANEL + ctx.px(110)
    w = f.width - x - ctx.px(120)
    out = [*_panel(ctx, None), tick]
    # Title, button and handle as one block centred on the panel's tick (the frame's middle), not hung high.
    stack = Stack(ctx, x, w)
    if c.title:
        stack.text("title", c.title, "title", max_lines=2, max_h=f.height * 0.3, gap=44)
    button_at = stack.height
    stack.space(46 * 2.6)
    if c.handle:
        stack.space(24)
        handle_at = stack.height
        stack.space(60)
    stack.centre(f.height * 0.12, f.height * 0.88, bias=0.5)
    top = f.height * 0.12 + max(0.0, f.height * 0.76 - stack.height) * 0.5
    if c.title:
        out.append(animate(stack.layers[0], at=0.3, dy=ctx.px(40), exit_at=ctx.exit_at))
    button = cta_button(ctx, c.cta, cx=x + w / 2, cy=top + button_at + ctx.px(46 * 1.3), w=w, at=0.6)
    button[0].update({"x": x + ctx.px(44), "anchor": "left", "align": "left"})  # the pill's edge on the column
    out += button
    if c.handle:
        handle = text(ctx, "handle", c.handle, "lead", x=x, y=top + handle_at + ctx.px(30), w=w, h=ctx.px(60),
                      color=p.muted, max_lines=1, anchor="left", valign="middle")
        out.append(animate(handle, at=0.9, dy=ctx.px(20), exit_at=ctx.exit_at))
    return out


def _behind(ctx: SectionCtx) -> list[Layer]:
    return glows(ctx, colours=(ctx.p.accent, ctx.p.primary), strength=0.12 if ctx.theme.name in ("light", "minimal")
                 else 0.22)


SPEC = FormatSpec(
    id="listicle_v1", name="Listicle countdown",
    description="A numbered countdown (top 5, top 10…): an intro, list items counting down, an outro.",
    look="A primary panel with a giant counting-up number beside each item's title; items push each other "
         "out to the left; dots show the countdown's progress.",
    width=1920, height=1080, fps=30, transition=("slide-left", 0.5),
    draw={"intro": _intro, "list_item": _list_item, "outro": _outro},
    behind=_behind, checks=code_checks("listicle_v1", where=()))


def compile(brief: ContentBrief) -> Timeline:
    """The brief as a listicle_v1 timeline."""
    return compile_with(SPEC, brief)
