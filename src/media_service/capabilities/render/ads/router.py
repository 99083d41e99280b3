"""`/api/v1/render/static-ad`, `/render/ad-template` (jobs) and the shipped-template catalogue
(`/render/templates`, `/render/templates/{id}`, `/render/templates/{id}/preview`). Thin: validate, submit or
read, return; the preview render lives in `catalog.py`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from media_service.http.auth import authorize
from media_service.http.envelope import Envelope, success
from media_service.http.state import SettingsDep
from media_service.jobs import job_route
from media_service.media import file_response

from . import jobs
from .catalog import get_template, list_templates, template_preview
from .schemas import TEMPLATE_ID_PATTERN, TemplateDetail, TemplateList

__all__ = ["build_router"]

_TAGS: list[Any] = ["render"]
_STATIC_AD_DOC = (
    "PRD §6.1.2. `template` is a template DSL document (docs/template-dsl.md) or a shipped template id. "
    "Everything knowable is checked before a job exists — the document, bindings (each must name a layer or "
    "`{{placeholder}}`), required slots, the size against MAX_CANVAS_PX and every media reference — and is a "
    "400 VALIDATION_ERROR listing each field (`template.layers.1.font.size`, `bindings.assets.photo`, "
    "`size.width`); an unknown template id is a 404 NOT_FOUND. A URL that cannot be fetched fails the job "
    "(DOWNLOAD_FAILED). With `?wait=true` or `sync: true` a quick render answers 200 with the finished job.")
_AD_TEMPLATE_DOC = ("Render a shipped template (GET /render/templates lists ids and slots). Unknown "
                    "`template_id`: 404 NOT_FOUND. Otherwise as POST /render/static-ad.")


def build_router(prefix: str) -> APIRouter:
    """The static-ad routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/render", tags=_TAGS)
    job_route(router, "/static-ad", jobs.render_static_ad, tags=_TAGS, description=_STATIC_AD_DOC)
    job_route(router, "/ad-template", jobs.render_ad_template, tags=_TAGS, description=_AD_TEMPLATE_DOC)
    auth = [Depends(authorize)]
    template_id = Path(pattern=TEMPLATE_ID_PATTERN, description="a shipped template's id")

    @router.get("/templates", response_model=Envelope[TemplateList], dependencies=auth,
                summary="The shipped ad templates: id, name, size, slots and preview URL")
    def templates(request: Request, settings: SettingsDep) -> dict[str, Any]:
        return success(request, list_templates(settings))

    @router.get("/templates/{template_id}", response_model=Envelope[TemplateDetail], dependencies=auth,
                summary="A shipped template with its document (a starting point for POST /render/static-ad)")
    def template(request: Request, settings: SettingsDep, template_id: str = template_id) -> dict[str, Any]:
        return success(request, get_template(settings, template_id))

    @router.get("/templates/{template_id}/preview", response_class=Response, dependencies=auth,
                summary="A PNG of the template with its default content (≤ 540 px; rendered once, then cached)",
                responses={200: {"content": {"image/png": {}}, "description": "the preview picture"}})
    def preview(settings: SettingsDep, template_id: str = template_id) -> Response:
        path = template_preview(settings, template_id)
        return file_response(path, filename=f"{template_id}.png", mime="image/png", disposition="inline")

    return router
