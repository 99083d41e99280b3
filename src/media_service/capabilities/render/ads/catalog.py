"""The shipped ad templates and their catalogue as the API shows it: listing, details and previews.

A template is a JSON file in `templates/`: `{id, name, description, category, tags, slots: [{name, kind,
label, description, required?}], document: <template DSL>}`. A slot names a layer id (text or image) or a
`{{placeholder}}`; its default is what the document shows with no bindings (layer text, inline placeholder
default, or the image layer's drawn placeholder), so every template renders as-is.

Previews are served by `GET /render/templates/{id}/preview` (not a signed /files URL, which would expire
and would put service files among job outputs): the PNG is rendered by the scene engine on the first
request into DATA_DIR/cache/template-previews/ and served from there afterwards. Its name carries a hash of
the template, so an edited template gets a fresh preview.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, cached_property
from pathlib import Path

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
from media_service.errors import NotFoundError
from media_service.settings import Settings

from .schemas import AdSize, Template, TemplateDetail, TemplateList, TemplateSummary

__all__ = ["PREVIEW_MAX_SIDE", "TEMPLATES_DIR", "TemplateLibrary", "get_template", "list_templates", "preview_dir",
           "template_library", "template_preview"]

PREVIEW_MAX_SIDE = 540
TEMPLATES_DIR = Path(__file__).parent / "templates"


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


@cache
def template_library() -> TemplateLibrary:
    """The shipped templates (loaded once per process)."""
    return TemplateLibrary()


def preview_dir(settings: Settings) -> Path:
    """Where rendered previews are kept."""
    return Path(settings.data_dir) / "cache" / "template-previews"


def _preview_url(settings: Settings, template_id: str) -> str:
    base = (settings.public_base_url or "").rstrip("/")
    return f"{base}{settings.api_prefix}/render/templates/{template_id}/preview"


def _summary(template: Template, settings: Settings) -> TemplateSummary:
    return TemplateSummary(id=template.id, name=template.name, description=template.description,
                           category=template.category, tags=template.tags,
                           size=AdSize(width=template.width, height=template.height), slots=template.slots,
                           preview_url=_preview_url(settings, template.id))


def list_templates(settings: Settings) -> TemplateList:
    """Every shipped template, sorted by id, without documents."""
    return TemplateList(templates=[_summary(t, settings) for t in template_library().list()])


def get_template(settings: Settings, template_id: str) -> TemplateDetail:
    """One template with its document; NotFoundError (404) for an unknown id."""
    template = template_library().get(template_id)
    return TemplateDetail(**_summary(template, settings).model_dump(), document=template.document)


def template_preview(settings: Settings, template_id: str) -> Path:
    """The template's preview PNG, rendered now if it is not cached yet; NotFoundError for an unknown id."""
    return template_library().preview(template_id, preview_dir(settings), max_side=PREVIEW_MAX_SIDE)
