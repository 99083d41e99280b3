"""`/functions/v1/*` (Sparkfluence Edge Functions). Thin: validate, submit, wait, answer in the contract's shape.

Errors on these paths use the contract's envelope (errors.py), installed for the path prefix by
`build_router`, including authentication failures (`Authorization: Bearer <our API key>`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from media_service.errors import JobTimeoutError
from media_service.http.auth import Principal, authorize
from media_service.http.envelope import register_error_style
from media_service.http.state import SettingsDep
from media_service.jobs.service import JobsDep
from media_service.jobs.submit import job_error, submit, wait_for_job

from . import jobs
from .schemas import GenerateImagesData, GenerateImagesRequest, GenerateImagesResponse, ImagesJobResult, SparkError

from .service import PATH_PREFIX, edge_error

__all__ = ["build_router"]

_TAGS: list[Any] = ["sparkfluence"]


def _absolute(request: Request, url: str) -> str:
    return str(request.base_url).rstrip("/") + url if url.startswith("/") else url


def build_router(prefix: str) -> APIRouter:  # noqa: ARG001 - the contract's paths sit outside the API prefix
    """The Sparkfluence Edge Function routes; errors on them use the contract's envelope."""
    register_error_style(PATH_PREFIX, edge_error)
    router = APIRouter(prefix=PATH_PREFIX.rstrip("/"), tags=_TAGS)

    @router.post("/generate-images", response_model=GenerateImagesResponse,
                 responses={400: {"model": SparkError}, 401: {"model": SparkError}, 502: {"model": SparkError},
                            504: {"model": SparkError, "description": "Still running: details.job_id to poll"}},
                 summary="Sparkfluence generate-images (Endpoint 2): one image per segment, answered when done",
                 openapi_extra={"x-job-type": jobs.generate_images.name})
    async def generate_images(body: GenerateImagesRequest, request: Request, jobs_service: JobsDep, settings: SettingsDep,
                              principal: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        sub = await run_in_threadpool(lambda: submit(jobs_service, jobs.generate_images, body, principal=principal))
        job = await wait_for_job(jobs_service, sub.job.id, settings.sparkfluence_sync_timeout_sec)
        if not job.finished:
            raise JobTimeoutError(f"images are still being generated; poll {sub.accepted.poll_url}",
                                  details={"job_id": job.id, "poll_url": sub.accepted.poll_url})
        if job.status != "completed":
            raise job_error(job)
        result = ImagesJobResult.model_validate(job.result)
        images = [img.model_copy(update={"image_url": _absolute(request, img.image_url)}) for img in result.images]
        data = GenerateImagesData(images=images, provider=result.provider)
        return JSONResponse(GenerateImagesResponse(data=data).model_dump(mode="json"))

    return router
