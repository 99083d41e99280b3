"""`/api/v1/image/*`: jobs for characters, variants, Gemini images and stickers; the stored characters,
the style presets and the image providers answered at once. Thin: validate, submit or read, return."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from media_service.errors import ValidationError
from media_service.http.auth import Principal, authorize
from media_service.http.envelope import Envelope, success
from media_service.jobs import JobAccepted, job_route
from media_service.jobs.service import JobsDep
from media_service.jobs.submit import submit
from media_service.http.state import SettingsDep

from . import jobs
from .catalog import STYLE_PRESETS
from .repository import character_repository
from .schemas import (
    Character,
    CharacterList,
    CharacterVariantRequest,
    ProviderList,
    ProviderStatus,
    StyleList,
    StylePreset,
)
from .service import provider_registry, to_character

__all__ = ["build_router"]

_TAGS: list[Any] = ["image"]


def _cursor(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise ValidationError("not a cursor from a previous page", field="cursor")
    return int(value)


def build_router(prefix: str) -> APIRouter:
    """The image routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/image", tags=_TAGS)
    job_route(router, "/character", jobs.character, tags=_TAGS)
    job_route(router, "/gemini", jobs.gemini_image, tags=_TAGS)
    job_route(router, "/stickers", jobs.stickers, tags=_TAGS)
    auth = [Depends(authorize)]

    @router.post("/character/{character_id}/variant", status_code=202, response_model=Envelope[JobAccepted],
                 summary="More expressions, poses or outfits of a stored character (a job)",
                 openapi_extra={"x-job-type": jobs.character_variant.name})
    async def variant(character_id: str, body: CharacterVariantRequest, request: Request, jobs_service: JobsDep,
                      principal: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        if body.character_id not in (None, character_id):
            raise ValidationError("must match the character id in the path", field="character_id")
        body = body.model_copy(update={"character_id": character_id})
        sub = await run_in_threadpool(lambda: submit(jobs_service, jobs.character_variant, body, principal=principal))
        return JSONResponse(success(request, sub.accepted.model_dump(mode="json")), status_code=202,
                            headers={"Location": sub.accepted.poll_url})

    @router.get("/characters", response_model=Envelope[CharacterList], dependencies=auth,
                summary="Stored characters, newest first (cursor pagination, workspace filter)")
    def characters(request: Request, settings: SettingsDep, workspace_id: Annotated[str | None, Query(max_length=200)] = None,
                   limit: Annotated[int, Query(ge=1, le=100)] = 20,
                   cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None
                   ) -> dict[str, Any]:
        page, more = character_repository(settings).list(workspace_id=workspace_id, limit=limit,
                                                         before_seq=_cursor(cursor))
        body = CharacterList(characters=[to_character(c, settings) for c in page],
                             next_cursor=None if more is None else str(more), has_more=more is not None)
        return success(request, body)

    @router.get("/characters/{character_id}", response_model=Envelope[Character], dependencies=auth,
                summary="One stored character with all its variants")
    def get_character(character_id: str, request: Request, settings: SettingsDep) -> dict[str, Any]:
        return success(request, to_character(character_repository(settings).get(character_id), settings))

    @router.get("/styles", response_model=Envelope[StyleList], dependencies=auth,
                summary="The character style presets and their prompt fragments")
    def styles(request: Request) -> dict[str, Any]:
        return success(request, StyleList(styles=[StylePreset(name=k, prompt_fragment=v)
                                                  for k, v in STYLE_PRESETS.items()]))

    @router.get("/providers", response_model=Envelope[ProviderList], dependencies=auth,
                summary="Image providers: configured or not, and the variable that enables each")
    def providers(request: Request, settings: SettingsDep) -> dict[str, Any]:
        registry = provider_registry(settings)
        configured = [n for n in registry.image_order if any(i.name == n and i.configured
                                                             for i in registry.describe("image"))]
        items = [ProviderStatus(**{k: v for k, v in info.to_dict().items() if k != "kind"})
                 for info in registry.describe("image")]
        return success(request, ProviderList(providers=items, default=configured[0] if configured else None,
                                             order=list(registry.image_order)))

    return router
