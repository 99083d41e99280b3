"""Compiled layers: each node holds what never changes (decoded pictures, parsed colours, laid-out text)
and evaluates only its keyframed properties per frame.

Drawing convention: a node's `draw` maps its box to (0,0)–(w,h) — translate to the anchor point, rotate,
scale, step back by the anchor's offset — then `draw_content` paints in box coordinates.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable
from typing import Any, Protocol

import skia

from media_service.errors import FieldError, ServiceError, ValidationError

from .animate import LengthProp, color_prop, number_prop
from .color import parse_color
from .effects import EffectCache, Sprite, draw_with_effects, shadow_paint
from .fonts import FontLibrary
from .model import LayerBase
from .values import Keyframes

__all__ = ["HIDDEN", "CompileContext", "FrameSource", "Node", "OpenVideo"]

_ANCHORS = {"top-left": (0.0, 0.0), "top": (0.5, 0.0), "top-right": (1.0, 0.0), "left": (0.0, 0.5),
            "center": (0.5, 0.5), "right": (1.0, 0.5), "bottom-left": (0.0, 1.0), "bottom": (0.5, 1.0),
            "bottom-right": (1.0, 1.0)}


class FrameSource(Protocol):
    """Frames of a video clip for a `video` layer (implemented by the video engine)."""

    duration: float | None

    def frame_at(self, t: float) -> skia.Image | None:
        """The frame shown at clip time t seconds, or None when there is none."""


OpenVideo = Callable[[Any, Path], FrameSource]
"""Opens a FrameSource for (VideoLayer, resolved local file)."""


class CompileContext:
    """What compiling layers needs, and where it reports problems (errors fail the render, warnings log)."""

    def __init__(self, *, resolve_asset: Callable[[str], Path], fonts: FontLibrary,
                 open_video: OpenVideo | None = None, sprites: bool = False) -> None:
        self.resolve_asset = resolve_asset
        self.sprites = sprites
        self.fonts = fonts
        self.open_video = open_video
        self.errors: list[FieldError] = []
        self.warnings: list[str] = []

    def resolve(self, ref: str, field: str) -> Path | None:
        """A MediaRef as a local file, or None after recording why not. Network and server errors propagate."""
        try:
            path = Path(self.resolve_asset(ref))
        except ValidationError as exc:
            self.errors.append({"field": field, "message": exc.message})
            return None
        except ServiceError:
            raise
        except (OSError, ValueError) as exc:
            self.errors.append({"field": field, "message": f"cannot use {_short(ref)}: {exc}"})
            return None
        if not path.is_file():
            self.errors.append({"field": field, "message": f"{_short(ref)} does not exist"})
            return None
        return path


def _short(ref: str) -> str:
    return repr(ref if len(ref) <= 80 else ref[:60] + "…")


class Node:
    """A compiled layer. Subclasses implement `draw_content(canvas, t, w, h)` and say if it is static."""

    content_static = True

    def __init__(self, layer: LayerBase, path: str) -> None:
        self.layer, self.path, self.id = layer, path, layer.id
        self.x, self.y = LengthProp(layer.x), LengthProp(layer.y)
        self.width = LengthProp(layer.width, default_fraction=1.0)
        self.height = LengthProp(layer.height, default_fraction=1.0)
        self.rotation, self.scale = number_prop(layer.rotation), number_prop(layer.scale)
        self.opacity, self.blur = number_prop(layer.opacity), number_prop(layer.blur)
        self.anchor = _ANCHORS[layer.anchor]
        self.shadow = None
        self._shadow_paint: skia.Paint | None = None
        if layer.shadow is not None:
            s = layer.shadow
            self.shadow = (parse_color(s.color), s.blur, s.dx, s.dy)
            self._shadow_paint = shadow_paint(self.shadow[0], s.blur)
        self._effects = EffectCache()
        self._sprite = Sprite()
        self.use_sprite = False  # set by compile_layer in video mode for layers whose content is static
        self.detail = _max_scale(layer.scale)
        self.start, self.end = layer.start, layer.end

    @property
    def transform_static(self) -> bool:
        """No keyframed geometry, opacity or blur."""
        props = (self.x, self.y, self.width, self.height, self.rotation, self.scale, self.opacity, self.blur)
        return all(p.static for p in props)

    @property
    def is_static(self) -> bool:
        """Looks the same at every time it is visible: safe to draw once and reuse."""
        return self.transform_static and self.content_static

    def static_box(self, parent: tuple[float, float] | None) -> tuple[float, float] | None:
        """The box size when it never changes (needs the parent's fixed size), else None."""
        if parent is None or not (self.width.static and self.height.static):
            return None
        return self.width.px(0.0, parent[0]), self.height.px(0.0, parent[1])

    @property
    def always_visible(self) -> bool:
        """Shown for the whole scene (no start/end window)."""
        return self.layer.visible and self.start <= 0 and self.end is None

    def visible_at(self, t: float) -> bool:
        """Inside its [start, end) window and not hidden."""
        return self.layer.visible and self.start <= t and (self.end is None or t < self.end)

    def draw(self, canvas: skia.Canvas, t: float, parent_w: float, parent_h: float) -> None:
        """Draw at parent time t inside a parent box of parent_w × parent_h (canvas at the parent's origin)."""
        if not self.visible_at(t):
            return
        lt = t - self.start
        opacity = self.opacity.at(lt)
        if opacity <= 0.0:
            return
        w, h = self.width.px(lt, parent_w), self.height.px(lt, parent_h)
        x, y = self.x.px(lt, parent_w), self.y.px(lt, parent_h)
        rotation, scale = self.rotation.at(lt), self.scale.at(lt)
        count = canvas.save()
        canvas.translate(x, y)
        if rotation:
            canvas.rotate(rotation)
        if scale != 1.0:
            canvas.scale(scale, scale)
        ax, ay = self.anchor
        if ax or ay:
            canvas.translate(-ax * w, -ay * h)
        if self.use_sprite and self._sprite.draw(self, canvas, lt, w, h, opacity, scale):
            canvas.restoreToCount(count)
            return
        blur = self.blur.at(lt)
        if opacity < 1.0:
            paint = skia.Paint()
            paint.setAlphaf(opacity)
            canvas.saveLayer(self.effect_bounds(lt, w, h, blur), paint)
        self.draw_body(canvas, lt, w, h, blur)
        canvas.restoreToCount(count)

    # -- what changes between frames (the video renderer redraws only that) ---------------------------------
    def state(self, t: float, parent_w: float, parent_h: float) -> tuple[object, ...] | None:
        """Everything the pixels at parent time t depend on, as a comparable value: equal states draw equal
        pixels. None when unknown (a video layer): such a layer counts as changed on every frame."""
        if not self.visible_at(t):
            return HIDDEN
        lt = t - self.start
        opacity = self.opacity.at(lt)
        if opacity <= 0.0:
            return HIDDEN
        w, h = self.width.px(lt, parent_w), self.height.px(lt, parent_h)
        content = self.content_state(lt, w, h)
        if content is None:
            return None
        return (opacity, w, h, self.x.px(lt, parent_w), self.y.px(lt, parent_h), self.rotation.at(lt),
                self.scale.at(lt), self.blur.at(lt), content)

    def content_state(self, t: float, w: float, h: float) -> tuple[object, ...] | None:
        """The keyframed values `draw_content` reads at local time t (see `state`)."""
        return () if self.content_static else None

    def bounds(self, t: float, parent_w: float, parent_h: float) -> skia.Rect | None:
        """Where the layer paints at parent time t, in parent coordinates (empty when hidden; None when
        unbounded). Mirrors `draw`'s transform."""
        if not self.visible_at(t):
            return skia.Rect.MakeEmpty()
        lt = t - self.start
        if self.opacity.at(lt) <= 0.0:
            return skia.Rect.MakeEmpty()
        w, h = self.width.px(lt, parent_w), self.height.px(lt, parent_h)
        box = self.paint_bounds(lt, w, h, self.blur.at(lt))
        if box is None:
            return None
        matrix = skia.Matrix.Translate(self.x.px(lt, parent_w), self.y.px(lt, parent_h))
        rotation, scale = self.rotation.at(lt), self.scale.at(lt)
        if rotation:
            matrix.preRotate(rotation)
        if scale != 1.0:
            matrix.preScale(scale, scale)
        ax, ay = self.anchor
        matrix.preTranslate(-ax * w, -ay * h)
        return matrix.mapRect(box)

    def paint_bounds(self, t: float, w: float, h: float, blur: float) -> skia.Rect | None:
        """`effect_bounds`, for `bounds`; a group without a clip overrides it with its children's."""
        return self.effect_bounds(t, w, h, blur)

    def draw_body(self, canvas: skia.Canvas, t: float, w: float, h: float, blur: float) -> None:
        """The layer with its shadow and blur, in box coordinates, before opacity."""
        if blur > 0 or not self._draw_shadow(canvas, t, w, h):
            cache = self._effects if self.content_static and self.blur.static else None
            draw_with_effects(self, canvas, t, w, h, blur, self.shadow, cache)
        else:
            self.draw_content(canvas, t, w, h)

    def _draw_shadow(self, canvas: skia.Canvas, t: float, w: float, h: float) -> bool:
        """Draw the cheap silhouette shadow, if any; False when this layer needs the offscreen path."""
        if self.shadow is None or self._shadow_paint is None:
            return True
        canvas.save()
        canvas.translate(self.shadow[2], self.shadow[3])
        drawn = self.draw_silhouette(canvas, t, w, h, self._shadow_paint)
        canvas.restore()
        return drawn

    def effect_bounds(self, t: float, w: float, h: float, blur: float) -> skia.Rect | None:
        """Content bounds grown by the shadow and blur (box coordinates); None when unbounded."""
        bounds = self.content_bounds(t, w, h)
        if bounds is None:
            return None
        spread = 3 * blur
        if self.shadow is not None:
            _, radius, dx, dy = self.shadow
            shadow = bounds.makeOffset(dx, dy).makeOutset(1.5 * radius, 1.5 * radius)
            bounds = skia.Rect.MakeLTRB(min(bounds.left(), shadow.left()), min(bounds.top(), shadow.top()),
                                        max(bounds.right(), shadow.right()), max(bounds.bottom(), shadow.bottom()))
        return bounds.makeOutset(spread, spread)

    def draw_silhouette(self, canvas: skia.Canvas, t: float, w: float, h: float, paint: skia.Paint) -> bool:
        """Draw the layer's outline filled with `paint` (a shadow); False if the layer cannot (the default)."""
        return False

    def content_bounds(self, t: float, w: float, h: float) -> skia.Rect | None:
        """Where content may paint, box coordinates (None: anywhere); bounds the offscreen layer."""
        return skia.Rect.MakeWH(w, h)

    def draw_content(self, canvas: skia.Canvas, t: float, w: float, h: float) -> None:
        """Paint the layer itself in its box (0,0)–(w,h)."""
        raise NotImplementedError


#: The state of a layer that paints nothing at that time.
HIDDEN: tuple[object, ...] = ("hidden",)


def color_or_none(raw: Any) -> Any:
    """A colour property, or None when unset."""
    return None if raw is None else color_prop(raw)


def _max_scale(raw: object) -> float:
    """The largest `scale` a layer reaches (at least 1): pictures of it are rendered at that detail."""
    if isinstance(raw, Keyframes):
        return max(1.0, *(float(k.value) for k in raw.keyframes))
    return max(1.0, float(raw))  # type: ignore[arg-type]
