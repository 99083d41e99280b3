"""Filling a document's slots: `bindings.text` and `bindings.assets` by layer id, `{{name}}` by name.

Request bindings override the document's own (the template's defaults). The result has its bindings
applied and emptied, so applying again is a no-op. Every problem is collected and raised at once as a
ValidationError listing each field.
"""

from __future__ import annotations

import re
from typing import Any

from media_service.errors import FieldError, ValidationError

from .model import Bindings, ImageLayer, SceneDocument, TextLayer, VideoLayer, walk_layers

__all__ = ["PLACEHOLDER_RE", "apply_bindings", "placeholders"]

PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][\w.-]*)\s*(?:\|([^}]*))?\}\}")
"""`{{name}}` or `{{name|default text}}`."""


def placeholders(doc: SceneDocument) -> dict[str, str | None]:
    """Every placeholder name in the document's text layers, with its inline default (None when it has none)."""
    found: dict[str, str | None] = {}
    for _, layer in walk_layers(doc.layers):
        if isinstance(layer, TextLayer):
            for match in PLACEHOLDER_RE.finditer(layer.text):
                if found.get(match.group(1)) is None:
                    found[match.group(1)] = match.group(2)
    return found


def _merge(doc: SceneDocument, request: Bindings | dict[str, Any] | None) -> Bindings:
    if request is None:
        return doc.bindings
    req = request if isinstance(request, Bindings) else Bindings.model_validate(request)
    return Bindings(text={**doc.bindings.text, **req.text}, assets={**doc.bindings.assets, **req.assets})


def apply_bindings(doc: SceneDocument, bindings: Bindings | dict[str, Any] | None = None) -> SceneDocument:
    """A copy of `doc` with its own bindings, then `bindings`, filled in; ValidationError lists every problem.

    Errors: a text binding naming neither a text layer nor a placeholder, an asset binding naming no
    image/video layer, a placeholder with no value and no inline default, a `required` slot left empty.
    """
    merged = _merge(doc, bindings)
    if not merged.text and not merged.assets and not _has_slots(doc):
        return doc  # nothing to fill or check: skip the deep copy (prepare calls this on every render)
    out = doc.model_copy(deep=True)
    out.bindings = Bindings()
    layers = {layer.id: (path, layer) for path, layer in walk_layers(out.layers)}
    names = placeholders(out)
    errors: list[FieldError] = []

    for key, value in merged.text.items():
        target = layers.get(key)
        if target is not None and isinstance(target[1], TextLayer):
            target[1].text = value
        elif key not in names:
            what = f"is a {target[1].type} layer, not text" if target else "names no text layer or {{placeholder}}"
            errors.append({"field": f"bindings.text.{key}", "message": f"{key!r} {what}"})
    for key, value in merged.assets.items():
        target = layers.get(key)
        if target is not None and isinstance(target[1], (ImageLayer, VideoLayer)):
            target[1].src = value
        else:
            what = f"is a {target[1].type} layer, not an image" if target else "names no image layer"
            errors.append({"field": f"bindings.assets.{key}", "message": f"{key!r} {what}"})

    for path, layer in walk_layers(out.layers):
        if isinstance(layer, TextLayer):
            layer.text = _fill(layer.text, merged.text, path, errors)
            if layer.required and not layer.text.strip():
                errors.append({"field": f"bindings.text.{layer.id}", "message": f"required text {layer.id!r} is empty"})
        elif isinstance(layer, (ImageLayer, VideoLayer)) and layer.required and not layer.src:
            errors.append({"field": f"bindings.assets.{layer.id}",
                           "message": f"required {layer.type} {layer.id!r} has no asset"})
    if errors:
        raise ValidationError("Template bindings do not match the template", errors=errors)
    return out


def _has_slots(doc: SceneDocument) -> bool:
    return any(getattr(layer, "required", False) or (isinstance(layer, TextLayer) and "{{" in layer.text)
               for _, layer in walk_layers(doc.layers))


def _fill(text: str, values: dict[str, str], path: str, errors: list[FieldError]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in values:
            return values[name]
        if default is not None:
            return default
        errors.append({"field": f"bindings.text.{name}",
                       "message": f"placeholder {{{{{name}}}}} in {path}.text has no value and no default"})
        return match.group(0)

    return PLACEHOLDER_RE.sub(substitute, text)
