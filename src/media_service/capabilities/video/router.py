"""`/api/v1/video/*`: jobs for combine, image-to-video and transform. Thin: each route submits its job type."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from media_service.jobs import job_route

from . import jobs

__all__ = ["build_router"]

_TAGS: list[Any] = ["video"]


def build_router(prefix: str) -> APIRouter:
    """The video routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/video", tags=_TAGS)
    job_route(router, "/combine", jobs.combine, tags=_TAGS)
    job_route(router, "/image-to-video", jobs.image_to_video, tags=_TAGS)
    job_route(router, "/transform", jobs.transform, tags=_TAGS)
    return router
