"""Compile once, draw many: `prepare` turns a document into a PreparedScene whose `draw(canvas, t)` paints
the frame at time t. `render_image` and `render_to_file` are the one-picture conveniences (static ads).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

import numpy as np
import skia

from media_service.errors import ValidationError

from .animate import color_prop
from .bindings import apply_bindings
from .damage import FULL_FRAME, DamageTracker
from .fonts import FontLibrary, default_font_library
from .layers import compile_layer
from .model import DEFAULT_MAX_SIDE, Bindings, SceneDocument, load_document
from .nodes import CompileContext, Node, OpenVideo
from .output import FORMATS, ImageFormat, encode_image
from .paint import color_paint, gradient_paint
from .resize import with_size
from .values import LinearGradient, RadialGradient

__all__ = ["LayerInfo", "PreparedScene", "RenderInfo", "local_file", "prepare", "render_image", "render_to_file"]



def local_file(ref: str) -> Path:
    """The default asset resolver: the ref is a local path (callers pass their MediaRef resolver instead)."""
    return Path(ref)


@dataclass(frozen=True)
class LayerInfo:
    """A top-level layer as the video renderer sees it: cacheable when static and always visible."""

    id: str
    type: str
    is_static: bool
    start: float
    end: float | None


@dataclass(frozen=True)
class RenderInfo:
    """What `render_to_file` wrote; `warnings` (missing fonts …) belong in the job log."""

    width: int
    height: int
    mime: str
    format: str
    bytes: int
    warnings: list[str] = field(default_factory=list)


class PreparedScene:
    """A compiled scene. Not thread-safe (nodes cache layouts): one per thread."""

    def __init__(self, doc: SceneDocument, nodes: list[Node], warnings: list[str], *, cache_static: bool) -> None:
        self.document = doc
        self.width, self.height = doc.canvas.width, doc.canvas.height
        self.nodes = sorted(nodes, key=lambda n: n.layer.z_index)
        self.warnings = warnings
        self.duration = doc.duration or max((n.end for n in self.nodes if n.end is not None), default=0.0)
        self._background = _Background(doc.canvas.bg_color, self.width, self.height)
        self._cache_static = cache_static
        self._plan: list[_Step] | None = None
        self._damage: DamageTracker | None = None

    @property
    def layers(self) -> list[LayerInfo]:
        """The top-level layers in drawing order."""
        return [LayerInfo(n.id, n.layer.type, n.is_static, n.start, n.end) for n in self.nodes]

    @property
    def is_static(self) -> bool:
        """True when every frame is the same picture."""
        return all(n.is_static and (n.always_visible or not n.layer.visible) for n in self.nodes)

    def draw(self, canvas: skia.Canvas, t: float = 0.0) -> None:
        """Paint the frame at t seconds over (0,0)–(width,height), replacing what was there."""
        canvas.save()
        canvas.clipRect(skia.Rect.MakeWH(self.width, self.height))
        if self._cache_static:
            self._draw_cached(canvas, t)
        else:
            canvas.drawColor(skia.ColorTRANSPARENT, skia.BlendMode.kSrc)
            self._background.draw(canvas, t)
            self.draw_layers(canvas, t)
        canvas.restore()

    def changes(self, t: float, matrix: skia.Matrix) -> list[skia.IRect] | None:
        """Video mode: the device rectangles (for a canvas with `matrix`) in which the frame at t differs from
        the last frame this was asked about; None for all of it. See damage.py."""
        if not self._background.static:
            return FULL_FRAME
        if self._damage is None:
            if self._plan is None:
                self._plan = self._build_plan()
            moving = [node for step in self._plan for node in step.nodes]
            self._damage = DamageTracker(moving, self.width, self.height)
        return self._damage.changes(t, matrix)

    def draw_layers(self, canvas: skia.Canvas, t: float = 0.0, nodes: list[Node] | None = None) -> None:
        """Paint the layers only (no background), over what is on the canvas: for compositing scenes."""
        for node in self.nodes if nodes is None else nodes:
            node.draw(canvas, t, self.width, self.height)

    def _draw_cached(self, canvas: skia.Canvas, t: float) -> None:
        if self._plan is None:
            self._plan = self._build_plan()
        if not (self._plan and self._plan[0].replaces):
            canvas.drawColor(skia.ColorTRANSPARENT, skia.BlendMode.kSrc)
        if not self._background.static:
            self._background.draw(canvas, t)
        for step in self._plan:
            if step.image is not None:
                canvas.drawImage(step.image, step.x, step.y, skia.SamplingOptions(), step.paint)
            else:
                self.draw_layers(canvas, t, step.nodes)

    def _build_plan(self) -> list[_Step]:
        """Runs of static, always-visible layers become one picture each (the background joins the first)."""
        runs: list[tuple[bool, list[Node]]] = []
        for node in self.nodes:
            static = node.is_static and node.always_visible
            if runs and runs[-1][0] == static:
                runs[-1][1].append(node)
            else:
                runs.append((static, [node]))
        if not runs or not runs[0][0]:
            runs.insert(0, (True, []))
        plan: list[_Step] = []
        for i, (static, nodes) in enumerate(runs):
            if not static:
                plan.append(_Step(nodes=nodes))
                continue
            surface = skia.Surface.MakeRasterN32Premul(self.width, self.height)
            layer_canvas = surface.getCanvas()
            layer_canvas.clear(skia.ColorTRANSPARENT)
            if i == 0 and self._background.static:
                self._background.draw(layer_canvas, 0.0)
            self.draw_layers(layer_canvas, 0.0, nodes)
            step = _Step.from_picture(surface.makeImageSnapshot(), first=i == 0)
            if step is not None:
                plan.append(step)
        return plan


class _Step:
    """One step of a cached frame: a picture to place (cropped to its content), or layers to draw."""

    def __init__(self, *, nodes: list[Node] | None = None, image: skia.Image | None = None, x: int = 0,
                 y: int = 0, replaces: bool = False) -> None:
        self.nodes, self.image, self.x, self.y, self.replaces = nodes or [], image, x, y, replaces
        self.paint = skia.Paint()
        if replaces:
            self.paint.setBlendMode(skia.BlendMode.kSrc)  # an opaque full frame: a copy, no blending

    @classmethod
    def from_picture(cls, image: skia.Image, *, first: bool) -> _Step | None:
        alpha = _alpha(image)
        if first and bool((alpha == 255).all()):
            return cls(image=image, replaces=True)
        rows, cols = np.nonzero(alpha.any(axis=1))[0], np.nonzero(alpha.any(axis=0))[0]
        if len(rows) == 0:
            return None
        box = skia.IRect.MakeLTRB(int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
        return cls(image=image.makeSubset(box), x=box.left(), y=box.top())


def _alpha(image: skia.Image) -> np.ndarray:
    pixels = np.empty((image.height(), image.width()), np.uint8)
    info = skia.ImageInfo.Make(image.width(), image.height(), skia.kAlpha_8_ColorType, skia.kPremul_AlphaType)
    image.readPixels(info, pixels, image.width())
    return pixels


class _Background:
    """The canvas fill: nothing, a colour (maybe keyframed) or a gradient."""

    def __init__(self, fill: object, width: int, height: int) -> None:
        self.rect = skia.Rect.MakeWH(width, height)
        self.color = color_prop(fill) if fill is not None and not isinstance(fill, _GRADIENTS) else None
        self.gradient = gradient_paint(fill, width, height) if isinstance(fill, _GRADIENTS) else None
        self.static = self.color is None or self.color.static

    def draw(self, canvas: skia.Canvas, t: float) -> None:
        if self.gradient is not None:
            canvas.drawRect(self.rect, self.gradient)
        elif self.color is not None:
            canvas.drawRect(self.rect, color_paint(self.color.at(t)))


_GRADIENTS = (LinearGradient, RadialGradient)


def prepare(doc: SceneDocument | dict[str, Any], *, resolve_asset: Callable[[str], Path] = local_file,
            fonts: FontLibrary | None = None, open_video: OpenVideo | None = None,
            max_side: int = DEFAULT_MAX_SIDE, cache_static: bool = False) -> PreparedScene:
    """Compile a document: apply its own bindings, load fonts, decode pictures, lay out static text.

    `resolve_asset` turns a MediaRef into a local file (the caller's media layer). `cache_static` draws runs
    of static layers once into pictures that later frames reuse (for video). Raises ValidationError listing
    every bad field (missing or undecodable assets, unreadable fonts, canvas over `max_side`).
    """
    if not isinstance(doc, SceneDocument):
        doc = load_document(doc, max_side=max_side)
    for side in ("width", "height"):
        if getattr(doc.canvas, side) > max_side:
            message = f"{getattr(doc.canvas, side)} px is over the maximum canvas side {max_side}"
            raise ValidationError("Canvas too large", errors=[{"field": f"canvas.{side}", "message": message}])
    doc = apply_bindings(doc)
    library = fonts or default_font_library()
    ctx = CompileContext(resolve_asset=resolve_asset, fonts=library, open_video=open_video, sprites=cache_static)
    if doc.fonts:
        custom = []
        for i, source in enumerate(doc.fonts):
            path = ctx.resolve(source.src, f"fonts.{i}.src")
            if path is not None:
                custom.append((source.family, path))
        try:
            ctx.fonts = library.with_fonts(custom)
        except ValueError as exc:
            ctx.errors.append({"field": "fonts", "message": str(exc)})
    canvas = (float(doc.canvas.width), float(doc.canvas.height))
    nodes = [compile_layer(layer, f"layers.{i}", ctx, canvas) for i, layer in enumerate(doc.layers)]
    if ctx.errors:
        raise ValidationError("The scene cannot be rendered", errors=ctx.errors)
    return PreparedScene(doc, nodes, ctx.warnings, cache_static=cache_static)


def render_image(doc: SceneDocument | dict[str, Any], *, resolve_asset: Callable[[str], Path] = local_file,
                 bindings: Bindings | dict[str, Any] | None = None, size: tuple[int, int] | None = None,
                 t: float = 0.0, fonts: FontLibrary | None = None, max_side: int = DEFAULT_MAX_SIDE,
                 warnings: list[str] | None = None) -> skia.Image:
    """Render one frame (t = 0: a static ad) to a raster image; `warnings` collects font fallbacks, pictures
    upscaled past their pixel density and text that does not fit its box even at its smallest size."""
    if not isinstance(doc, SceneDocument):
        doc = load_document(doc, max_side=max_side)
    doc = apply_bindings(doc, bindings)
    if size is not None:
        for name, value in zip(("size.width", "size.height"), size):
            if not 0 < value <= max_side:
                raise ValidationError(f"must be 1..{max_side}, got {value}", field=name)
        doc = with_size(doc, *size)
    scene = prepare(doc, resolve_asset=resolve_asset, fonts=fonts, max_side=max_side)
    surface = skia.Surface.MakeRasterN32Premul(scene.width, scene.height)
    scene.draw(surface.getCanvas(), t)
    if warnings is not None:  # after drawing: text that does not fit is found when it is laid out
        warnings.extend(scene.warnings)
    return surface.makeImageSnapshot()


def render_to_file(doc: SceneDocument | dict[str, Any], out_path: Path | str, *,
                   resolve_asset: Callable[[str], Path] = local_file, bindings: Bindings | dict[str, Any] | None = None,
                   format: ImageFormat = "png", quality: int = 90, size: tuple[int, int] | None = None,
                   fonts: FontLibrary | None = None, max_side: int = DEFAULT_MAX_SIDE) -> RenderInfo:
    """Render a static picture (t = 0) and write it; `size` re-lays the document out (see `with_size`)."""
    warnings: list[str] = []
    image = render_image(doc, resolve_asset=resolve_asset, bindings=bindings, size=size, fonts=fonts,
                         max_side=max_side, warnings=warnings)
    data = encode_image(image, format, quality)
    Path(out_path).write_bytes(data)
    return RenderInfo(image.width(), image.height(), FORMATS[format][1], format, len(data), warnings)
