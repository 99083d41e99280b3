"""comparison_v1 — split screen: two halves tinted with the brand's two colours, face to face.

Look: every section stands on a full-bleed split, the brand's primary colour left and its accent right
(exactly as given); comparisons put their copy straight on the halves, a hairline seam and
a "VS" medallion in the middle; titles centred per half, pictures as cards, points as check lists; the
verdict rises in a pill at the bottom. Intros sit on a diagonal split; intro, topic and outro copy sits on
a card in the backdrop colour over the split. Pacing: the halves slide in from
their edges (0.7 s, expo ease-out), the seam draws itself, the medallion springs in, points alternate
left/right every 0.12 s, and the verdict lands at ~45 % of the section; sections change with a wipe.
"""

from __future__ import annotations

from media_service.engines.video.model import Timeline

from ..schemas import ContentBrief
from ..themes import with_alpha
from .assemble import FormatSpec, compile_with
from .code import code_checks
from .common import SPRING, Layer, SectionCtx, Stack, animate, keyframes, text
from .parts import bullet_list, centred_outro, image_card

__all__ = ["SPEC", "compile"]


def _halves(ctx: SectionCtx, *, diagonal: bool = False, slide: bool = True) -> list[Layer]:
    """The two halves in the brand's two colours, exactly as given (no blend with the backdrop), sliding in
    from their edges, and the seam between them. Copy on a half is set in that colour's `on_` ink."""
    f = ctx.frame
    w, h = f.width, f.height
    lean = w * 0.08 if diagonal else 0.0
    left_tint, right_tint = ctx.p.primary, ctx.p.accent
    left = {"id": "half-l", "type": "shape", "shape": "polygon", "width": w, "height": h, "fill": left_tint,
            "points": [[0, 0], [w / 2 + lean, 0], [w / 2 - lean, h], [0, h]]}
    right = {"id": "half-r", "type": "shape", "shape": "polygon", "width": w, "height": h, "fill": right_tint,
             "points": [[w / 2 + lean, 0], [w, 0], [w, h], [w / 2 - lean, h]]}
    if slide:
        left["x"] = keyframes((0.0, -w / 2 - lean), (0.7, 0.0, "easeOutExpo"))
        right["x"] = keyframes((0.0, w / 2 + lean), (0.7, 0.0, "easeOutExpo"))
    if ctx.exit_at is not None:  # before a gap or a fade the split leaves with the copy
        for half in (left, right):
            half["opacity"] = keyframes((ctx.exit_at, 1.0), (ctx.exit_at + 0.3, 0.0, "easeInQuad"))
    if diagonal:  # the intro's title crosses the split: no seam line through the type
        return [left, right]
    seam = {"id": "seam", "type": "shape", "shape": "line", "width": w, "height": h,
            "points": [[w / 2 + lean, 0], [w / 2 - lean, h]], "stroke": {"color": with_alpha(ctx.p.text, 0.35),
                                                                          "width": ctx.px(3)},
            "opacity": keyframes((0.35, 0.0), (0.8, 1.0, "easeOutQuad"))}
    return [left, right, seam]


def _medallion(ctx: SectionCtx, *, y: float, at: float = 0.55) -> Layer:
    p = ctx.p
    vs = text(ctx, "vs", "VS", "subheading", x=ctx.frame.width / 2, y=y, w=ctx.px(150), h=ctx.px(150), anchor="center",
              align="center", valign="middle", fit=False, color=p.text, max_lines=1, size=52,
              background={"color": p.bg, "padding": [ctx.px(40), ctx.px(34)], "radius": ctx.px(75)},
              stroke=None)
    vs["shadow"] = {"color": with_alpha(p.accent if ctx.theme.glow else "#000000", 0.45), "blur": ctx.px(30),
                    "dx": 0, "dy": ctx.px(8)}
    animate(vs, at=at, dur=0.3, exit_at=ctx.exit_at)
    vs["scale"] = keyframes((at, 0.1), (at + 0.55, 1.0, SPRING))
    return vs


def _comparison(ctx: SectionCtx) -> list[Layer]:
    c, f, p = ctx.content, ctx.frame, ctx.p
    bottom = f.height * (0.78 if c.verdict else 0.92)
    col_w = f.width / 2 - ctx.px(220)
    out = _halves(ctx)
    for j, (side, data, cx, ink) in enumerate((("l", c.left, f.width / 4, p.on_primary),
                                               ("r", c.right, f.width * 3 / 4, p.on_accent))):
        stack = Stack(ctx, cx - col_w / 2, col_w)
        stack.text(f"{side}-title", data.title, "display", align="center", max_lines=2, max_h=f.height * 0.3, gap=40,
                   color=ink)
        picture = None
        if data.image:
            pw, ph = col_w * 0.82, col_w * 0.82 * 9 / 16
            picture = stack.add({"id": f"{side}-pic", "x": cx - pw / 2, "w": pw, "h": ph}, ph, gap=36)
        head = list(stack.layers)
        times = [0.75 + (2 * i + j) * 0.12 for i in range(len(data.points))]  # alternating left, right
        stack.layers += bullet_list(ctx, data.points, x=cx - col_w * 0.36, y=stack.height, w=col_w * 0.84,
                                    row=ctx.px(80), at=0.0, marker="check", role="lead", marker_colour=ink,
                                    colour=ink, prefix=f"{side}-p", times=times)
        stack.height += ctx.px(80) * len(data.points)
        stack.centre(f.height * 0.1, bottom)
        for layer in head:
            if layer is picture:
                out.append(image_card(ctx, layer["id"], data.image, x=layer["x"], y=layer["y"], w=layer["w"],
                                      h=layer["h"], at=0.5, radius=20))
            else:
                out.append(animate(layer, at=0.35, dur=0.6, dx=ctx.px(-60 if side == "l" else 60),
                                   exit_at=ctx.exit_at))
        out += stack.layers[len(head):]
    out.append(_medallion(ctx, y=f.height * 0.47 if c.verdict else f.height * 0.5))
    if c.verdict:
        at = min(max(1.8, ctx.duration * 0.45), ctx.duration * 0.72)
        pill = text(ctx, "verdict", c.verdict, "subheading", x=f.width / 2, y=f.height * 0.875, w=f.width * 0.8,
                    h=ctx.px(120), anchor="center", align="center", valign="middle", max_lines=2, size=42,
                    color=p.text, background={"color": p.bg, "padding": [ctx.px(22), ctx.px(40)],
                                              "radius": ctx.px(44)})
        animate(pill, at=at, dy=ctx.px(50), exit_at=ctx.exit_at)
        pill["scale"] = keyframes((at, 0.9), (at + 0.6, 1.0, SPRING))
        out.append(pill)
    return out


def _card(ctx: SectionCtx, stack: Stack, *, top: float, bottom: float, at: float) -> list[Layer]:
    """A backdrop-coloured card holding `stack` (centred between top and bottom) on the split: the copy
    reads on one calm colour while the brand's two colours frame it."""
    pad = ctx.px(64)
    stack.centre(top + pad, bottom - pad, bias=0.5)
    y0 = stack.layers[0]["y"] - pad
    card: Layer = {"id": "card", "type": "shape", "shape": "rect", "x": stack.x - pad, "y": y0,
                   "width": stack.width + 2 * pad, "height": stack.height + 2 * pad, "radius": ctx.px(36),
                   "fill": ctx.p.bg, "shadow": {"color": "rgba(0,0,0,0.3)", "blur": ctx.px(40), "dx": 0,
                                                 "dy": ctx.px(16)}}
    animate(card, at=at, dur=0.5, scale=0.94, exit_at=ctx.exit_at)
    return [card]


def _intro(ctx: SectionCtx) -> list[Layer]:
    c, f = ctx.content, ctx.frame
    stack = Stack(ctx, f.width * 0.2, f.width * 0.6)
    stack.text("title", c.title, "display", align="center", max_lines=3, max_h=f.height * 0.5, gap=30)
    if c.subtitle:
        stack.text("subtitle", c.subtitle, "lead", align="center", color=ctx.p.muted, max_lines=2, max_h=f.height * 0.2)
    card = _card(ctx, stack, top=f.height * 0.14, bottom=f.height * 0.86, at=0.35)
    for i, layer in enumerate(stack.layers):
        animate(layer, at=0.45 + 0.18 * i, dy=ctx.px(40), scale=0.96, exit_at=ctx.exit_at)
    # The split is there from the first frame: halves sliding in over the dark backdrop leave a moving dark
    # wedge that the encoder smears into blocky ghosts at the bottom left.
    return [*_halves(ctx, diagonal=True, slide=False), *card, *stack.layers]


def _outro(ctx: SectionCtx) -> list[Layer]:
    """The end card on the split: the face-off's two colours stay to the last frame."""
    f = ctx.frame
    panel: Layer = {"id": "card", "type": "shape", "shape": "rect", "x": f.width * 0.17, "y": f.height * 0.14,
                    "width": f.width * 0.66, "height": f.height * 0.72, "radius": ctx.px(36), "fill": ctx.p.bg,
                    "shadow": {"color": "rgba(0,0,0,0.3)", "blur": ctx.px(40), "dx": 0, "dy": ctx.px(16)}}
    animate(panel, at=0.0, dur=0.5, scale=0.94, exit_at=ctx.exit_at)
    return [*_halves(ctx, slide=False), panel, *centred_outro(ctx)]


def _topic(ctx: SectionCtx) -> list[Layer]:
    c, f = ctx.content, ctx.frame
    x, w = f.width * 0.2, f.width * 0.6
    stack = Stack(ctx, x, w)
    stack.text("kicker", f"{ctx.ordinal:02d}", "kicker", align="center", color=ctx.p.accent_text, fit=False, gap=22)
    stack.text("heading", c.heading, "title", align="center", max_lines=3, max_h=f.height * 0.36, gap=28)
    if c.body:
        stack.text("body", c.body, "lead", align="center", color=ctx.p.muted, max_lines=4, max_h=f.height * 0.3,
                   gap=30)
    head = list(stack.layers)
    if c.bullets:
        row = ctx.px(70)
        stack.layers += bullet_list(ctx, c.bullets, x=x + w * 0.22, y=stack.height, w=w * 0.6, row=row,
                                    at=0.5 + 0.14 * len(head))
        stack.height += row * len(c.bullets)
    card = _card(ctx, stack, top=f.height * 0.1, bottom=f.height * 0.9, at=0.0)
    for i, layer in enumerate(head):
        animate(layer, at=0.1 + 0.14 * i, dy=ctx.px(36), exit_at=ctx.exit_at)
    return [*_halves(ctx, slide=False), *card, *stack.layers]


SPEC = FormatSpec(
    id="comparison_v1", name="Comparison (split screen)",
    description="Face-offs: an intro, one or more comparisons (left vs right, with a verdict), topics, an outro.",
    look="Full-bleed split screen in the brand's two colours with a VS medallion; halves slide in from the "
         "edges, points alternate sides, the verdict rises in a pill; sections change with a wipe.",
    width=1920, height=1080, fps=30, transition=("wipe", 0.6),
    draw={"intro": _intro, "comparison": _comparison, "topic": _topic, "outro": _outro},
    checks=code_checks("comparison_v1", where=()))


def compile(brief: ContentBrief) -> Timeline:
    """The brief as a comparison_v1 timeline."""
    return compile_with(SPEC, brief)
