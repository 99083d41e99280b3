"""The scene engine: one model and one skia renderer for everything the service draws.

    doc = load_document(json)                         # or SceneDocument.model_validate(...)
    doc = apply_bindings(doc, {"text": {...}, "assets": {...}})
    scene = prepare(doc, resolve_asset=fetch)          # fonts, pictures, static text: once
    scene.draw(canvas, t)                              # any number of frames
    render_to_file(doc, "ad.png", format="png")        # the one-picture shortcut

Errors are media_service.errors.ValidationError with details.errors = [{field, message}].
"""

from .animate import ease, spring_progress
from .bindings import apply_bindings, placeholders
from .color import RGBA, parse_color
from .damage import merge_rows
from .fonts import DEFAULT_FAMILY, FALLBACK_FAMILIES, FontLibrary, default_font_library
from .model import (
    DEFAULT_MAX_SIDE,
    Bindings,
    Canvas,
    FontSource,
    FontSpec,
    GroupLayer,
    ImageLayer,
    Layer,
    SceneDocument,
    ShapeLayer,
    TextAutoFit,
    TextBackground,
    TextLayer,
    VideoLayer,
    load_document,
    to_field_errors,
    walk_layers,
)
from .nodes import FrameSource, OpenVideo
from .output import ImageFormat, encode_image, encode_png
from .render import LayerInfo, PreparedScene, RenderInfo, local_file, prepare, render_image, render_to_file
from .resize import with_size
from .values import Keyframe, Keyframes, LinearGradient, RadialGradient, Shadow, Spring, Stroke

__all__ = [
    "DEFAULT_FAMILY", "DEFAULT_MAX_SIDE", "FALLBACK_FAMILIES", "RGBA", "Bindings", "Canvas", "FontLibrary",
    "FontSource", "FontSpec", "FrameSource", "GroupLayer", "ImageFormat", "ImageLayer", "Keyframe", "Keyframes",
    "Layer", "LayerInfo", "LinearGradient", "OpenVideo", "PreparedScene", "RadialGradient", "RenderInfo",
    "SceneDocument", "Shadow", "ShapeLayer", "Spring", "Stroke", "TextAutoFit", "TextBackground", "TextLayer",
    "VideoLayer", "apply_bindings", "default_font_library", "ease", "encode_image", "encode_png", "load_document",
    "local_file", "merge_rows", "parse_color", "placeholders", "prepare", "render_image", "render_to_file",
    "spring_progress", "to_field_errors", "walk_layers", "with_size",
]
