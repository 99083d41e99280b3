"""The shipped ad templates: JSON files in `templates/`, each a scene document plus named slots.

A template file is `{id, name, description, category, tags, slots: [{name, kind, label, description,
required?}], document: <template DSL>}`. A slot names a layer id (text or image) or a `{{placeholder}}`;
its default is what the document shows with no bindings (layer text, inline placeholder default, or the
image layer's drawn placeholder), so every template renders as-is. Previews are rendered by the scene
engine on first request into a cache directory the caller owns.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from media_service.engines.scene import (
    ImageLayer,
    SceneDocument,
    TextLayer,
    apply_bindings,
    encode_image,
    placeholders,
    render_image,
    walk_layers,
    with_size,
)
from media_service.errors import NotFoundError, ValidationError

__all__ = ["TEMPLATES_DIR", "Template", "TemplateLibrary", "TemplateSlot"]

TEMPLATES_DIR = Path(__file__).parent / "templates"


class TemplateSlot(BaseModel):
    """A value a caller may set: `kind` text goes in bindings.text[name], image in bindings.assets[name]."""

    name: str
    kind: Literal["text", "image"]
    label: str
    description: str = ""
    required: bool = False
    default: str | None = Field(None, description="what renders when the slot is not bound (text slots)")


class Template(BaseModel):
    """A shipped template: metadata, slots and its scene document."""

    id: str
    name: str
    description: str
    category: str
    tags: list[str] = Field(default_factory=list)
    slots: list[TemplateSlot]
    document: SceneDocument

    @property
    def width(self) -> int:
        return self.document.canvas.width

    @property
    def height(self) -> int:
        return self.document.canvas.height

    def summary(self) -> dict[str, object]:
        """JSON for a template listing (no document)."""
        return {"id": self.id, "name": self.name, "description": self.description, "category": self.category,
                "tags": self.tags, "width": self.width, "height": self.height,
                "slots": [s.model_dump() for s in self.slots]}

    def check_required(self, text: dict[str, str], assets: dict[str, str]) -> None:
        """ValidationError naming each required slot the request leaves empty."""
        errors = []
        for slot in self.slots:
            bound = (text if slot.kind == "text" else assets).get(slot.name)
            if slot.required and bound is not None and not bound.strip():
                section = "text" if slot.kind == "text" else "assets"
                message = f"slot {slot.name!r} is required"
                errors.append({"field": f"bindings.{section}.{slot.name}", "message": message})
        if errors:
            raise ValidationError("Required template slots are empty", errors=errors)


def _with_defaults(template: Template) -> Template:
    """Fill each text slot's `default` from the document and check every slot names something real."""
    doc = template.document
    layers = {layer.id: layer for _, layer in walk_layers(doc.layers)}
    names = placeholders(doc)
    for slot in template.slots:
        layer = layers.get(slot.name)
        if slot.kind == "text" and isinstance(layer, TextLayer):
            slot.default = layer.text
        elif slot.kind == "text" and slot.name in names:
            slot.default = doc.bindings.text.get(slot.name, names[slot.name])
        elif slot.kind == "image" and isinstance(layer, ImageLayer):
            slot.default = layer.src
        else:
            raise ValueError(f"template {template.id!r}: slot {slot.name!r} names no {slot.kind} layer or placeholder")
    return template


class TemplateLibrary:
    """Templates loaded from a directory of JSON files (the shipped ones by default)."""

    def __init__(self, directory: Path = TEMPLATES_DIR) -> None:
        self.directory = Path(directory)

    @cached_property
    def _templates(self) -> dict[str, Template]:
        found: dict[str, Template] = {}
        for path in sorted(self.directory.glob("*.json")):
            template = _with_defaults(Template.model_validate_json(path.read_bytes()))
            found[template.id] = template
        return found

    def list(self) -> list[Template]:
        """Every template, sorted by id."""
        return list(self._templates.values())

    def get(self, template_id: str) -> Template:
        """One template; NotFoundError for an unknown id."""
        try:
            return self._templates[template_id]
        except KeyError:
            known = ", ".join(self._templates)
            raise NotFoundError(f"No template {template_id!r}; known: {known}",
                                details={"template_id": template_id}) from None

    def document(self, template_id: str) -> SceneDocument:
        """A copy of the template's document, ready for bindings and rendering."""
        return self.get(template_id).document.model_copy(deep=True)

    def preview(self, template_id: str, cache_dir: Path, *, max_side: int = 540) -> Path:
        """A PNG of the template with its defaults, at most `max_side` px, rendered once into `cache_dir`.

        The file name carries a hash of the template, so an edited template gets a fresh preview.
        """
        template = self.get(template_id)
        digest = hashlib.sha256(json.dumps(template.document.model_dump(mode="json"), sort_keys=True).encode())
        path = Path(cache_dir) / f"{template_id}-{max_side}-{digest.hexdigest()[:12]}.png"
        if path.exists():
            return path
        doc = apply_bindings(template.document)
        scale = min(1.0, max_side / max(template.width, template.height))
        if scale < 1.0:
            doc = with_size(doc, max(1, round(template.width * scale)), max(1, round(template.height * scale)))
        data = encode_image(render_image(doc), "png")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: concurrent first requests never read half a file
        return path
