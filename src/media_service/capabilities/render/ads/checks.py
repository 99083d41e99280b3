"""Submission-time checks (each ad job type's `prepare`): a request that cannot render never becomes a job.

Checked here, each failure a 400 VALIDATION_ERROR naming its field (404 NOT_FOUND for an unknown template
id): the document (layer types, sizes, colours, canvas ≤ MAX_CANVAS_PX), the bindings (each names a layer
or placeholder; required slots filled; every image layer has a picture or a placeholder), the output size,
the output_path, and every media reference — syntax, paths under INPUT_ROOTS, upload ids, data: URI sizes
and URL egress. What only the job can find out (an unreachable URL, an undecodable file) fails the job.
"""

from __future__ import annotations

from typing import TypeVar

from media_service.engines.scene import (
    ImageLayer,
    SceneDocument,
    apply_bindings,
    walk_layers,
)
from media_service.errors import FieldError, ValidationError
from media_service.media import check_ref_at_submission
from media_service.media.service import media_services
from media_service.settings import Settings

from .catalog import template_library
from .schemas import AdRequestBase, AdTemplateRequest, StaticAdRequest
from .service import (
    AdDocument,
    asset_sites,
    load_ad_document,
    with_template_prefix,
)

__all__ = ["check_ad", "prepare_ad_template", "prepare_static_ad"]

R = TypeVar("R", bound=AdRequestBase)


def prepare_static_ad(request: StaticAdRequest, settings: Settings) -> StaticAdRequest:
    """Validate the template (object or id) with the request; an inline document is stored normalised."""
    ad = load_ad_document(request.template, max_side=settings.max_canvas_px)
    check_ad(ad, request, settings)
    if isinstance(request.template, str):
        return request
    # Stored as validated: unknown fields dropped, values in canonical form, unset defaults left out.
    normalised = ad.document.model_dump(mode="json", exclude_unset=True)
    return request.model_copy(update={"template": normalised})


def prepare_ad_template(request: AdTemplateRequest, settings: Settings) -> AdTemplateRequest:
    """Validate a shipped-template render: the id (404 when unknown), its slots, bindings and refs."""
    template = template_library().get(request.template_id)
    check_ad(AdDocument(template_library().document(request.template_id), template), request, settings)
    return request


def check_ad(ad: AdDocument, request: R, settings: Settings) -> R:
    """Everything about `request` rendering `ad` that is knowable before the job runs."""
    if ad.template is not None:
        ad.template.check_required(request.bindings.text, request.bindings.assets)
    _check_size(ad.document, request, settings.max_canvas_px)
    bound = _bound(ad.document, request)
    _check_pictures(bound)
    media = media_services(settings)
    for site in asset_sites(ad.document, request.bindings):
        check_ref_at_submission(site.value, field=site.field, accepts=site.accepts, cfg=media.cfg,
                                uploads=media.uploads)
    if request.output_path:
        media.outputs.check_output_path(request.output_path, overwrite=request.overwrite)
    return request


def _check_size(document: SceneDocument, request: AdRequestBase, max_side: int) -> None:
    """The output size within MAX_CANVAS_PX: the requested size, else the template's own canvas."""
    if request.size is not None:
        prefix, width, height = "size", request.size.width, request.size.height
    else:
        prefix, width, height = "template.canvas", document.canvas.width, document.canvas.height
    errors: list[FieldError] = [
        {"field": f"{prefix}.{side}", "message": f"{value} px is over the maximum canvas side {max_side}"}
        for side, value in (("width", width), ("height", height)) if value > max_side]
    if errors:
        raise ValidationError("Output size too large", errors=errors)


def _bound(document: SceneDocument, request: AdRequestBase) -> SceneDocument:
    """The document with the request's bindings applied; binding errors keep their request field names."""
    try:
        return apply_bindings(document, request.bindings.model_dump())
    except ValidationError as exc:
        raise with_template_prefix(exc) from None


def _check_pictures(document: SceneDocument) -> None:
    """An image layer with neither a picture nor a placeholder cannot render: name the binding it needs."""
    errors: list[FieldError] = [
        {"field": f"bindings.assets.{layer.id}",
         "message": f"image layer {layer.id!r} has no picture: bind one in bindings.assets.{layer.id}"}
        for _, layer in walk_layers(document.layers)
        if isinstance(layer, ImageLayer) and not layer.src and layer.placeholder is None]
    if errors:
        raise ValidationError("Template assets are missing", errors=errors)
