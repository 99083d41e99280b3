"""Picture layers: images (decoded once, fitted once per box size) and video frames from a FrameSource."""

from __future__ import annotations

import math

import skia

from .animate import number_prop
from .images import HIGH_QUALITY, draw_fitted, fit_rect, load_image, render_fitted
from .model import ImageLayer, VideoLayer
from .nodes import CompileContext, Node
from .paint import FillPaint

__all__ = ["ImageNode", "VideoNode"]

_Size = tuple[float, float] | None


def _clip_path(w: float, h: float, radius: float, mask: str | None) -> skia.Path | None:
    rect = skia.Rect.MakeWH(w, h)
    if mask == "ellipse":
        return skia.Path().addOval(rect)
    if radius > 0:
        r = min(radius, w / 2, h / 2)
        return skia.Path().addRRect(skia.RRect.MakeRectXY(rect, r, r))
    return None


def _draw_outline(canvas: skia.Canvas, w: float, h: float, radius: float, mask: str | None,
                  paint: skia.Paint) -> None:
    """Fill the box's outline; rect, rrect and oval calls let skia blur a shadow analytically."""
    rect = skia.Rect.MakeWH(w, h)
    if mask == "ellipse":
        canvas.drawOval(rect, paint)
    elif radius > 0:
        r = min(radius, w / 2, h / 2)
        canvas.drawRoundRect(rect, r, r, paint)
    else:
        canvas.drawRect(rect, paint)


UPSCALE_WARNING = 1.25
"""A picture shown more than this many times its own pixel size looks soft: the render says so."""


def _warn_upscaled(ctx: CompileContext, layer_id: str, image: skia.Image, box: tuple[float, float], fit: str,
                   detail: float) -> None:
    src_w, src_h = image.width(), image.height()
    if fit == "none" or src_w <= 0 or src_h <= 0:
        return
    sx, sy = box[0] / detail / src_w, box[1] / detail / src_h
    scale = min(sx, sy) if fit == "contain" else max(sx, sy)
    if scale > UPSCALE_WARNING:
        message = (f"picture of image layer {layer_id!r} is {src_w}×{src_h} px but shown at "
                   f"{box[0] / detail:.0f}×{box[1] / detail:.0f}: upscaled {scale:.1f}×, it will look soft "
                   f"(give at least {src_w * scale / UPSCALE_WARNING:.0f} px across)")
        if message not in ctx.warnings:
            ctx.warnings.append(message)


class ImageNode(Node):
    """A decoded picture fitted into the box, or the placeholder fill when no src is bound."""

    def __init__(self, layer: ImageLayer, path: str, ctx: CompileContext, parent: _Size = None) -> None:
        super().__init__(layer, path)
        self.fit, self.focus, self.mask = layer.fit, layer.focus, layer.mask
        self.radius = number_prop(layer.radius)
        self.content_static = self.radius.static
        self.image: skia.Image | None = None
        self.placeholder = FillPaint(layer.placeholder) if layer.placeholder is not None else None
        # self.detail: the fitted picture is rendered at the largest size it is shown, so zooms stay sharp.
        self._cache: tuple[object, skia.Image] | None = None
        self.cache_fitted = ctx.sprites
        self._drawn_once: object = None
        if layer.src:
            file = ctx.resolve(layer.src, f"{path}.src")
            if file is not None:
                box = self.static_box(parent)
                if box is not None:
                    box = (box[0] * self.detail, box[1] * self.detail)
                try:
                    self.image = load_image(file, fit=self.fit, box=box)
                except ValueError as exc:
                    ctx.errors.append({"field": f"{path}.src", "message": str(exc)})
                if self.image is not None and box is not None:
                    _warn_upscaled(ctx, layer.id, self.image, box, self.fit, self.detail)
        elif self.placeholder is None:
            ctx.errors.append({"field": f"{path}.src", "message": f"image layer {layer.id!r} has no src: bind one "
                               f"in bindings.assets.{layer.id}"})

    def draw_silhouette(self, canvas: skia.Canvas, t: float, w: float, h: float, paint: skia.Paint) -> bool:
        if self.image is not None and not self.image.isOpaque():
            return False  # a cut-out: its outline is in its alpha, which needs the offscreen path
        clip = _clip_path(w, h, self.radius.at(t), self.mask)
        if self.image is not None and self.fit in ("contain", "none"):
            if clip is not None:
                return False
            area = fit_rect(self.image.width(), self.image.height(), w, h, self.fit, self.focus)
            if not area.intersect(skia.Rect.MakeWH(w, h)):
                return True
            canvas.drawRect(area, paint)
            return True
        _draw_outline(canvas, w, h, self.radius.at(t), self.mask, paint)
        return True

    def draw_content(self, canvas: skia.Canvas, t: float, w: float, h: float) -> None:
        radius = self.radius.at(t)
        if self.image is None:
            if self.placeholder is not None:
                _draw_outline(canvas, w, h, radius, self.mask, self.placeholder.paint(t, w, h))
            return
        pw, ph = math.ceil(w * self.detail), math.ceil(h * self.detail)
        key = (pw, ph, radius)
        cached = self._cache is not None and self._cache[0] == key
        if not cached and not self.cache_fitted and self._drawn_once != key:
            # The first draw goes straight to the canvas (a static ad draws once); a second draw of the
            # same box means frames: fit once into a box-sized copy and blit it from then on.
            draw_fitted(canvas, self.image, w, h, self.fit, self.focus, _clip_path(w, h, radius, self.mask))
            self._drawn_once = key
            return
        if self._cache is None or not cached:
            clip = _clip_path(pw, ph, radius * self.detail, self.mask)
            self._cache = (key, render_fitted(self.image, pw, ph, self.fit, self.focus, clip))
        content = self._cache[1]
        canvas.drawImageRect(content, skia.Rect.MakeWH(pw / self.detail, ph / self.detail), HIGH_QUALITY)


class VideoNode(Node):
    """Frames from a FrameSource (the video engine's), fitted and clipped like an image."""

    content_static = False

    def __init__(self, layer: VideoLayer, path: str, ctx: CompileContext, parent: _Size = None) -> None:
        super().__init__(layer, path)
        self.video, self.source = layer, None
        self.radius = number_prop(layer.radius)
        if ctx.open_video is None:
            ctx.errors.append({"field": f"{path}.type", "message": "video layers need the video renderer"})
        elif not layer.src:
            ctx.errors.append({"field": f"{path}.src", "message": f"video layer {layer.id!r} has no src"})
        else:
            file = ctx.resolve(layer.src, f"{path}.src")
            if file is not None:
                self.source = ctx.open_video(layer, file)

    def clip_time(self, t: float) -> float:
        """The clip position shown at layer time t: from trimStart at playbackRate, looping inside
        [trimStart, trimEnd or the clip's end) when `loop`, else running on (the source holds its last frame)."""
        video = self.video
        clip_t = video.trim_start + t * video.playback_rate
        end = video.trim_end if video.trim_end is not None else (self.source.duration if self.source else None)
        if end is not None and end > video.trim_start:
            if video.loop:
                clip_t = video.trim_start + (clip_t - video.trim_start) % (end - video.trim_start)
            else:
                clip_t = min(clip_t, end)
        return clip_t

    def draw_content(self, canvas: skia.Canvas, t: float, w: float, h: float) -> None:
        if self.source is None:
            return
        frame = self.source.frame_at(self.clip_time(t))
        if frame is None:
            return
        canvas.save()
        clip = _clip_path(w, h, self.radius.at(t), self.video.mask)
        if clip is not None:
            canvas.clipPath(clip, skia.ClipOp.kIntersect, True)
        else:
            canvas.clipRect(skia.Rect.MakeWH(w, h))
        dst = fit_rect(frame.width(), frame.height(), w, h, self.video.fit, self.video.focus)
        # Sources hand out frames already scaled to about the size shown: no mipmaps to build per frame.
        canvas.drawImageRect(frame, dst, _VIDEO_SAMPLING)
        canvas.restore()


_VIDEO_SAMPLING = skia.SamplingOptions(skia.FilterMode.kLinear)
