"""Layout facts about a brief's frames, as a viewer would judge them: where the composition's visual centre
sits, how much of the frame is blank, whether text boxes collide or leave the canvas, and the colour of a
flat fill. Pixels come from frames drawn as the renderer draws them; text boxes come from the timeline's
text layers laid out with the engine's own text layout (same fonts, same auto-fit).

"Ink" is where the picture has detail: a luminance step of more than INK_STEP between neighbouring pixels.
Smooth backdrops (gradients, light pools) have none; text, rules, cards and photos do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from media_service.engines.scene import default_font_library
from media_service.engines.scene.animate import LengthProp, color_prop, number_prop
from media_service.engines.scene.model import TextLayer
from media_service.engines.scene.text import _MEASURE, TextSpec, detect_rtl, layout_text
from media_service.engines.video import Timeline, TimelineScene

INK_STEP = 8.0           # luminance levels (0–255) between neighbours that count as detail
EMPTY_RUN = 0.03         # blank runs shorter than this share of the height are line spacing, not emptiness
_ANCHOR = {"top-left": (0.0, 0.0), "top": (0.5, 0.0), "top-right": (1.0, 0.0), "left": (0.0, 0.5),
           "center": (0.5, 0.5), "right": (1.0, 0.5), "bottom-left": (0.0, 1.0), "bottom": (0.5, 1.0),
           "bottom-right": (1.0, 1.0)}


def ink(pixels: np.ndarray) -> np.ndarray:
    """H×W mask of detail pixels in an RGBA/RGB uint8 frame."""
    rgb = pixels[..., :3].astype(np.float32)
    lum = rgb @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
    mask = np.zeros(lum.shape, dtype=bool)
    mask[:, :-1] |= np.abs(np.diff(lum, axis=1)) > INK_STEP
    mask[:-1, :] |= np.abs(np.diff(lum, axis=0)) > INK_STEP
    return mask


def visual_centre(pixels: np.ndarray) -> tuple[float, float]:
    """(x, y) of the centre of mass of the frame's ink, px (the frame's centre when it has none)."""
    mask = ink(pixels)
    ys, xs = np.nonzero(mask)
    if not len(xs):
        return pixels.shape[1] / 2, pixels.shape[0] / 2
    return float(xs.mean()), float(ys.mean())


def empty_share(pixels: np.ndarray) -> float:
    """Share of the rows that lie in blank bands (runs of rows with no ink, at least EMPTY_RUN of the height):
    a frame whose copy huddles in one part leaves a large share."""
    h = pixels.shape[0]
    counts = ink(pixels).sum(axis=1)
    blank = counts < 2
    empty, run = 0, 0
    for value in [*blank, False]:
        if value:
            run += 1
            continue
        if run >= EMPTY_RUN * h:
            empty += run
        run = 0
    return empty / h


@dataclass(frozen=True)
class TextBox:
    """Where a text layer's glyphs (and its pill, if any) are at one instant, canvas px."""

    id: str
    text: str
    glyphs: tuple[float, float, float, float]   # x0, y0, x1, y1 of the laid-out lines
    pill: tuple[float, float, float, float]     # the glyphs plus the background's padding


def _visible_at(layer: TextLayer, t: float) -> bool:
    if not layer.visible or not layer.text.strip() or t < layer.start or (layer.end is not None and t >= layer.end):
        return False
    local = t - layer.start
    alpha = color_prop(layer.color).at(local).a
    return number_prop(layer.opacity).at(local) * alpha >= 0.5


def text_boxes(timeline: Timeline, scene: TimelineScene, t: float) -> Iterator[TextBox]:
    """The boxes of the scene's readable text layers (opacity ≥ 0.5) at scene time t: decorations drawn
    barely there (watermarks) are not text a viewer reads."""
    library = default_font_library()
    w, h = timeline.width, timeline.height
    for layer in scene.layers:
        if not isinstance(layer, TextLayer) or not _visible_at(layer, t):
            continue
        local = t - layer.start
        words = {"uppercase": str.upper, "lowercase": str.lower}.get(layer.transform, str)(layer.text)
        rtl = layer.direction == "rtl" or (layer.direction == "auto" and detect_rtl(words))
        spec = TextSpec(text=words, choice=library.choose(layer.font.family), unicode=library.unicode,
                        weight=layer.font.weight, line_height=layer.line_height,
                        letter_spacing=layer.letter_spacing, align=layer.align, rtl=rtl)
        bw = LengthProp(layer.width, default_fraction=1.0).px(local, w)
        bh = LengthProp(layer.height, default_fraction=1.0).px(local, h)
        fit = (layer.auto_fit.min, layer.auto_fit.max) if layer.auto_fit else None
        block = layout_text(spec, width=bw, height=bh, size=number_prop(layer.font.size).at(local),
                            valign=layer.valign, fill=_MEASURE, auto_fit=fit, max_lines=layer.max_lines)
        ax, ay = _ANCHOR[layer.anchor]
        px, py = LengthProp(layer.x).px(local, w), LengthProp(layer.y).px(local, h)
        s = number_prop(layer.scale).at(local)

        def place(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
            return (px + (x0 - ax * bw) * s, py + (y0 - ay * bh) * s, px + (x1 - ax * bw) * s,
                    py + (y1 - ay * bh) * s)

        glyphs = place(block.x, block.y, block.x + block.width, block.y + block.height)
        pad_v, pad_h = layer.background.padding if layer.background else (0.0, 0.0)
        pill = place(block.x - pad_h, block.y - pad_v, block.x + block.width + pad_h, block.y + block.height + pad_v)
        yield TextBox(layer.id, words, glyphs, pill)


def overlaps(boxes: list[TextBox], *, share: float = 0.04) -> list[tuple[str, str]]:
    """Pairs of boxes (pills included) whose intersection covers more than `share` of the smaller one."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            ix = min(a.pill[2], b.pill[2]) - max(a.pill[0], b.pill[0])
            iy = min(a.pill[3], b.pill[3]) - max(a.pill[1], b.pill[1])
            if ix <= 0 or iy <= 0:
                continue
            smaller = min((a.pill[2] - a.pill[0]) * (a.pill[3] - a.pill[1]),
                          (b.pill[2] - b.pill[0]) * (b.pill[3] - b.pill[1]))
            if ix * iy > share * max(smaller, 1.0):
                out.append((a.id, b.id))
    return out


def off_canvas(boxes: list[TextBox], width: int, height: int, *, slack: float = 1.0) -> list[str]:
    """Ids of boxes whose glyphs reach past the canvas edge (a clipped glyph)."""
    return [b.id for b in boxes if b.glyphs[0] < -slack or b.glyphs[1] < -slack or b.glyphs[2] > width + slack
            or b.glyphs[3] > height + slack]


def delta_e(a: np.ndarray, b: np.ndarray) -> float:
    """CIE76 ΔE between two sRGB colours given as 0–255 triples."""
    return float(np.linalg.norm(_lab(a) - _lab(b)))


def _lab(rgb: np.ndarray) -> np.ndarray:
    c = np.asarray(rgb, dtype=float) / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def settled_times(timeline: Timeline, *, step: float = 0.5, settle: float = 1.2,
                  leave: float = 0.45) -> Iterator[tuple[TimelineScene, float]]:
    """(scene, timeline time) every `step` s while the scene holds still: after its transition in and its
    entrances (`settle` s), before its exit (`leave` s before the next scene's transition starts)."""
    scenes = sorted(timeline.scenes, key=lambda s: s.start)
    for i, scene in enumerate(scenes):
        t0 = scene.start + (scene.transition_in.duration if scene.transition_in else 0.0) + settle
        following = scenes[i + 1] if i + 1 < len(scenes) else None
        t1 = min(scene.end, following.start if following else scene.end) - leave
        t = t0
        while t <= t1 + 1e-6:
            yield scene, round(t, 3)
            t += step
