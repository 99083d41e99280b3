"""Value types shared by every layer: lengths, colours, fills, shadows, strokes and animated values.

A property marked *animatable* takes either a plain value or `{"keyframes": [...]}`. Validation of both
forms goes through one function per kind so a bad value gives one error naming the field, not one per
union branch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

import pydantic
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema, field_validator
from pydantic.alias_generators import to_camel

from .color import parse_color

__all__ = [
    "AnimColor", "AnimFontSize", "AnimLength", "AnimNonNeg", "AnimNumber", "AnimOpacity", "AnimSize", "Color",
    "Easing", "EasingName", "Fill", "Gradient", "GradientStop", "Keyframe", "Keyframes", "Length",
    "LinearGradient", "RadialGradient", "SceneModel", "Shadow", "Size", "Spring", "Stroke",
]


class SceneModel(BaseModel):
    """Base of every DSL model: camelCase JSON names, snake_case attributes, unknown fields ignored."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True,
                              extra="ignore", frozen=False)


# ---- scalars -------------------------------------------------------------------------------------------

_PERCENT_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*%\s*$")


def _check_length(value: Any, *, non_negative: bool) -> float | str:
    if isinstance(value, bool):
        raise ValueError("must be a number of px or a percentage string like '50%'")
    if isinstance(value, (int, float)):
        if non_negative and value < 0:
            raise ValueError(f"must be >= 0, got {value}")
        return float(value)
    if isinstance(value, str):
        match = _PERCENT_RE.match(value)
        if match:
            if non_negative and float(match.group(1)) < 0:
                raise ValueError(f"must be >= 0%, got {value!r}")
            return f"{match.group(1)}%"
    raise ValueError(f"must be a number of px or a percentage string like '50%', got {value!r}")


def _check_color(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"a colour must be a string, got {value!r}")
    parse_color(value)
    return value


def _number_check(*, ge: float | None = None, le: float | None = None, gt: float | None = None
                  ) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number, got {value!r}")
        if ge is not None and value < ge:
            raise ValueError(f"must be >= {ge:g}, got {value}")
        if gt is not None and value <= gt:
            raise ValueError(f"must be > {gt:g}, got {value}")
        if le is not None and value > le:
            raise ValueError(f"must be <= {le:g}, got {value}")
        return float(value)
    return check


_LENGTH_SCHEMA = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?%$"}],
                  "description": "px, or a percentage of the parent box such as \"50%\""}
_COLOR_SCHEMA = {"type": "string", "description": "#RGB, #RRGGBB, #RRGGBBAA, rgb(r,g,b), rgba(r,g,b,a) or a CSS name",
                 "examples": ["#0B1020", "rgba(255,255,255,0.8)", "tomato"]}

Length = Annotated[Union[float, str], PlainValidator(lambda v: _check_length(v, non_negative=False)),
                   WithJsonSchema(_LENGTH_SCHEMA)]
Size = Annotated[Union[float, str], PlainValidator(lambda v: _check_length(v, non_negative=True)),
                 WithJsonSchema({**_LENGTH_SCHEMA, "description": "px (>= 0) or a percentage of the parent box"})]
Color = Annotated[str, PlainValidator(_check_color), WithJsonSchema(_COLOR_SCHEMA)]


# ---- animation -----------------------------------------------------------------------------------------

EasingName = Literal[
    "linear", "hold", "ease", "easeIn", "easeOut", "easeInOut",
    "easeInQuad", "easeOutQuad", "easeInOutQuad", "easeInCubic", "easeOutCubic", "easeInOutCubic",
    "easeInQuart", "easeOutQuart", "easeInOutQuart", "easeInQuint", "easeOutQuint", "easeInOutQuint",
    "easeInSine", "easeOutSine", "easeInOutSine", "easeInExpo", "easeOutExpo", "easeInOutExpo",
    "easeInCirc", "easeOutCirc", "easeInOutCirc", "easeInBack", "easeOutBack", "easeInOutBack", "spring",
]


class Spring(SceneModel):
    """A damped spring easing; the segment's duration is stretched to the spring's settling time."""

    type: Literal["spring"] = "spring"
    damping: float = Field(10.0, gt=0, description="friction")
    stiffness: float = Field(100.0, gt=0)
    mass: float = Field(1.0, gt=0)


Easing = Union[EasingName, Spring]


class Keyframe(SceneModel):
    """One keyframe: the value reached at `t` (seconds from the layer's start) using `easing`."""

    t: float = Field(ge=0, description="seconds from the layer's start")
    value: Union[float, str] = Field(description="number, length or colour, as the property takes")
    easing: Easing = Field("linear", description="easing of the segment that arrives at this keyframe")


class Keyframes(SceneModel):
    """An animated value; before the first keyframe it holds the first value, after the last the last."""

    keyframes: list[Keyframe] = Field(min_length=1)

    @field_validator("keyframes")
    @classmethod
    def _sorted(cls, frames: list[Keyframe]) -> list[Keyframe]:
        return sorted(frames, key=lambda k: k.t)


def _animated(check: Callable[[Any], Any], scalar_schema: dict[str, Any]
              ) -> tuple[PlainValidator, PlainSerializer, WithJsonSchema]:
    def validate(value: Any) -> Any:
        if isinstance(value, Keyframes | dict):
            try:
                frames = value if isinstance(value, Keyframes) else Keyframes.model_validate(value)
            except pydantic.ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise ValueError(f"{where}: {first['msg']}") from None
            for i, frame in enumerate(frames.keyframes):
                try:
                    frame.value = check(frame.value)
                except ValueError as exc:
                    raise ValueError(f"keyframes.{i}.value: {exc}") from None
            return frames
        return check(value)

    keyframes_schema = {"type": "object", "required": ["keyframes"], "properties": {"keyframes": {
        "type": "array", "minItems": 1, "items": {"type": "object", "required": ["t", "value"], "properties": {
            "t": {"type": "number", "minimum": 0}, "value": scalar_schema,
            "easing": {"description": "an easing name or {type: spring, damping, stiffness, mass}"}}}}}}
    schema = {"anyOf": [scalar_schema, keyframes_schema], "description": scalar_schema.get("description", "")
              + " (animatable: a value or {keyframes: [...]})"}
    # An explicit serializer: the union annotation alone makes pydantic warn when dumping Keyframes.
    return PlainValidator(validate), PlainSerializer(_dump_animated), WithJsonSchema(schema)


def _dump_animated(value: Any) -> Any:
    return value.model_dump(by_alias=True) if isinstance(value, BaseModel) else value


_NUMBER = _animated(_number_check(), {"type": "number"})
_NON_NEG = _animated(_number_check(ge=0), {"type": "number", "minimum": 0})
_OPACITY = _animated(_number_check(ge=0, le=1), {"type": "number", "minimum": 0, "maximum": 1})
_LENGTH = _animated(lambda v: _check_length(v, non_negative=False), _LENGTH_SCHEMA)
_SIZE = _animated(lambda v: _check_length(v, non_negative=True), _LENGTH_SCHEMA)
_COLOR = _animated(_check_color, _COLOR_SCHEMA)
_FONT_SIZE = _animated(_number_check(gt=0), {"type": "number", "exclusiveMinimum": 0})

AnimNumber = Annotated[Union[float, Keyframes], _NUMBER[0], _NUMBER[1], _NUMBER[2]]
AnimNonNeg = Annotated[Union[float, Keyframes], _NON_NEG[0], _NON_NEG[1], _NON_NEG[2]]
AnimOpacity = Annotated[Union[float, Keyframes], _OPACITY[0], _OPACITY[1], _OPACITY[2]]
AnimLength = Annotated[Union[float, str, Keyframes], _LENGTH[0], _LENGTH[1], _LENGTH[2]]
AnimSize = Annotated[Union[float, str, Keyframes], _SIZE[0], _SIZE[1], _SIZE[2]]
AnimColor = Annotated[Union[str, Keyframes], _COLOR[0], _COLOR[1], _COLOR[2]]
AnimFontSize = Annotated[Union[float, Keyframes], _FONT_SIZE[0], _FONT_SIZE[1], _FONT_SIZE[2]]


# ---- paint ---------------------------------------------------------------------------------------------

GradientStop = tuple[Annotated[float, Field(ge=0, le=1)], Color]


class LinearGradient(SceneModel):
    """A linear gradient between two points given as fractions (0–1) of the layer box."""

    type: Literal["linear"]
    from_: tuple[float, float] = Field((0.0, 0.0), alias="from", description="start point [x, y], box fractions")
    to: tuple[float, float] = Field((0.0, 1.0), description="end point [x, y], box fractions")
    stops: list[GradientStop] = Field(min_length=1, description="[[offset 0–1, colour], ...]")


class RadialGradient(SceneModel):
    """A radial gradient; `radius` is a fraction of the box width (x) and height (y)."""

    type: Literal["radial"]
    center: tuple[float, float] = Field((0.5, 0.5), description="[x, y], box fractions")
    radius: float = Field(0.5, gt=0, description="fraction of the box size")
    stops: list[GradientStop] = Field(min_length=1)


Gradient = Annotated[Union[LinearGradient, RadialGradient], Field(discriminator="type")]
Fill = Union[Gradient, AnimColor]


class Shadow(SceneModel):
    """A drop shadow of the whole layer."""

    color: Color = "rgba(0,0,0,0.5)"
    blur: float = Field(8.0, ge=0, description="blur radius, px")
    dx: float = Field(0.0, description="offset, px")
    dy: float = Field(4.0, description="offset, px")


class Stroke(SceneModel):
    """An outline: `width` px, optional dash pattern [on, off] px."""

    color: AnimColor = "#000000"
    width: float = Field(1.0, ge=0)
    dash: tuple[Annotated[float, Field(gt=0)], Annotated[float, Field(gt=0)]] | None = None
