"""`POST /api/v1/toy/echo`."""

from __future__ import annotations

from fastapi import APIRouter

from media_service.jobs import job_route

from . import jobs


def build_router(prefix: str) -> APIRouter:
    router = APIRouter(prefix=f"{prefix}/toy", tags=["toy"])
    job_route(router, "/echo", jobs.echo, tags=["toy"])
    return router
