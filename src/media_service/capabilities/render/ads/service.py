"""What ad handlers share: from an ad request to a scene document (which template, its media references,
error field paths), and the render itself.

The document side is shared by submission (`checks.py`) and the job handlers (`render_ad` below) so both see the same document
and the same references. Field paths are the request's: the document's own fields read `template.<path>`
(`template.layers.1.font.size`), request bindings `bindings.assets.<id>`, the size `size.width`.

The work of an ad job (`render_ad`): fetch the pictures and fonts, render with the scene engine, hand out
the file. References are fetched first, each through `ctx.inputs` under the request field that supplied
it, so a download failure names `bindings.assets.photo` rather than a layer path; the engine then reads the local
files through `resolve_asset`. Render warnings (a font family that fell back …) go to the job log and
the result.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media_service.engines.scene import (
    FontSource,
    ImageLayer,
    SceneDocument,
    VideoLayer,
    load_document,
    render_image,
    render_to_file,
    walk_layers,
    with_size,
)
from media_service.errors import FieldError, ValidationError
from media_service.jobs import JobContext
from media_service.media import MediaKind, RefSite, image_facts

from .catalog import template_library
from .schemas import AdBindings, AdRenderResult, AdRequestBase, Template

__all__ = ["AdDocument", "asset_sites", "load_ad_document", "render_ad", "source_fields", "warm_up",
           "with_template_prefix"]

TEMPLATE_FIELD = "template"
_DOCUMENT_ROOTS = ("layers", "canvas", "fonts", "duration")
_IMAGE = frozenset({MediaKind.IMAGE})
_FONT = frozenset({MediaKind.FONT})


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
    return exc.with_field_prefix(TEMPLATE_FIELD, renames=renames,
                                 where=lambda field: whole_document or field.split(".", 1)[0] in _DOCUMENT_ROOTS)


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


def _fetch_assets(ctx: JobContext, ad: AdDocument, request: AdRequestBase) -> dict[str, Path]:
    """Every reference the render uses, as a local file keyed by the reference string."""
    sites = asset_sites(ad.document, request.bindings)
    if sites:
        ctx.log(f"fetching {len(sites)} asset(s): {', '.join(site.field for site in sites)}")
    files: dict[str, Path] = {}
    for index, site in enumerate(sites):
        if site.value in files:
            continue
        ctx.progress(0.5 * index / max(1, len(sites)), "fetching assets")
        ctx.raise_if_cancelled()
        files[site.value] = ctx.inputs.fetch(site.value, field=site.field, accepts=site.accepts)
    return files


def _stem(ad: AdDocument) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", ad.template_id or "ad").strip("-") or "ad"


def render_ad(ctx: JobContext, ad: AdDocument, request: AdRequestBase) -> AdRenderResult:
    """Render `ad` with the request's bindings, size and format; the picture becomes the job's output."""
    files = _fetch_assets(ctx, ad, request)

    def resolve(ref: str) -> Path:
        # Every reference was fetched above; one the engine asks for beyond those is a bug, not user input.
        return files[ref]

    ctx.progress(0.5, "rendering")
    ctx.raise_if_cancelled()
    out = ctx.workdir / f"{_stem(ad)}.{request.format}"
    size = (request.size.width, request.size.height) if request.size is not None else None
    started = time.perf_counter()
    try:
        info = render_to_file(ad.document, out, resolve_asset=resolve, bindings=request.bindings.model_dump(),
                              format=request.format, quality=request.resolved_quality, size=size,
                              max_side=ctx.settings.max_canvas_px)
    except ValidationError as exc:  # e.g. a picture that does not decode: name the field that supplied it
        raise with_template_prefix(exc, renames=source_fields(ad.document, request.bindings)) from None
    elapsed_ms = (time.perf_counter() - started) * 1000
    for warning in info.warnings:
        ctx.log(warning, level="warning")
    ctx.log(f"rendered {info.width}x{info.height} {info.format}, {info.bytes} bytes in {elapsed_ms:.0f} ms")
    ctx.progress(0.95, "saving")
    output = ctx.outputs.save(out, request=request, facts=image_facts(info.format, info.width, info.height))
    return AdRenderResult(output=output, format=request.format, width=info.width, height=info.height,
                          template_id=ad.template_id, warnings=info.warnings)


def warm_up() -> None:
    """Render every shipped template once at 64 px: fontconfig, ICU, the typefaces and skia's shaping caches
    get loaded in this process. cpu jobs run in children forked from a forkserver that imports the job
    modules once, so doing this there (~0.3 s) saves each render job as much (a first render in a fresh
    process costs ~0.35 s more than the next one)."""
    library = template_library()
    for template in library.list():
        render_image(with_size(library.document(template.id), 64, 64))
