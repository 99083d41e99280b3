"""`/api/v1/video/sora|mochi|wan2` (jobs) and `GET /api/v1/video/models` (answered at once). Thin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from media_service.http.auth import Principal, authorize
from media_service.http.envelope import Envelope, success
from media_service.http.state import SettingsDep
from media_service.jobs import job_route

from . import jobs
from .catalog import model_list
from .schemas import ModelList

__all__ = ["build_router"]

_TAGS: list[Any] = ["video"]


def build_router(prefix: str) -> APIRouter:
    """The AI video routes under `prefix`/video."""
    router = APIRouter(prefix=f"{prefix}/video", tags=_TAGS)
    job_route(router, "/sora", jobs.sora, tags=_TAGS)
    job_route(router, "/mochi", jobs.mochi, tags=_TAGS)
    job_route(router, "/wan2", jobs.wan2, tags=_TAGS)

    @router.get("/models", response_model=Envelope[ModelList],
                summary="Every video model (local ones too): capabilities, configured or not, what to set")
    def models(request: Request, settings: SettingsDep,
               _: Annotated[Principal, Depends(authorize)]) -> dict[str, Any]:
        return success(request, model_list(settings))

    return router
