"""Building blocks the formats share: backdrops, glows, picture cards, bullet lists, buttons, count-up
numbers, progress bars and the transition stinger. Each returns template-DSL layer dicts."""

from __future__ import annotations

import math
from typing import Any

from ..themes import with_alpha
from .common import SPRING, Layer, SectionCtx, animate, keyframes, text

__all__ = ["backdrop_fill", "backdrop_layers", "bullet_list", "centred_outro", "count_up", "cta_button", "glows",
           "image_card", "progress_bar", "rings", "section_rail", "stinger", "watermark_number"]


# ---- the backdrop --------------------------------------------------------------------------------------------

def backdrop_fill(ctx: SectionCtx) -> Any:
    """The scene background: the theme's colour, or a linear gradient (brief colours or the theme's two)."""
    style, p = ctx.brief.style, ctx.p
    if style.background_type in ("image", "video") or not ctx.theme.gradient:
        return p.bg  # a brief's solid colour is the palette's background already (themes.resolve_theme)
    colours = style.backdrop_colors() or [p.bg, p.bg_alt]
    angle = math.radians(style.backdrop_angle())
    dx, dy = math.sin(angle), -math.cos(angle)
    norm = max(abs(dx), abs(dy)) * 2
    stops = [[round(i / (len(colours) - 1), 4), c] for i, c in enumerate(colours)]
    return {"type": "linear", "from": [0.5 - dx / norm, 0.5 - dy / norm], "to": [0.5 + dx / norm, 0.5 + dy / norm],
            "stops": stops}


def backdrop_layers(ctx: SectionCtx) -> list[Layer]:
    """A picture or clip filling the frame under a scrim in the background colour (image/video backgrounds)."""
    style, f = ctx.brief.style, ctx.frame
    if style.background_type not in ("image", "video"):
        return []
    media: Layer = {"id": "bg-media", "type": style.background_type, "src": style.background_value, "fit": "cover",
                    "x": f.width / 2, "y": f.height / 2, "width": f.width, "height": f.height, "anchor": "center"}
    if style.background_type == "image":  # a slow push-in keeps a still backdrop alive
        media["scale"] = keyframes((0.0, 1.0), (ctx.duration + 1.0, 1.0 + 0.012 * (ctx.duration + 1.0), "linear"))
    else:
        media.update({"loop": True, "volume": 0.0})
    bg = ctx.p.bg
    scrim = {"id": "bg-scrim", "type": "shape", "shape": "rect", "width": f.width, "height": f.height,
             "fill": {"type": "linear", "from": [0, 0], "to": [0, 1], "stops": [
                 [0, with_alpha(bg, 0.66)], [0.5, with_alpha(bg, 0.5)], [1, with_alpha(bg, 0.86)]]}}
    return [media, scrim]


def glows(ctx: SectionCtx, *, colours: tuple[str, str] | None = None, strength: float = 0.3) -> list[Layer]:
    """Two large soft light pools behind the content, in the same place in every scene (so crossfades are
    seamless). Static on purpose: a drifting 0.9-frame-wide pool costs ~8 ms a 1080p frame to re-blend,
    a static one is drawn once into the scene's cached background."""
    f = ctx.frame
    size = max(f.width, f.height) * 0.9
    first, second = colours or (ctx.p.primary, ctx.p.accent)
    out = []
    for i, (colour, cx, cy) in enumerate(((first, 0.12, 0.15), (second, 0.9, 0.92))):
        fill = {"type": "radial", "center": [0.5, 0.5], "radius": 0.5,
                "stops": [[0, with_alpha(colour, strength * (1 if i == 0 else 0.6))], [1, with_alpha(colour, 0.0)]]}
        out.append({"id": f"glow-{i}", "type": "shape", "shape": "ellipse", "fill": fill, "anchor": "center",
                    "width": size, "height": size, "x": f.width * cx, "y": f.height * cy})
    return out


def progress_bar(ctx: SectionCtx, *, height: float = 8.0, colour: str | None = None) -> list[Layer]:
    """A hairline track along the bottom edge and a bar growing with the video's elapsed time."""
    f, total = ctx.frame, ctx.brief.settings.duration_sec
    bar_h = ctx.px(height)
    y = f.height - bar_h
    track = {"id": "progress-track", "type": "shape", "shape": "rect", "y": y, "width": f.width, "height": bar_h,
             "fill": ctx.p.rule}
    bar = {"id": "progress", "type": "shape", "shape": "rect", "y": y, "height": bar_h, "fill": colour or ctx.p.accent,
           "width": keyframes((0.0, round(f.width * ctx.start / total, 2)),
                              (ctx.duration, round(f.width * (ctx.start + ctx.duration) / total, 2), "linear"))}
    return [track, bar]


def section_rail(ctx: SectionCtx, *, x: float, top: float, bottom: float, width: float = 6.0) -> list[Layer]:
    """Where the video is, as a vertical rail of one segment per content section: those shown in the text
    colour, this one filling up in the accent colour over the section, those to come faint. One system of
    place for every slide, with no numbers to clash with a section's own numbering."""
    n, here = max(1, ctx.positions), min(max(1, ctx.position), max(1, ctx.positions))
    gap, w = ctx.px(14), ctx.px(width)
    seg = (bottom - top - gap * (n - 1)) / n
    out: list[Layer] = []
    for i in range(n):
        y = top + i * (seg + gap)
        colour = with_alpha(ctx.p.text, 0.5 if i + 1 < here else 0.16)
        out.append({"id": f"rail-{i}", "type": "shape", "shape": "rect", "x": x, "y": y, "width": w,
                    "height": seg, "radius": w / 2, "fill": colour})
        if i + 1 == here:
            out.append({"id": "rail-now", "type": "shape", "shape": "rect", "x": x, "y": y, "width": w,
                        "radius": w / 2, "fill": ctx.p.accent,
                        "height": keyframes((0.0, w), (ctx.duration, seg, "linear"))})
    return out


def rings(ctx: SectionCtx, *, cx: float, cy: float, radius: float, at: float = 0.2) -> list[Layer]:
    """Concentric hairline orbits with accent beads turning slowly: a quiet motif for empty space."""
    size = radius * 2
    children: list[Layer] = []
    for i, r in enumerate((1.0, 0.72, 0.44)):
        d = size * r
        children.append({"id": f"ring-{i}", "type": "shape", "shape": "ellipse", "x": radius, "y": radius,
                         "anchor": "center", "width": d, "height": d,
                         "stroke": {"color": ctx.p.rule, "width": ctx.px(2)}})
    for i, (r, angle, colour) in enumerate(((1.0, 0.6, ctx.p.accent), (0.72, 2.6, ctx.p.primary),
                                            (0.44, 4.4, ctx.p.text))):
        bead = ctx.px(18 - 4 * i)
        children.append({"id": f"bead-{i}", "type": "shape", "shape": "ellipse", "anchor": "center",
                         "x": radius + math.cos(angle) * radius * r, "y": radius + math.sin(angle) * radius * r,
                         "width": bead, "height": bead, "fill": colour})
    group: Layer = {"id": "rings", "type": "group", "x": cx, "y": cy, "width": size, "height": size,
                    "anchor": "center", "children": children,
                    "rotation": keyframes((0.0, 0.0), (ctx.duration + 1.0, 4.0 * (ctx.duration + 1.0), "linear"))}
    animate(group, at=at, dur=0.9, scale=0.86, exit_at=ctx.exit_at)
    return [group]


def watermark_number(ctx: SectionCtx, value: str, *, x: float, y: float, w: float, h: float) -> Layer:
    """A huge, barely-there numeral filling empty space on the far side of the copy."""
    layer = text(ctx, "watermark", value, "number", x=x, y=y, w=w, h=h, anchor="right", align="right",
                 valign="middle", size=560, color=with_alpha(ctx.p.text, 0.1), max_lines=1)
    animate(layer, at=0.15, dur=0.9, dx=ctx.px(60), exit_at=ctx.exit_at)
    return layer


# ---- content blocks -----------------------------------------------------------------------------------------

def image_card(ctx: SectionCtx, id: str, src: str, *, x: float, y: float, w: float, h: float, at: float,
               radius: float = 28.0) -> Layer:
    """A rounded, shadowed picture that settles in and then pushes in slowly for the rest of the section."""
    layer: Layer = {"id": id, "type": "image", "src": src, "fit": "cover", "radius": ctx.px(radius),
                    "x": x + w / 2, "y": y + h / 2, "width": w, "height": h, "anchor": "center",
                    "shadow": {"color": "rgba(0,0,0,0.35)", "blur": ctx.px(40), "dx": 0, "dy": ctx.px(18)}}
    animate(layer, at=at, dur=0.7, dy=ctx.px(30), exit_at=ctx.exit_at)
    layer["scale"] = keyframes((at, 0.94), (at + 0.7, 1.0, "easeOutCubic"), (ctx.duration, 1.035, "linear"))
    return layer


def bullet_list(ctx: SectionCtx, items: list[str], *, x: float, y: float, w: float, row: float, at: float,
                step: float = 0.14, role: str = "lead", marker: str = "dot", colour: str | None = None,
                marker_colour: str | None = None, prefix: str = "b",
                times: list[float] | None = None) -> list[Layer]:
    """Rows of marker + text sliding in one after another from the left (row i at `times[i]` if given)."""
    out: list[Layer] = []
    dot = ctx.px(14)
    for i, item in enumerate(items):
        t0 = times[i] if times else at + i * step
        cy = y + i * row + row / 2
        mark: Layer
        mc = marker_colour or ctx.p.accent
        if marker == "check":
            s = ctx.px(26)
            mark = {"id": f"{prefix}{i}-mark", "type": "shape", "shape": "line", "x": x, "y": cy - s / 2,
                    "width": s, "height": s, "points": [[0, s * 0.55], [s * 0.38, s * 0.9], [s, s * 0.12]],
                    "stroke": {"color": mc, "width": ctx.px(5)}}
        elif marker == "dash":
            mark = {"id": f"{prefix}{i}-mark", "type": "shape", "shape": "rect", "x": x, "y": cy - ctx.px(2.5),
                    "width": ctx.px(22), "height": ctx.px(5), "fill": mc}
        else:
            mark = {"id": f"{prefix}{i}-mark", "type": "shape", "shape": "ellipse", "x": x + dot / 2, "y": cy,
                    "width": dot, "height": dot, "anchor": "center", "fill": mc}
        label = text(ctx, f"{prefix}{i}", item, role, x=x + ctx.px(44), y=cy, w=w - ctx.px(44), h=row * 0.96,
                     anchor="left", valign="middle", max_lines=2, color=colour)
        for layer in (mark, label):
            out.append(animate(layer, at=t0, dur=0.5, dx=-ctx.px(36), exit_at=ctx.exit_at))
    return out


def cta_button(ctx: SectionCtx, label: str, *, cx: float, cy: float, w: float, at: float,
               size: float = 46.0) -> list[Layer]:
    """A pill button in the primary colour that springs in and pulses twice to draw the eye."""
    pad_v, pad_h = ctx.px(size * 0.5), ctx.px(size * 0.95)
    button = text(ctx, "cta", label, "subheading", x=cx, y=cy, w=w, h=ctx.px(size * 2.6), anchor="center",
                  align="center", valign="middle", max_lines=1, size=size, color=ctx.p.on_primary,
                  background={"color": ctx.p.primary, "padding": [pad_v, pad_h], "radius": ctx.px(size * 1.2)})
    if ctx.theme.glow:
        button["shadow"] = {"color": with_alpha(ctx.p.primary, 0.8), "blur": ctx.px(30), "dx": 0, "dy": 0}
    animate(button, at=at, dur=0.6, exit_at=ctx.exit_at)
    beats: list[tuple[Any, ...]] = [(at, 0.6), (at + 0.6, 1.0, SPRING)]
    for beat in (at + 1.6, at + 2.6):
        if beat + 0.5 < ctx.duration:
            beats += [(beat, 1.0), (beat + 0.22, 1.06, "easeOutQuad"), (beat + 0.5, 1.0, "easeInOutQuad")]
    button["scale"] = keyframes(*beats)
    return [button]


def count_up(ctx: SectionCtx, id: str, value: int, *, x: float, y: float, w: float, h: float, at: float,
             dur: float = 0.7, role: str = "number", colour: str | None = None, prefix: str = "",
             align: str = "center", size: float | None = None) -> list[Layer]:
    """A number counting up to `value` (a run of short-lived text layers), landing with a spring."""
    steps = sorted({round(value * i / min(12, max(1, value))) for i in range(1, min(12, max(1, value)) + 1)})
    steps = [s for s in steps if s > 0] or [value]
    tick = dur / len(steps)
    out = []
    for i, n in enumerate(steps):
        last = i == len(steps) - 1
        # Anchored at the side it is aligned to, so the landing spring grows it from there.
        layer = text(ctx, f"{id}-{n}", f"{prefix}{n}", role, x=x, y=y, w=w, h=h, align=align, valign="middle",
                     color=colour or ctx.p.accent_text, max_lines=1, size=size,
                     anchor={"left": "left", "right": "right"}.get(align, "center"))
        layer["start"] = round(at + i * tick, 4)
        if not last:
            layer["end"] = round(at + (i + 1) * tick, 4)
        else:
            layer["scale"] = keyframes((0.0, 1.12), (0.45, 1.0, SPRING))
            if ctx.exit_at is not None:
                layer["opacity"] = keyframes((0.0, 1.0), (max(0.0, ctx.exit_at - layer["start"]), 1.0),
                                             (max(0.0, ctx.exit_at - layer["start"]) + 0.3, 0.0, "easeInQuad"))
        out.append(layer)
    return out


def centred_outro(ctx: SectionCtx) -> list[Layer]:
    """The end card: title, a springing call-to-action button and the handle, centred."""
    c, f = ctx.content, ctx.frame
    out: list[Layer] = []
    centre_y = f.height * (0.5 if c.title else 0.46)
    if c.title:
        title = text(ctx, "title", c.title, "title", x=f.width / 2, y=f.height * 0.37, w=f.width * 0.74,
                     h=f.height * 0.3, anchor="center", align="center", valign="middle", max_lines=2)
        out.append(animate(title, at=0.1, dy=ctx.px(40), exit_at=ctx.exit_at))
    out += cta_button(ctx, c.cta, cx=f.width / 2, cy=centre_y + ctx.px(60), w=f.width * 0.7, at=0.45)
    if c.handle:
        handle = text(ctx, "handle", c.handle, "lead", x=f.width / 2, y=centre_y + ctx.px(175), w=f.width * 0.6,
                      h=ctx.px(60), anchor="center", align="center", valign="middle", color=ctx.p.muted, max_lines=1)
        out.append(animate(handle, at=0.75, dy=ctx.px(20), exit_at=ctx.exit_at))
    return out



# ---- the transition stinger ----------------------------------------------------------------------------------

def stinger(ctx: SectionCtx, style: str) -> list[Layer]:
    """Brand-coloured panels (or a growing circle, or a flash) that cover the frame by the section's end;
    the next section then enters over them with the same `style`."""
    f, d, p = ctx.frame, ctx.duration, ctx.p
    w, h = f.width, f.height
    ease = "easeInOutCubic"
    if style == "zoom":
        diag = math.hypot(w, h) * 1.05
        return [{"id": f"st-{i}", "type": "shape", "shape": "ellipse", "fill": colour, "x": w / 2, "y": h / 2,
                 "anchor": "center", "width": diag, "height": diag,
                 "scale": keyframes((d * lag, 0.0), (d * (0.75 + lag / 2), 1.0, ease))}
                for i, (colour, lag) in enumerate(((p.accent, 0.0), (p.primary, 0.18)))]
    if style in ("fade", "crossfade", "none"):
        flash = {"id": "st-0", "type": "shape", "shape": "rect", "width": w, "height": h, "fill": p.primary}
        if style != "none":
            flash["opacity"] = keyframes((0.0, 0.0), (d * 0.8, 1.0, "easeInOutQuad"))
        return [flash]
    # Panels travel the way the next scene will move: `sign` 1 = from the left/top edge.
    axis, sign = {"slide-left": ("x", -1), "slide-up": ("y", -1), "slide-down": ("y", 1)}.get(style, ("x", 1))
    span = w if axis == "x" else h
    out = []
    for i, (colour, lag) in enumerate(((p.accent, 0.0), (p.primary, 0.16))):
        panel: Layer = {"id": f"st-{i}", "type": "shape", "shape": "rect", "width": w, "height": h, "fill": colour}
        panel[axis] = keyframes((d * lag, -sign * span), (d * (0.7 + lag), 0.0, ease))
        out.append(panel)
    return out
