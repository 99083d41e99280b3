"""The scene document: the template DSL of `docs/template-dsl.md` as pydantic models.

Everything here is JSON: `SceneDocument.model_validate(json)` in, `.model_dump()` out (camelCase). The
`Layer` union is discriminated on `type`; a new kind of layer is a model here plus a node in `nodes.py`.
Extensions beyond the DSL (documented per field): `scale`, `zIndex`, `keepAspect`, `start`/`end`, `required`,
`placeholder` (image default), `align: start|end`, the `video` layer (trim, loop, rate, volume, mute), the
image layer's `kenBurns` (video only) and `duration`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union

import pydantic
from pydantic import Field, ValidationInfo, field_validator, model_validator

from media_service.errors import ValidationError

from .values import (
    AnimColor,
    AnimFontSize,
    AnimLength,
    AnimNonNeg,
    AnimNumber,
    AnimOpacity,
    AnimSize,
    Fill,
    Easing,
    Gradient,
    SceneModel,
    Shadow,
    Stroke,
)

__all__ = [
    "Anchor", "Bindings", "Canvas", "DEFAULT_MAX_SIDE", "FontSource", "FontSpec", "GroupLayer", "ImageLayer",
    "KenBurns", "KenBurnsView", "Layer", "SceneDocument", "ShapeLayer", "TextAutoFit", "TextBackground", "TextLayer", "VideoLayer",
    "load_document", "to_field_errors", "walk_layers",
]

DEFAULT_MAX_SIDE = 8192
"""Largest canvas side accepted unless the caller passes another limit (validation context `max_side`)."""

Anchor = Literal["top-left", "top", "top-right", "left", "center", "right", "bottom-left", "bottom", "bottom-right"]
Fit = Literal["cover", "contain", "fill", "none"]


class LayerBase(SceneModel):
    """Fields every layer has. Geometry is relative to the parent box (the canvas, or the group)."""

    id: str = Field(min_length=1, description="unique id: binding target and log name")
    type: str = Field(description="the layer kind; each layer model narrows it to one literal")
    x: AnimLength = Field(0.0, description="x of the anchor point")
    y: AnimLength = Field(0.0, description="y of the anchor point")
    width: AnimSize | None = Field(None, description="box width; default: the parent's width")
    height: AnimSize | None = Field(None, description="box height; default: the parent's height")
    anchor: Anchor = Field("top-left", description="which point of the box sits at x, y")
    rotation: AnimNumber = Field(0.0, description="degrees clockwise about the anchor")
    scale: AnimNonNeg = Field(1.0, description="extension: uniform scale about the anchor")
    opacity: AnimOpacity = 1.0
    shadow: Shadow | None = None
    blur: AnimNonNeg = Field(0.0, description="gaussian blur radius of the whole layer, px")
    visible: bool = True
    z_index: int = Field(0, description="extension: stacking among siblings; equal values keep list order")
    keep_aspect: bool = Field(False, description="extension: when re-rendered at another aspect ratio, scale this "
                              "box (and its children) uniformly instead of stretching it, e.g. a round badge")
    start: float = Field(0.0, ge=0, description="extension (video): first second the layer is shown, parent time")
    end: float | None = Field(None, gt=0, description="extension (video): second it disappears; null = never")


class TextAutoFit(SceneModel):
    """Shrink or grow the font to the largest size in [min, max] that fits the box."""

    min: float = Field(8.0, gt=0)
    max: float = Field(200.0, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> TextAutoFit:
        if self.min > self.max:
            raise ValueError("autoFit.min must be <= autoFit.max")
        return self


class TextBackground(SceneModel):
    """A pill behind the text block: `padding` = [vertical, horizontal] px."""

    color: AnimColor = "#000000"
    padding: tuple[float, float] = (8.0, 16.0)
    radius: float = Field(12.0, ge=0)


class FontSpec(SceneModel):
    """Font request; a family that is not installed falls back (and is reported in the render warnings)."""

    family: str = "Inter"
    weight: int = Field(400, ge=100, le=1000)
    style: Literal["normal", "italic"] = "normal"
    size: AnimFontSize = Field(48.0, description="px")


class TextLayer(LayerBase):
    """Text wrapped inside its box, shaped with HarfBuzz and font fallback for every script."""

    type: Literal["text"]
    text: str = Field("", description="may contain {{name}} or {{name|default}} placeholders")
    font: FontSpec = Field(default_factory=lambda: FontSpec.model_validate({}))
    color: AnimColor = "#000000"
    fill: Gradient | None = Field(None, description="gradient fill; overrides color")
    align: Literal["left", "center", "right", "justify", "start", "end"] = "start"
    valign: Literal["top", "middle", "bottom"] = "top"
    line_height: float = Field(1.2, gt=0, description="multiple of the font size")
    letter_spacing: float = Field(0.0, description="px")
    max_lines: int | None = Field(None, ge=1, description="cut after this many lines with an ellipsis")
    auto_fit: TextAutoFit | None = None
    stroke: Stroke | None = Field(None, description="outline drawn outside the glyphs")
    background: TextBackground | None = None
    transform: Literal["none", "uppercase", "lowercase"] = "none"
    direction: Literal["auto", "ltr", "rtl"] = "auto"
    required: bool = Field(False, description="extension: a render fails if the text ends up empty")


class KenBurnsView(SceneModel):
    """One end of a Ken Burns move: how far the picture is zoomed into its box, and the point looked at."""

    scale: float = Field(1.0, ge=1, le=10, description="zoom inside the box (1 = the fitted picture)")
    focus: tuple[float, float] = Field((0.5, 0.5), description="[fx, fy] 0–1 of the box: the centre of the view, "
                                       "moved inwards where needed so the picture always covers the box")


class KenBurns(SceneModel):
    """Extension (video): a slow pan/zoom of the picture inside its box (the box itself stays put)."""

    from_: KenBurnsView = Field(default_factory=lambda: KenBurnsView.model_validate({}), alias="from")
    to: KenBurnsView = Field(default_factory=lambda: KenBurnsView.model_validate({"scale": 1.2}))
    duration: float | None = Field(None, gt=0, description="seconds from the layer's start; default: until the "
                                   "layer ends (its `end`, else its scene's end)")
    easing: Easing = Field("linear", description="an easing name or a spring")


class ImageLayer(LayerBase):
    """A picture fitted into its box; EXIF orientation honoured, alpha kept."""

    type: Literal["image"]
    src: str | None = Field(None, description="MediaRef; or set through bindings.assets[id]")
    fit: Fit = "cover"
    focus: tuple[float, float] = Field((0.5, 0.5), description="[fx, fy] 0–1: the point kept in view")
    radius: AnimNonNeg = Field(0.0, description="corner radius, px")
    mask: Literal["ellipse"] | None = None
    placeholder: Fill | None = Field(None, description="extension: drawn (clipped like the image) when src is unset")
    required: bool = Field(False, description="extension: a render fails when no src is bound")
    ken_burns: KenBurns | None = Field(None, description="extension (video): pan/zoom inside the box, compiled to "
                                       "keyframes by the video engine; a static render shows the plain fitted picture")


class VideoLayer(LayerBase):
    """Extension (video scenes): frames of a clip, fitted like an image; needs a video frame source."""

    type: Literal["video"]
    src: str | None = Field(None, description="MediaRef; or set through bindings.assets[id]")
    fit: Fit = "cover"
    focus: tuple[float, float] = (0.5, 0.5)
    radius: AnimNonNeg = 0.0
    mask: Literal["ellipse"] | None = None
    trim_start: float = Field(0.0, ge=0, description="seconds into the clip shown at the layer's start")
    trim_end: float | None = Field(None, gt=0, description="seconds into the clip where it stops (then loops, or "
                                   "holds its last frame); default: the clip's end")
    playback_rate: float = Field(1.0, gt=0, le=16)
    loop: bool = Field(False, description="repeat [trimStart, trimEnd) while the layer is shown")
    volume: float = Field(1.0, ge=0, le=4, description="read by the audio plan, not by the renderer")
    muted: bool = Field(False, description="leave the clip's sound out of the programme")

    @model_validator(mode="after")
    def _trim_window(self) -> VideoLayer:
        if self.trim_end is not None and self.trim_end <= self.trim_start:
            raise ValueError(f"trimEnd ({self.trim_end:g}) must be after trimStart ({self.trim_start:g})")
        return self
    required: bool = Field(False, description="a render fails when no src is bound")


class ShapeLayer(LayerBase):
    """rect (with `radius` for rounded corners), ellipse, line or polygon."""

    type: Literal["shape"]
    shape: Literal["rect", "ellipse", "line", "polygon"] = "rect"
    fill: Fill | None = None
    stroke: Stroke | None = None
    radius: AnimNonNeg = Field(0.0, description="corner radius of a rect, px")
    points: list[tuple[float, float]] | None = Field(None, description="line/polygon points, px relative to the box")

    @model_validator(mode="after")
    def _points(self) -> ShapeLayer:
        need = {"line": 2, "polygon": 3}.get(self.shape)
        if need and self.points is not None and len(self.points) < need:
            raise ValueError(f"a {self.shape} needs at least {need} points")
        return self


class GroupLayer(LayerBase):
    """Children positioned relative to the group box; transform and opacity apply to the whole group."""

    type: Literal["group"]
    children: list[Layer] = Field(default_factory=list)
    clip: bool = Field(False, description="clip children to the group box")


Layer = Annotated[Union[TextLayer, ImageLayer, ShapeLayer, GroupLayer, VideoLayer], Field(discriminator="type")]
GroupLayer.model_rebuild()


class Canvas(SceneModel):
    """The picture's size in px and its background (transparent when unset)."""

    width: int = Field(gt=0)
    height: int = Field(gt=0)
    bg_color: Fill | None = Field(None, description="colour or gradient; transparent when unset")

    @field_validator("width", "height")
    @classmethod
    def _within_limit(cls, value: int, info: ValidationInfo) -> int:
        limit = (info.context or {}).get("max_side", DEFAULT_MAX_SIDE)
        if value > limit:
            raise ValueError(f"{value} px is over the maximum canvas side {limit}")
        return value


class FontSource(SceneModel):
    """A custom font: a family name and a MediaRef to a .ttf/.otf/.woff2 file."""

    family: str = Field(min_length=1)
    src: str = Field(min_length=1)


class Bindings(SceneModel):
    """Values filled into layers by id (`text`, `assets`) and into {{placeholders}} by name (`text`)."""

    text: dict[str, str] = Field(default_factory=dict)
    assets: dict[str, str] = Field(default_factory=dict)


class SceneDocument(SceneModel):
    """A canvas, custom fonts, layers (first drawn at the back) and default bindings."""

    canvas: Canvas
    fonts: list[FontSource] = Field(default_factory=list)
    layers: list[Layer] = Field(default_factory=list)
    bindings: Bindings = Field(default_factory=Bindings)
    duration: float | None = Field(None, gt=0, description="extension (video): scene length in seconds")

    @field_validator("layers")
    @classmethod
    def _unique_ids(cls, layers: list[LayerBase]) -> list[LayerBase]:
        # A field validator, not a model one: the model's schema stays a plain model (clean union labels).
        seen: dict[str, str] = {}
        for path, layer in walk_layers(layers):
            if layer.id in seen:
                raise ValueError(f"{path}.id: duplicate layer id {layer.id!r} (also at {seen[layer.id]})")
            seen[layer.id] = path
        return layers


def walk_layers(layers: list[Any], prefix: str = "layers") -> Iterator[tuple[str, Any]]:
    """Yield (field path, layer) for every layer, depth first, e.g. ("layers.2.children.0", layer)."""
    for i, layer in enumerate(layers):
        path = f"{prefix}.{i}"
        yield path, layer
        if isinstance(layer, GroupLayer):
            yield from walk_layers(layer.children, f"{path}.children")


def load_document(data: Any, *, max_side: int = DEFAULT_MAX_SIDE) -> SceneDocument:
    """Validate JSON (dict, str or bytes) into a SceneDocument; raise ValidationError listing each bad field."""
    try:
        if isinstance(data, (str, bytes, bytearray)):
            return SceneDocument.model_validate_json(data, context={"max_side": max_side})
        return SceneDocument.model_validate(data, context={"max_side": max_side})
    except pydantic.ValidationError as exc:
        raise ValidationError("Invalid scene document", errors=to_field_errors(exc)) from None


def to_field_errors(exc: pydantic.ValidationError) -> list[dict[str, str]]:
    """Pydantic errors as [{field, message}]: union-branch labels (`tagged-union[...]`, `function-plain[...]`,
    layer and gradient tags) dropped from the path, and of the errors one union value produces only those of
    the branch that fits the input (a colour string's error, not "should be a dictionary")."""
    errors = exc.errors()
    best: dict[tuple[Any, ...], int] = {}
    for err in errors:
        if (at := _branch_at(err["loc"])) is not None:
            site = tuple(err["loc"][:at])
            best[site] = min(best.get(site, 9), _branch_rank(err, at))
    out = []
    for err in errors:
        loc = list(err["loc"])
        at = _branch_at(loc)
        if at is not None and _branch_rank(err, at) != best[tuple(loc[:at])]:
            continue
        parts = [str(p) for i, p in enumerate(loc) if not _is_label(loc, i)]
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            parts.append(str(err.get("ctx", {}).get("discriminator", "type")).strip("'"))
        field, message = ".".join(parts), err["msg"].removeprefix("Value error, ")
        # Document-level checks name the field at the start of their message ("layers.3.id: ...").
        located = _LOCATED_RE.match(message)
        if located:
            inner = located.group(1)
            if parts and parts[-1] == inner.split(".")[0]:
                parts = parts[:-1]  # the message's path starts at the field that raised it
            field = ".".join([*parts, inner])
            message = located.group(2)
        out.append({"field": field, "message": message})
    return out


_TAGS = frozenset({"text", "image", "shape", "group", "video", "linear", "radial"})
_BRANCH_MARKS = ("tagged-union[", "function-")


def _is_label(loc: list[Any], i: int) -> bool:
    """Whether loc[i] names a union branch rather than a field: a marker, or a tag after an index or marker."""
    part = loc[i]
    if not isinstance(part, str):
        return False
    if part.startswith(_BRANCH_MARKS):
        return True
    before = loc[i - 1] if i > 0 else None
    return part in _TAGS and (isinstance(before, int) or (isinstance(before, str) and before.startswith(_BRANCH_MARKS)))


def _branch_at(loc: tuple[Any, ...] | list[Any]) -> int | None:
    return next((i for i, p in enumerate(loc) if isinstance(p, str) and p.startswith(_BRANCH_MARKS)), None)


def _branch_rank(err: Any, at: int) -> int:
    """Lower is likelier the branch the client meant: one it got into, a wrong tag, a bad value, a wrong type."""
    if len(err["loc"]) > at + 1:
        return 0
    if err["type"] == "union_tag_invalid":
        return 1
    if err["type"].endswith("_type") or err["type"] == "union_tag_not_found":
        return 3
    return 2


_LOCATED_RE = re.compile(r"^((?:layers|canvas|fonts|bindings)(?:\.[\w-]+)*): (.*)$", re.DOTALL)
