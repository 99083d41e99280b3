"""`/api/v1/analyze/*` (PRD §7.4 Analysis): jobs. Thin: declare, validate, submit."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from media_service.jobs import job_route

from . import jobs

__all__ = ["build_router"]

_TAGS: list[Any] = ["analysis"]


def build_router(prefix: str) -> APIRouter:
    """The analysis routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/analyze", tags=_TAGS)
    job_route(router, "/transcript", jobs.transcript, tags=_TAGS)
    job_route(router, "/video", jobs.video, tags=_TAGS)
    job_route(router, "/virality", jobs.virality, tags=_TAGS)
    job_route(router, "/youtube", jobs.youtube, tags=_TAGS)
    return router
