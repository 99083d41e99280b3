"""Shape, text and group nodes, and `compile_layer`, which builds the node for any layer model."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

import skia

from .animate import color_prop, number_prop
from .color import rgba_key
from .model import GroupLayer, ImageLayer, LayerBase, ShapeLayer, TextLayer, VideoLayer
from .nodes import CompileContext, Node, color_or_none
from .paint import FillPaint, color_paint, gradient_paint, stroke_paint
from .pictures import ImageNode, VideoNode
from .text import TextBlock, TextSpec, detect_rtl, layout_text, pill_path

__all__ = ["GroupNode", "ShapeNode", "TextNode", "compile_layer"]

_Size = tuple[float, float] | None


class ShapeNode(Node):
    """rect / rounded rect, ellipse, line, polygon with fill and stroke."""

    def __init__(self, layer: ShapeLayer, path: str, ctx: CompileContext, parent: _Size = None) -> None:
        super().__init__(layer, path)
        self.shape, self.points = layer.shape, layer.points
        self.fill = FillPaint(layer.fill) if layer.fill is not None else None
        self.radius = number_prop(layer.radius)
        stroke = layer.stroke
        self.stroke_color = color_or_none(stroke.color if stroke else None)
        self.stroke_width = stroke.width if stroke else 0.0
        self.dash = stroke.dash if stroke else None
        props = [self.radius, self.stroke_color] + ([self.fill] if self.fill else [])
        self.content_static = all(p is None or p.static for p in props)

    def content_state(self, t: float, w: float, h: float) -> tuple[object, ...] | None:
        if self.content_static:
            return ()
        fill = self.fill.color.at(t) if self.fill is not None and self.fill.color is not None else None
        stroke = self.stroke_color.at(t) if self.stroke_color is not None else None
        return (rgba_key(fill), rgba_key(stroke), self.radius.at(t))

    def content_bounds(self, t: float, w: float, h: float) -> skia.Rect | None:
        if self.points:
            xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
            rect = skia.Rect.MakeLTRB(min(0, *xs), min(0, *ys), max(w, *xs), max(h, *ys))
        else:
            rect = skia.Rect.MakeWH(w, h)
        return rect.makeOutset(self.stroke_width + 2, self.stroke_width + 2)

    def _path(self, w: float, h: float) -> skia.Path:
        points = self.points or [(0.0, h / 2), (w, h / 2)]
        path = skia.Path()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        if self.shape == "polygon":
            path.close()
        return path

    def _stroke(self, t: float) -> skia.Paint | None:
        if self.stroke_color is None or self.stroke_width <= 0:
            return None
        return stroke_paint(self.stroke_color.at(t), self.stroke_width, self.dash, round_caps=self.shape == "line")

    def draw_content(self, canvas: skia.Canvas, t: float, w: float, h: float) -> None:
        fill = self.fill.paint(t, w, h) if self.fill is not None else None
        self._draw(canvas, t, w, h, fill, self._stroke(t))

    def draw_silhouette(self, canvas: skia.Canvas, t: float, w: float, h: float, paint: skia.Paint) -> bool:
        stroke = self._stroke(t)
        if stroke is not None:
            outline = skia.Paint(paint)
            outline.setStyle(skia.Paint.kStroke_Style)
            outline.setStrokeWidth(stroke.getStrokeWidth())
            outline.setStrokeCap(stroke.getStrokeCap())
            effect = stroke.getPathEffect()
            if effect is not None:  # skia-python refuses setPathEffect(None) (an undashed stroke)
                outline.setPathEffect(effect)
            stroke = outline
        self._draw(canvas, t, w, h, paint if self.fill is not None else None, stroke)
        return True

    def _draw(self, canvas: skia.Canvas, t: float, w: float, h: float, fill: skia.Paint | None,
              stroke: skia.Paint | None) -> None:
        if self.shape == "line":
            if stroke is None and fill is not None:
                stroke = skia.Paint(fill)
                stroke.setStyle(skia.Paint.kStroke_Style)
                stroke.setStrokeWidth(2.0)
            if stroke is not None:
                canvas.drawPath(self._path(w, h), stroke)
            return
        rect = skia.Rect.MakeWH(w, h)
        radius = min(self.radius.at(t), w / 2, h / 2)
        for paint in (fill, stroke):
            if paint is None:
                continue
            if self.shape == "ellipse":
                canvas.drawOval(rect, paint)
            elif self.shape == "polygon":
                canvas.drawPath(self._path(w, h), paint)
            elif radius > 0:
                canvas.drawRoundRect(rect, radius, radius, paint)
            else:
                canvas.drawRect(rect, paint)


class TextNode(Node):
    """Text laid out once per (box, size, colours); re-laid out only when one of those changes."""

    def __init__(self, layer: TextLayer, path: str, ctx: CompileContext, parent: _Size = None) -> None:
        super().__init__(layer, path)
        text = {"uppercase": str.upper, "lowercase": str.lower}.get(layer.transform, str)(layer.text)
        choice = ctx.fonts.choose(layer.font.family)
        if choice.warning and choice.warning not in ctx.warnings:
            ctx.warnings.append(choice.warning)
        rtl = layer.direction == "rtl" or (layer.direction == "auto" and detect_rtl(text))
        self.spec = TextSpec(text=text, choice=choice, unicode=ctx.fonts.unicode, weight=layer.font.weight,
                             italic=layer.font.style == "italic", line_height=layer.line_height,
                             letter_spacing=layer.letter_spacing, align=layer.align, rtl=rtl)
        self.layer_model = layer
        self.size, self.color = number_prop(layer.font.size), color_prop(layer.color)
        self.gradient = layer.fill
        self.stroke_color = color_or_none(layer.stroke.color if layer.stroke else None)
        self.bg_color = color_or_none(layer.background.color if layer.background else None)
        props = (self.size, self.color, self.stroke_color, self.bg_color)
        self.content_static = all(p is None or p.static for p in props)
        self._cache: dict[tuple[object, ...], object] = {}
        self._shadow: tuple[tuple[object, ...], object] | None = None
        self._pill_cache: tuple[object, skia.Path] | None = None
        self._warnings = ctx.warnings  # text that does not fit even at its smallest size is reported here

    def _block(self, t: float, w: float, h: float):  # noqa: ANN202 - TextBlock
        layer = self.layer_model
        color = self.color.at(t)
        stroke_color = self.stroke_color.at(t) if self.stroke_color is not None else None
        key = (w, h, self.size.at(t), rgba_key(color), rgba_key(stroke_color))
        block = self._cache.get(key)
        if block is None:
            fill = gradient_paint(self.gradient, w, h) if self.gradient is not None else color_paint(color)
            stroke = None
            if stroke_color is not None and layer.stroke is not None and layer.stroke.width > 0:
                # Twice the width under the fill: the visible outline is `width` px outside the glyphs.
                stroke = stroke_paint(stroke_color, layer.stroke.width * 2, round_caps=True)
            auto_fit = (layer.auto_fit.min, layer.auto_fit.max) if layer.auto_fit else None
            block = layout_text(self.spec, width=w, height=h, size=key[2], valign=layer.valign, fill=fill,
                                stroke=stroke, auto_fit=auto_fit, max_lines=layer.max_lines)
            if block.truncated or (auto_fit is not None and block.height > h * 1.1):
                self._warn_unfit(block, w, h)
            if len(self._cache) >= 8:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = block
        return block

    def _warn_unfit(self, block, w: float, h: float) -> None:  # noqa: ANN001 - TextBlock
        how = f"cut to {block.text!r}" if block.truncated else f"{block.height:.0f} px tall"
        message = (f"text layer {self.layer_model.id!r} does not fit its {w:.0f}×{h:.0f} box even at "
                   f"{block.size:.0f} px: {how}")
        if message not in self._warnings:
            self._warnings.append(message)

    def content_state(self, t: float, w: float, h: float) -> tuple[object, ...] | None:
        if self.content_static:
            return ()
        colors = (p.at(t) if p is not None else None for p in (self.color, self.stroke_color, self.bg_color))
        return (self.size.at(t), *(rgba_key(c) for c in colors))

    def draw_silhouette(self, canvas: skia.Canvas, t: float, w: float, h: float, paint: skia.Paint) -> bool:
        if not self.spec.text.strip():
            return True
        block = self._block(t, w, h)
        background = self.layer_model.background
        if background is not None and self.bg_color is not None:
            canvas.drawPath(self._pill(block, background, w), paint)
            return True
        key = (w, h, block.size, id(paint))
        if self._shadow is None or self._shadow[0] != key:
            stroke = None
            if block.stroke is not None and self.layer_model.stroke is not None:
                stroke = skia.Paint(paint)
                stroke.setStyle(skia.Paint.kStroke_Style)
                stroke.setStrokeWidth(self.layer_model.stroke.width * 2)
                stroke.setStrokeJoin(skia.Paint.kRound_Join)
            laid = layout_text(replace(self.spec, text=block.text), width=w, height=h, size=block.size,
                               valign=self.layer_model.valign, fill=paint, stroke=stroke)
            self._shadow = (key, laid)
        laid = cast(TextBlock, self._shadow[1])
        if laid.stroke is not None:
            laid.stroke.paint(canvas, 0, laid.y)
        laid.fill.paint(canvas, 0, laid.y)
        return True

    def _pill(self, block, background, w: float) -> skia.Path:  # noqa: ANN001 - TextBlock, TextBackground
        """The background as one pill per line (laid out once per block)."""
        if self._pill_cache is None or self._pill_cache[0] is not block:
            self._pill_cache = (block, pill_path(self.spec, block, w, background.padding, background.radius))
        return self._pill_cache[1]

    def content_bounds(self, t: float, w: float, h: float) -> skia.Rect | None:
        block = self._block(t, w, h)
        pad_v, pad_h = self.layer_model.background.padding if self.layer_model.background else (0.0, 0.0)
        extra = (self.layer_model.stroke.width if self.layer_model.stroke else 0.0) + 2
        rect = skia.Rect.MakeXYWH(0, block.y, w, block.height)
        rect.join(skia.Rect.MakeWH(w, h))
        return rect.makeOutset(pad_h + extra, pad_v + extra)

    def draw_content(self, canvas: skia.Canvas, t: float, w: float, h: float) -> None:
        if not self.spec.text.strip():
            return
        block = self._block(t, w, h)
        background = self.layer_model.background
        if background is not None and self.bg_color is not None:
            canvas.drawPath(self._pill(block, background, w), color_paint(self.bg_color.at(t)))
        if block.stroke is not None:
            block.stroke.paint(canvas, 0, block.y)
        block.fill.paint(canvas, 0, block.y)


class GroupNode(Node):
    """Children drawn in the group box, sorted by zIndex (stable), optionally clipped to it."""

    def __init__(self, layer: GroupLayer, path: str, ctx: CompileContext, parent: _Size = None) -> None:
        super().__init__(layer, path)
        box = self.static_box(parent)
        nodes = [compile_layer(child, f"{path}.children.{i}", ctx, box) for i, child in enumerate(layer.children)]
        self.children = sorted(nodes, key=lambda n: n.layer.z_index)
        self.clip = layer.clip
        self.content_static = all(c.is_static and (c.always_visible or not c.layer.visible) for c in self.children)

    def content_bounds(self, t: float, w: float, h: float) -> skia.Rect | None:
        return skia.Rect.MakeWH(w, h) if self.clip else None

    def content_state(self, t: float, w: float, h: float) -> tuple[object, ...] | None:
        states = tuple(child.state(t, w, h) for child in self.children)
        return None if any(state is None for state in states) else states

    def paint_bounds(self, t: float, w: float, h: float, blur: float) -> skia.Rect | None:
        if self.clip or self.shadow is not None or blur > 0:
            return self.effect_bounds(t, w, h, blur)
        union = skia.Rect.MakeEmpty()
        for child in self.children:
            bounds = child.bounds(t, w, h)
            if bounds is None:
                return None
            union.join(bounds)
        return union

    def draw_content(self, canvas: skia.Canvas, t: float, w: float, h: float) -> None:
        if self.clip:
            canvas.clipRect(skia.Rect.MakeWH(w, h), True)
        for child in self.children:
            child.draw(canvas, t, w, h)


_NODES: dict[type[LayerBase], type[Node]] = {
    TextLayer: TextNode, ImageLayer: ImageNode, ShapeLayer: ShapeNode, GroupLayer: GroupNode, VideoLayer: VideoNode,
}


def compile_layer(layer: LayerBase, path: str, ctx: CompileContext, parent: _Size = None) -> Node:
    """Build the node for a layer model (`path`: its field path, for errors; `parent`: the parent box when
    it never changes, which lets pictures decode at the size they are shown)."""
    node = _NODES[type(layer)](layer, path, ctx, parent)  # type: ignore[call-arg]
    if ctx.sprites and node.content_static and node.blur.static:
        node.use_sprite = not node.transform_static or node.shadow is not None or node.blur.at(0.0) > 0
    return node
