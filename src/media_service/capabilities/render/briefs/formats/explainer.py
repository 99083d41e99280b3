"""explainer_v1 — the 16:9 explainer: editorial left-aligned type on a softly lit gradient.

Look: big display headline over a growing accent rule, copy in a measured column, pictures as rounded
cards on the right; soft light pools behind; brief title top-left, a section rail in the left margin,
a progress bar along the bottom edge. Pacing: headline first, then rule, copy and bullets staggered by
0.14 s, all in within ~0.9 s; content leaves in the 0.35 s before each crossfade.
"""

from __future__ import annotations

from media_service.engines.video.model import Timeline

from ..schemas import ContentBrief
from .assemble import FormatSpec, compile_with
from .code import code_checks, code_window
from .common import SPRING, Layer, SectionCtx, Stack, animate, keyframes, text
from .parts import (bullet_list, centred_outro, count_up, glows, image_card, progress_bar, rings, section_rail,
                    watermark_number)

__all__ = ["SPEC", "compile"]

_MARGIN = 128


def _columns(ctx: SectionCtx, *, media: bool) -> tuple[float, float, float]:
    """(x, width) of the copy column, and the x where a media card starts."""
    f = ctx.frame
    m = ctx.px(_MARGIN)
    media_x = f.width * 0.53
    if media:
        return m, media_x - m - ctx.px(80), media_x
    # No picture: the far side carries a motif, and the copy steps in from the rail to balance it.
    return m + ctx.px(48), f.width * 0.56, media_x


def _media_card(ctx: SectionCtx, image: str | None, media_x: float, at: float) -> list[Layer]:
    if not image:
        return []
    f, m = ctx.frame, ctx.px(_MARGIN)
    return [image_card(ctx, "picture", image, x=media_x, y=f.height * 0.17, w=f.width - m - media_x,
                       h=f.height * 0.66, at=at)]


def _rule(ctx: SectionCtx, id: str, *, at: float, width: float = 140.0, height: float = 10.0) -> Layer:
    """The accent rule that grows under a headline."""
    rule: Layer = {"id": id, "type": "shape", "shape": "rect", "height": ctx.px(height), "fill": ctx.p.accent,
                   "radius": ctx.px(height / 2),
                   "width": keyframes((at, 0.0), (at + 0.5, ctx.px(width), "easeOutCubic"))}
    if ctx.exit_at is not None:
        rule["opacity"] = keyframes((ctx.exit_at, 1.0), (ctx.exit_at + 0.3, 0.0, "easeInQuad"))
    return rule


def _enter(ctx: SectionCtx, layers: list[Layer], at: float, *, step: float = 0.14, dy: float = 34.0) -> list[Layer]:
    """Stagger the copy in, rising by `dy`; shapes (the rule) carry their own motion."""
    for i, layer in enumerate(layers):
        if layer["type"] != "shape":
            animate(layer, at=at + i * step, dy=ctx.px(dy), exit_at=ctx.exit_at, exit_dy=-ctx.px(14))
    return layers


def _intro(ctx: SectionCtx) -> list[Layer]:
    c, f = ctx.content, ctx.frame
    x, w, media_x = _columns(ctx, media=bool(c.image))
    stack = Stack(ctx, x, w)
    stack.text("title", c.title, "display", max_lines=3, max_h=f.height * 0.46, gap=34)
    rule = stack.add(_rule(ctx, "rule", at=0.4), ctx.px(10), gap=34)
    rule["x"] = x
    if c.subtitle:
        stack.text("subtitle", c.subtitle, "lead", color=ctx.p.muted, max_lines=3, max_h=f.height * 0.2)
    layers = stack.centre(f.height * 0.12, f.height * 0.88)
    side = (_media_card(ctx, c.image, media_x, 0.3) if c.image else
            rings(ctx, cx=f.width - ctx.px(_MARGIN) - f.height * 0.3, cy=f.height * 0.5, radius=f.height * 0.3))
    return [*side, *_enter(ctx, layers, 0.15, step=0.2, dy=48)]


def _topic(ctx: SectionCtx) -> list[Layer]:
    c, f = ctx.content, ctx.frame
    side = bool(c.image or c.code)
    x, w, media_x = _columns(ctx, media=side)
    stack = Stack(ctx, x, w)
    stack.text("kicker", f"{ctx.ordinal:02d}", "kicker", color=ctx.p.accent_text, fit=False, gap=18)
    stack.text("heading", c.heading, "heading" if side else "title", max_lines=3, max_h=f.height * 0.34, gap=26)
    stack.add(_rule(ctx, "rule", at=0.35, width=96, height=8), ctx.px(8), gap=34)["x"] = x
    if c.body:
        stack.text("body", c.body, "lead", color=ctx.p.muted, max_lines=4 if not c.bullets else 3,
                   max_h=f.height * 0.3, gap=30)
    head = list(stack.layers)
    if c.bullets:  # rows slide in on x only, so `centre` can still move their y
        row = ctx.px(76)
        stack.layers += bullet_list(ctx, c.bullets, x=x, y=stack.height, w=w, row=row, at=0.45 + 0.14 * len(head))
        stack.height += row * len(c.bullets)
    stack.centre(f.height * 0.12, f.height * 0.9)
    _enter(ctx, head, 0.1)
    if c.code:
        side_layers = code_window(ctx, c.code, x=media_x, y=f.height * 0.16, w=f.width - ctx.px(_MARGIN) - media_x,
                                  h=f.height * 0.68, at=0.3)
    elif c.image:
        side_layers = _media_card(ctx, c.image, media_x, 0.3)
    else:  # the section's number, big and quiet, inside the orbits: the far side balances the copy
        r = f.height * 0.36
        cx = f.width - ctx.px(_MARGIN) - r * 0.9
        side_layers = [*rings(ctx, cx=cx, cy=f.height * 0.5, radius=r, at=0.15),
                       watermark_number(ctx, f"{ctx.ordinal:02d}", x=cx + r * 0.85, y=f.height * 0.52,
                                        w=r * 1.7, h=f.height * 0.5)]
    return [*side_layers, *stack.layers]


def _list_item(ctx: SectionCtx) -> list[Layer]:
    c, f = ctx.content, ctx.frame
    x, w, media_x = _columns(ctx, media=bool(c.image))
    number = c.number if c.number is not None else ctx.ordinal
    big = count_up(ctx, "number", number, x=x - ctx.px(8), y=f.height * 0.32, w=w, h=ctx.px(300), at=0.1,
                   size=240, align="left")
    stack = Stack(ctx, x, w)
    stack.text("title", c.title, "title", max_lines=3, max_h=f.height * 0.32, gap=22)
    if c.description:
        stack.text("description", c.description, "lead", color=ctx.p.muted, max_lines=4, max_h=f.height * 0.26)
    stack.place(f.height * 0.48)
    return [*big, *_enter(ctx, stack.layers, 0.5), *_media_card(ctx, c.image, media_x, 0.35)]


def _comparison(ctx: SectionCtx) -> list[Layer]:
    c, f, p = ctx.content, ctx.frame, ctx.p
    m, gutter, pad, row = ctx.px(_MARGIN), ctx.px(120), ctx.px(56), ctx.px(66)
    card_w = (f.width - 2 * m - gutter) / 2
    columns = []
    for side, data, x0 in (("l", c.left, m), ("r", c.right, m + card_w + gutter)):
        stack = Stack(ctx, x0 + pad, card_w - 2 * pad)
        stack.text(f"{side}-title", data.title, "subheading", max_lines=2, max_h=ctx.px(130), gap=30)
        columns.append((side, data, x0, stack))
    card_h = max(s.height + row * len(d.points) for _, d, _, s in columns) + 2 * pad - ctx.px(30 if not any(
        d.points for _, d, _, _ in columns) else 0)
    bottom = f.height * (0.76 if c.verdict else 0.88)
    top = f.height * 0.14 + max(0.0, bottom - f.height * 0.14 - card_h) * 0.5
    out: list[Layer] = []
    for (side, data, x0, stack), shift, colour in zip(columns, (-1, 1), (p.primary, p.accent)):
        card: Layer = {"id": f"{side}-card", "type": "shape", "shape": "rect", "x": x0, "y": top, "width": card_w,
                       "height": card_h, "radius": ctx.px(28), "fill": p.surface,
                       "stroke": {"color": colour, "width": ctx.px(3)}}
        head = [card, *stack.layers]
        # The left card is the "before"/"against" side: neutral dashes there, ticks only for the right one.
        stack.layers += bullet_list(ctx, data.points, x=stack.x, y=stack.height, w=stack.width, row=row, at=0.6,
                                    marker="check" if side == "r" else "dash", role="body",
                                    marker_colour=colour if side == "r" else p.muted, prefix=f"{side}-p")
        stack.place(top + pad)
        for layer in head:
            animate(layer, at=0.1, dur=0.6, dx=shift * ctx.px(80), exit_at=ctx.exit_at)
        out += [card, *stack.layers]
    vs = text(ctx, "vs", "VS", "subheading", x=f.width / 2, y=top + card_h / 2, w=ctx.px(120), h=ctx.px(120),
              anchor="center", align="center", valign="middle", fit=False, color=p.on_accent, max_lines=1,
              background={"color": p.accent, "padding": [ctx.px(26), ctx.px(22)], "radius": ctx.px(60)})
    animate(vs, at=0.45, dur=0.5, exit_at=ctx.exit_at)
    vs["scale"] = keyframes((0.45, 0.2), (0.95, 1.0, SPRING))
    out.append(vs)
    if c.verdict:
        at = min(max(1.6, ctx.duration * 0.45), ctx.duration * 0.7)
        verdict = text(ctx, "verdict", c.verdict, "subheading", x=f.width / 2, y=top + card_h + ctx.px(110),
                       w=f.width - 2 * m, h=ctx.px(110), anchor="center", align="center", valign="middle",
                       max_lines=2, color=p.text)
        out.append(animate(verdict, at=at, dy=ctx.px(30), exit_at=ctx.exit_at))
    return out


def _outro(ctx: SectionCtx) -> list[Layer]:
    """The end card centred inside wide orbits, so the call to action sits in a composition, not alone."""
    f = ctx.frame
    return [*rings(ctx, cx=f.width / 2, cy=f.height * 0.5, radius=f.height * 0.4, at=0.1), *centred_outro(ctx)]


def _behind(ctx: SectionCtx) -> list[Layer]:
    light = ctx.theme.name in ("light", "minimal")
    return glows(ctx, strength=0.14 if light else 0.3)


def _above(ctx: SectionCtx) -> list[Layer]:
    """Brief title (on content sections), the section rail in the left margin, and the progress bar."""
    f, m = ctx.frame, ctx.px(_MARGIN)
    out: list[Layer] = []
    if ctx.section is not None and ctx.section.type not in ("intro", "outro", "transition"):
        y = ctx.px(64)
        out.append({"id": "brand-mark", "type": "shape", "shape": "rect", "x": m, "y": y + ctx.px(5),
                    "width": ctx.px(14), "height": ctx.px(14), "fill": ctx.p.accent, "radius": ctx.px(3)})
        out.append(text(ctx, "brand", ctx.brief.title, "kicker", x=m + ctx.px(30), y=y, w=f.width * 0.5,
                        h=ctx.px(30), color=ctx.p.muted, max_lines=1, fit=False))
    if ctx.section is not None and ctx.section.type != "transition":
        out += section_rail(ctx, x=m * 0.42, top=f.height * 0.14, bottom=f.height * 0.86)
    return out + progress_bar(ctx)


SPEC = FormatSpec(
    id="explainer_v1", name="Explainer",
    description="A 16:9 explainer: intro, topics with bullets, pictures or code, comparisons, numbered items "
                "and a call to action.",
    look="Editorial left-aligned headlines over a growing accent rule, rounded picture cards, soft light "
         "pools, a progress bar; content staggers in over ~0.9 s and crossfades between sections.",
    width=1920, height=1080, fps=30, transition=("crossfade", 0.5),
    draw={"intro": _intro, "topic": _topic, "list_item": _list_item, "comparison": _comparison, "outro": _outro},
    behind=_behind, above=_above, checks=code_checks("explainer_v1", where=("topic",)))


def compile(brief: ContentBrief) -> Timeline:
    """The brief as an explainer_v1 timeline."""
    return compile_with(SPEC, brief)
