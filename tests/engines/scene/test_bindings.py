"""Bindings: text and assets by layer id, {{placeholders}} by name, and the errors listing every name."""

from __future__ import annotations

from pathlib import Path

import pytest

from media_service.engines.scene import apply_bindings, load_document, placeholders
from media_service.errors import ValidationError

from .helpers import doc


def template() -> dict:
    return doc(100, 100, [
        {"id": "headline", "type": "text", "text": "Default headline"},
        {"id": "greeting", "type": "text", "text": "Hello {{name}}, {{offer|10% off}} today"},
        {"id": "g", "type": "group", "children": [{"id": "photo", "type": "image", "placeholder": "#888"}]},
        {"id": "box", "type": "shape"},
    ], bindings={"text": {"name": "friend"}})


def test_text_and_assets_fill_layers_by_id(tmp_path: Path) -> None:
    out = apply_bindings(load_document(template()), {"text": {"headline": "New!", "name": "Ana"},
                                                     "assets": {"photo": "/pics/a.png"}})
    layers = {layer.id: layer for layer in out.layers}
    assert layers["headline"].text == "New!"
    assert layers["greeting"].text == "Hello Ana, 10% off today"
    assert out.layers[2].children[0].src == "/pics/a.png"
    assert out.bindings.text == {} and out.bindings.assets == {}


def test_document_bindings_are_defaults_and_applying_twice_is_a_no_op() -> None:
    once = apply_bindings(load_document(template()))
    assert once.layers[1].text == "Hello friend, 10% off today"
    assert apply_bindings(once) == once


def test_placeholders_are_listed_with_defaults() -> None:
    assert placeholders(load_document(template())) == {"name": None, "offer": "10% off"}


def test_unknown_names_are_all_listed() -> None:
    with pytest.raises(ValidationError) as info:
        apply_bindings(load_document(template()), {"text": {"nope": "x", "box": "y"},
                                                   "assets": {"missing": "a.png", "headline": "b.png"}})
    fields = {e["field"]: e["message"] for e in info.value.errors}
    assert set(fields) == {"bindings.text.nope", "bindings.text.box", "bindings.assets.missing",
                           "bindings.assets.headline"}
    assert "names no text layer" in fields["bindings.text.nope"]
    assert "is a shape layer" in fields["bindings.text.box"]
    assert info.value.status == 400


def test_unfilled_placeholder_and_empty_required_slots() -> None:
    data = doc(100, 100, [
        {"id": "t", "type": "text", "text": "Hi {{who}} and {{who}}"},
        {"id": "must", "type": "text", "text": "", "required": True},
        {"id": "pic", "type": "image", "required": True, "placeholder": "#000"},
    ])
    with pytest.raises(ValidationError) as info:
        apply_bindings(load_document(data))
    fields = [e["field"] for e in info.value.errors]
    assert fields.count("bindings.text.who") == 2
    assert "bindings.text.must" in fields and "bindings.assets.pic" in fields
    ok = apply_bindings(load_document(data), {"text": {"who": "Bo", "must": "set"}, "assets": {"pic": "x.png"}})
    assert ok.layers[0].text == "Hi Bo and Bo"


def test_placeholder_syntax_tolerates_spaces() -> None:
    out = apply_bindings(load_document(doc(10, 10, [{"id": "t", "type": "text", "text": "{{ a }}-{{b| x y }}"}])),
                         {"text": {"a": "1"}})
    assert out.layers[0].text == "1- x y "
