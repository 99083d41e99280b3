"""Ken Burns: an image layer's `kenBurns` move compiled to keyframes the scene engine already animates.

The image layer becomes a clipped group with the layer's box, transform, opacity, shadow and timing; inside
it the picture fills the box and zooms about a moving view. With zoom s and focus (fx, fy), the view is the
box scaled down by s and centred on the focus, pushed inwards so it never leaves the picture:

    left = clamp(fx - 1/(2s), 0, 1 - 1/s)      (a fraction of the box width; top likewise)

and the picture is drawn at scale s, offset by -s·left. Scale and offset are keyframed with the same easing,
so each in-between state is a convex mix of two valid ends and no edge of the picture ever shows. The
picture's own sprite is rendered at the largest zoom (the scene engine's `detail`), so the zoom stays sharp
and each frame costs one scaled blit.

Limits: a rounded or elliptical mask zooms with the picture (the group clips to the rectangular box).
"""

from __future__ import annotations

from typing import Any

from media_service.engines.scene import GroupLayer, ImageLayer, Keyframe, Keyframes, Layer
from media_service.engines.scene.model import KenBurns, KenBurnsView

__all__ = ["with_ken_burns"]

_SUFFIX = "~kenburns"


def with_ken_burns(layers: list[Layer], until: float) -> list[Layer]:
    """`layers` with every image layer that has `kenBurns` replaced by its compiled group (recursively).

    `until` is when the layers' parent ends, in the parent's time (the scene's duration at the top level):
    a move with no `duration` lasts from the layer's start to its end, or to `until`.
    """
    out: list[Layer] = []
    for layer in layers:
        if isinstance(layer, ImageLayer) and layer.ken_burns is not None:
            out.append(_compile(layer, layer.ken_burns, until))
        elif isinstance(layer, GroupLayer) and _has_ken_burns(layer.children):
            inner_until = (layer.end if layer.end is not None else until) - layer.start
            out.append(layer.model_copy(update={"children": with_ken_burns(layer.children, inner_until)}))
        else:
            out.append(layer)
    return out


def _has_ken_burns(layers: list[Any]) -> bool:
    for layer in layers:
        if isinstance(layer, ImageLayer) and layer.ken_burns is not None:
            return True
        if isinstance(layer, GroupLayer) and _has_ken_burns(layer.children):
            return True
    return False


def _offset(view: KenBurnsView, axis: int) -> float:
    """How far left (or up) the view starts, as a fraction of the box."""
    s = view.scale
    return min(max(view.focus[axis] - 1 / (2 * s), 0.0), 1 - 1 / s)


def _percent(value: float) -> str:
    return f"{value * 100:.4f}%"


def _compile(layer: ImageLayer, move: KenBurns, until: float) -> GroupLayer:
    end = layer.end if layer.end is not None else until
    duration = move.duration or max(end - layer.start, 1e-3)
    start, finish = move.from_, move.to

    def keyframes(a: float | str, b: float | str) -> Keyframes:
        return Keyframes(keyframes=[Keyframe(t=0.0, value=a, easing="linear"),
                                    Keyframe(t=duration, value=b, easing=move.easing)])

    picture = layer.model_copy(update={
        "id": f"{layer.id}{_SUFFIX}", "x": keyframes(_percent(-start.scale * _offset(start, 0)),
                                                    _percent(-finish.scale * _offset(finish, 0))),
        "y": keyframes(_percent(-start.scale * _offset(start, 1)), _percent(-finish.scale * _offset(finish, 1))),
        "width": "100%", "height": "100%", "anchor": "top-left", "rotation": 0.0,
        "scale": keyframes(start.scale, finish.scale), "opacity": 1.0, "shadow": None, "blur": 0.0, "start": 0.0,
        "end": None, "z_index": 0, "keep_aspect": False, "ken_burns": None, "visible": True,
    })
    return GroupLayer(id=layer.id, type="group", x=layer.x, y=layer.y, width=layer.width, height=layer.height,
                      anchor=layer.anchor, rotation=layer.rotation, scale=layer.scale, opacity=layer.opacity,
                      shadow=layer.shadow, blur=layer.blur, visible=layer.visible, z_index=layer.z_index,
                      keep_aspect=layer.keep_aspect, start=layer.start, end=layer.end, clip=True,
                      children=[picture])
