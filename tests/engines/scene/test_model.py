"""The DSL model: JSON shape, validation errors naming the field, OpenAPI-friendliness."""

from __future__ import annotations

import json

import pytest

from media_service.engines.scene import (
    DEFAULT_MAX_SIDE,
    ImageLayer,
    Keyframes,
    SceneDocument,
    TextLayer,
    load_document,
    parse_color,
    prepare,
)
from media_service.errors import ValidationError

from .helpers import doc


def errors_of(data: object, **kwargs: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        load_document(data, **kwargs)  # type: ignore[arg-type]
    return {e["field"]: e["message"] for e in info.value.errors}


def test_round_trip_keeps_camel_case_names() -> None:
    data = doc(100, 80, [
        {"id": "t", "type": "text", "text": "hi", "lineHeight": 1.4, "letterSpacing": 2, "maxLines": 2,
         "autoFit": {"min": 10, "max": 20}, "font": {"family": "Inter", "weight": 700, "size": 20}},
        {"id": "g", "type": "group", "clip": True, "children": [
            {"id": "s", "type": "shape", "shape": "rect", "fill": {"type": "linear", "from": [0.2, 0], "to": [1, 0],
                                                                    "stops": [[0, "red"], [1, "blue"]]}}]},
    ])
    model = load_document(data)
    dumped = json.loads(model.model_dump_json(exclude_defaults=True))
    text = dumped["layers"][0]
    assert text["lineHeight"] == 1.4 and text["letterSpacing"] == 2 and text["maxLines"] == 2
    assert text["autoFit"] == {"min": 10, "max": 20}
    assert dumped["canvas"]["bgColor"] == "#FFFFFF"
    assert dumped["layers"][1]["children"][0]["fill"]["from"] == [0.2, 0]
    assert load_document(dumped) == model


def test_layers_are_a_discriminated_union() -> None:
    model = load_document(doc(10, 10, [{"id": "a", "type": "text"}, {"id": "b", "type": "image", "src": "x.png"}]))
    assert isinstance(model.layers[0], TextLayer) and isinstance(model.layers[1], ImageLayer)
    schema = SceneDocument.model_json_schema()
    layer_items = schema["properties"]["layers"]["items"]
    assert layer_items["discriminator"]["propertyName"] == "type"
    assert {"text", "image", "shape", "group", "video"} <= set(layer_items["discriminator"]["mapping"])
    text_props = schema["$defs"]["TextLayer"]["properties"]
    assert "maxLines" in text_props and text_props["maxLines"].get("description")


def test_unknown_layer_type_names_the_layer() -> None:
    errs = errors_of(doc(10, 10, [{"id": "a", "type": "text"}, {"id": "b", "type": "sparkle"}]))
    assert "layers.1.type" in errs and "sparkle" in errs["layers.1.type"]


def test_negative_sizes_are_rejected_per_field() -> None:
    errs = errors_of(doc(10, 10, [{"id": "a", "type": "shape", "width": -5},
                                  {"id": "b", "type": "shape", "height": "-10%"},
                                  {"id": "c", "type": "shape", "width": {"keyframes": [{"t": 0, "value": -1}]}}]))
    assert set(errs) == {"layers.0.width", "layers.1.height", "layers.2.width"}
    assert "keyframes.0.value" in errs["layers.2.width"]
    assert "canvas.width" in errors_of({"canvas": {"width": -1, "height": 10}})


def test_canvas_over_the_configured_maximum() -> None:
    errs = errors_of({"canvas": {"width": DEFAULT_MAX_SIDE + 1, "height": 10}})
    assert "maximum" in errs["canvas.width"]
    errs = errors_of({"canvas": {"width": 100, "height": 600}}, max_side=512)
    assert set(errs) == {"canvas.height"}
    with pytest.raises(ValidationError) as info:
        prepare(SceneDocument.model_validate({"canvas": {"width": 600, "height": 10}}), max_side=512)
    assert info.value.errors[0]["field"] == "canvas.width"


def test_bad_colours_name_their_field() -> None:
    errs = errors_of(doc(10, 10, [
        {"id": "a", "type": "text", "color": "#12345"},
        {"id": "b", "type": "shape", "fill": {"type": "radial", "stops": [[0, "reddish"]]}},
        {"id": "c", "type": "shape", "stroke": {"color": "rgb(1,2)"}},
    ], bg="not-a-colour"))
    assert "layers.0.color" in errs and "is not a colour" in errs["layers.0.color"]
    assert any(f.startswith("layers.1.fill") for f in errs)
    assert "layers.2.stroke.color" in errs
    assert any(f.startswith("canvas.bgColor") for f in errs)


def test_duplicate_ids_name_the_second_layer() -> None:
    errs = errors_of(doc(10, 10, [{"id": "a", "type": "text"},
                                  {"id": "g", "type": "group", "children": [{"id": "a", "type": "text"}]}]))
    assert errs == {"layers.1.children.0.id": "duplicate layer id 'a' (also at layers.0)"}


def test_other_bad_values() -> None:
    errs = errors_of(doc(10, 10, [
        {"id": "a", "type": "text", "autoFit": {"min": 30, "max": 10}},
        {"id": "b", "type": "shape", "shape": "polygon", "points": [[0, 0], [1, 1]]},
        {"id": "c", "type": "text", "opacity": 1.5},
        {"id": "d", "type": "text", "x": "abc"},
        {"id": "e", "type": "text", "font": {"weight": 50}},
        {"id": "", "type": "text"},
    ]))
    assert set(errs) == {"layers.0.autoFit", "layers.1", "layers.2.opacity", "layers.3.x", "layers.4.font.weight",
                         "layers.5.id"}
    assert errors_of("{not json")


def test_animated_values_parse_and_sort() -> None:
    model = load_document(doc(10, 10, [{"id": "a", "type": "shape", "x": {"keyframes": [
        {"t": 1, "value": "50%", "easing": "easeOutCubic"}, {"t": 0, "value": 0}]},
        "opacity": {"keyframes": [{"t": 0, "value": 0}, {"t": 0.5, "value": 1, "easing": {"type": "spring"}}]}}]))
    x = model.layers[0].x
    assert isinstance(x, Keyframes) and [k.t for k in x.keyframes] == [0, 1]
    assert x.keyframes[1].value == "50%"
    errs = errors_of(doc(10, 10, [{"id": "a", "type": "shape", "x": {"keyframes": [{"t": 0, "value": 1,
                                                                                     "easing": "wobble"}]}}]))
    assert "layers.0.x" in errs


def test_extra_fields_are_tolerated() -> None:
    model = load_document({**doc(10, 10, [{"id": "a", "type": "text", "futureField": 1}]), "version": 2})
    assert model.layers[0].id == "a"


@pytest.mark.parametrize(("text", "rgba"), [
    ("#f00", (255, 0, 0, 255)), ("#FF000080", (255, 0, 0, 128)), ("#0f08", (0, 255, 0, 136)),
    ("rgb(0, 128, 255)", (0, 128, 255, 255)), ("rgba(10,20,30,0.5)", (10, 20, 30, 128)),
    ("rgb(100%, 0%, 50%)", (255, 0, 128, 255)), ("RebeccaPurple", (102, 51, 153, 255)),
    ("transparent", (0, 0, 0, 0)), (" white ", (255, 255, 255, 255)),
])
def test_colour_strings(text: str, rgba: tuple[int, int, int, int]) -> None:
    c = parse_color(text)
    assert tuple(round(v * 255) for v in c) == rgba


@pytest.mark.parametrize("text", ["", "#12", "#GGGGGG", "rgb(1,2)", "rgba(1,2,3)x", "blurple", "hsl(0,0%,0%)"])
def test_colour_strings_that_do_not_parse(text: str) -> None:
    with pytest.raises(ValueError, match="is not a colour"):
        parse_color(text)
