"""From an ad request to a scene document: which template, its media references, and error field paths.

Shared by submission (`checks.py`) and the job handlers (`render.py`) so both see the same document and
the same references. Field paths are the request's: the document's own fields read `template.<path>`
(`template.layers.1.font.size`), request bindings `bindings.assets.<id>`, the size `size.width`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from media_service.capabilities.render.template_library import Template, TemplateLibrary
from media_service.engines.scene import (
    FontSource,
    ImageLayer,
    SceneDocument,
    VideoLayer,
    load_document,
    walk_layers,
)
from media_service.errors import FieldError, ValidationError
from media_service.media import MediaKind, RefSite

from .schemas import AdBindings

__all__ = ["AdDocument", "asset_sites", "load_ad_document", "source_fields", "template_library",
           "with_template_prefix"]

TEMPLATE_FIELD = "template"
_DOCUMENT_ROOTS = ("layers", "canvas", "fonts", "duration")
_IMAGE = frozenset({MediaKind.IMAGE})
_FONT = frozenset({MediaKind.FONT})


@cache
def template_library() -> TemplateLibrary:
    """The shipped templates (loaded once per process)."""
    return TemplateLibrary()


@dataclass(frozen=True, slots=True)
class AdDocument:
    """The document to render and, for a shipped template, the template it came from."""

    document: SceneDocument
    template: Template | None = None

    @property
    def template_id(self) -> str | None:
        return self.template.id if self.template is not None else None


def with_template_prefix(exc: ValidationError, *, whole_document: bool = False,
                         renames: Mapping[str, str] | None = None) -> ValidationError:
    """`exc` with document field paths under `template.` (all of them when the error came from parsing the
    document alone; otherwise only layers/canvas/fonts, since bindings and size errors name request fields).
    `renames` maps an engine path (`layers.1.src`) to the request field that supplied it."""
    errors: list[FieldError] = []
    for err in exc.details.get("errors", []):
        field = err.get("field", "")
        if renames and field in renames:
            field = renames[field]
        elif whole_document or field.split(".", 1)[0] in _DOCUMENT_ROOTS:
            field = f"{TEMPLATE_FIELD}.{field}" if field else TEMPLATE_FIELD
        errors.append({"field": field, "message": err.get("message", "")})
    details = {k: v for k, v in exc.details.items() if k != "errors"}
    return ValidationError(exc.message, errors=errors, details=details)


def load_ad_document(template: dict[str, Any] | str, *, max_side: int) -> AdDocument:
    """The document a request names: a shipped template by id (404 if unknown) or an inline document.

    An inline document is validated in full (layer types, sizes, colours, canvas ≤ `max_side`); video
    layers are refused because a static ad has no clip to draw them from.
    """
    if isinstance(template, str):
        shipped = template_library().get(template)
        return AdDocument(template_library().document(template), shipped)
    try:
        document = load_document(template, max_side=max_side)
    except ValidationError as exc:
        raise with_template_prefix(exc, whole_document=True) from None
    videos: list[FieldError] = [
        {"field": f"{TEMPLATE_FIELD}.{path}.type",
         "message": "static ads draw text, image, shape and group layers; video layers need a video render"}
        for path, layer in walk_layers(document.layers) if isinstance(layer, VideoLayer)]
    if videos:
        raise ValidationError("Invalid template document", errors=videos)
    return AdDocument(document)


def asset_sites(document: SceneDocument, bindings: AdBindings) -> list[RefSite]:
    """Every media reference the render will load, each under the field that supplied it.

    An image layer's picture comes from the request's bindings.assets[id], else the document's own
    bindings.assets[id], else its `src`; pictures that a binding replaces are not listed (never loaded).
    """
    fonts = [_font_site(i, font) for i, font in enumerate(document.fonts)]
    return fonts + [site for _, site in _picture_sites(document, bindings)]


def source_fields(document: SceneDocument, bindings: AdBindings) -> dict[str, str]:
    """Engine path of each picture (`layers.1.src`) → the request field its reference came from."""
    return {f"{path}.src": site.field for path, site in _picture_sites(document, bindings)}


def _picture_sites(document: SceneDocument, bindings: AdBindings) -> Iterator[tuple[str, RefSite]]:
    for path, layer in walk_layers(document.layers):
        if not isinstance(layer, ImageLayer):
            continue
        if layer.id in bindings.assets:
            yield path, RefSite(f"bindings.assets.{layer.id}", bindings.assets[layer.id], _IMAGE)
        elif layer.id in document.bindings.assets:
            field = f"{TEMPLATE_FIELD}.bindings.assets.{layer.id}"
            yield path, RefSite(field, document.bindings.assets[layer.id], _IMAGE)
        elif layer.src:
            yield path, RefSite(f"{TEMPLATE_FIELD}.{path}.src", layer.src, _IMAGE)


def _font_site(index: int, font: FontSource) -> RefSite:
    return RefSite(f"{TEMPLATE_FIELD}.fonts.{index}.src", font.src, _FONT)
