"""Re-laying a document out at another canvas size, keeping its proportions (not resampling pixels).

The rule, with sx = new width / old width and sy = new height / old height:
- x, width, shadow dx, polygon x: × sx; y, height, shadow dy, polygon y: × sy (percentages are unchanged);
- a layer with `keepAspect` keeps its box shape: its width and height (and its children, wholly) scale by
  min(sx, sy), while its position still follows x × sx, y × sy;
- everything without a direction — font sizes, auto-fit bounds, letter spacing, corner radii, stroke widths,
  dashes, blur, shadow blur, text-pill padding — × min(sx, sy), so text never outgrows a box that shrank
  in one direction.
"""

from __future__ import annotations

from typing import Any

from .model import GroupLayer, ImageLayer, LayerBase, SceneDocument, ShapeLayer, TextLayer, VideoLayer
from .values import Keyframes

__all__ = ["with_size"]


def _scaled(value: Any, factor: float) -> Any:
    """Scale a px value (number, or each keyframe's number); percentages and None stay as they are."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Keyframes):
        frames = [k.model_copy(update={"value": _scaled(k.value, factor)}) for k in value.keyframes]
        return Keyframes(keyframes=frames)
    return float(value) * factor


def _layer(layer: LayerBase, sx: float, sy: float) -> None:
    s = min(sx, sy)
    layer.x, layer.y = _scaled(layer.x, sx), _scaled(layer.y, sy)
    if layer.keep_aspect:
        sx = sy = s
    layer.width, layer.height = _scaled(layer.width, sx), _scaled(layer.height, sy)
    layer.blur = _scaled(layer.blur, s)
    if layer.shadow is not None:
        layer.shadow = layer.shadow.model_copy(update={
            "blur": layer.shadow.blur * s, "dx": layer.shadow.dx * sx, "dy": layer.shadow.dy * sy})
    if isinstance(layer, TextLayer):
        layer.font.size = _scaled(layer.font.size, s)
        layer.letter_spacing *= s
        if layer.auto_fit is not None:
            layer.auto_fit.min, layer.auto_fit.max = layer.auto_fit.min * s, layer.auto_fit.max * s
        if layer.stroke is not None:
            layer.stroke.width *= s
        if layer.background is not None:
            bg = layer.background
            bg.padding, bg.radius = (bg.padding[0] * s, bg.padding[1] * s), bg.radius * s
    elif isinstance(layer, (ImageLayer, VideoLayer)):
        layer.radius = _scaled(layer.radius, s)
    elif isinstance(layer, ShapeLayer):
        layer.radius = _scaled(layer.radius, s)
        if layer.stroke is not None:
            layer.stroke.width *= s
            if layer.stroke.dash is not None:
                layer.stroke.dash = (layer.stroke.dash[0] * s, layer.stroke.dash[1] * s)
        if layer.points is not None:
            layer.points = [(px * sx, py * sy) for px, py in layer.points]
    elif isinstance(layer, GroupLayer):
        for child in layer.children:
            _layer(child, sx, sy)


def with_size(doc: SceneDocument, width: int, height: int) -> SceneDocument:
    """A copy of `doc` laid out for a width × height canvas (see the module docstring for the rule)."""
    if width <= 0 or height <= 0:
        raise ValueError("size must be positive")
    out = doc.model_copy(deep=True)
    sx, sy = width / doc.canvas.width, height / doc.canvas.height
    out.canvas.width, out.canvas.height = width, height
    for layer in out.layers:
        _layer(layer, sx, sy)
    return out
