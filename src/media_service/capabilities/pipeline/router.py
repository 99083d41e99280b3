"""`/api/v1/video/pipeline` and `/api/v1/video/pipeline/{id}/retry`. Thin: validate, submit, return.

A retry makes a new pipeline job (`video.pipeline_retry`, `retry_of` the failed one) with the failed job's
request and the results of its completed children by step key; the new run submits only the rest.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from media_service.errors import AuthorizationError, ConflictError, NotFoundError
from media_service.http.auth import Principal, authorize
from media_service.http.envelope import Envelope, success
from media_service.jobs import Job, JobAccepted, job_route
from media_service.jobs.service import JobsDep, JobsService
from media_service.jobs.submit import submit

from . import jobs
from .schemas import PipelineRetry

__all__ = ["build_router"]

_TAGS: list[Any] = ["video"]
_TYPES = (jobs.pipeline.name, jobs.pipeline_retry.name)
_ENDED = ("failed", "cancelled", "timeout")


def retry_request(service: JobsService, job_id: str, principal: Principal) -> PipelineRetry:
    """The retry of pipeline `job_id`: 404 unless it is a pipeline, 403 unless the caller's (or admin), 409
    unless it ended without completing."""
    try:
        old = service.store.get(job_id)
    except NotFoundError:
        old = None
    if old is None or old.type not in _TYPES:
        raise NotFoundError(f"no pipeline job {job_id!r}", details={"job_id": job_id})
    if "admin" not in principal.scopes and old.created_by is not None and old.created_by != principal.key_id:
        raise AuthorizationError("Retrying a pipeline needs the key that created it or the 'admin' scope",
                                 details={"required_scope": "admin"})
    if old.status not in _ENDED:
        raise ConflictError(f"pipeline {job_id} is {old.status}; only a failed, cancelled or timed-out pipeline "
                            "can be retried", details={"job_id": job_id, "status": old.status})
    reuse: dict[str, dict[str, Any]] = dict(old.input.get("reuse") or {})
    reuse.update(_finished(service.store.children(old.id)))
    base = {k: v for k, v in old.input.items() if k not in ("retry_of", "reuse")}
    return PipelineRetry.model_validate({**base, "retry_of": old.id, "reuse": reuse})


def _finished(children: list[Job]) -> dict[str, dict[str, Any]]:
    return {c.child_key: dict(c.result) for c in children
            if c.status == "completed" and c.child_key is not None and c.result is not None}


def build_router(prefix: str) -> APIRouter:
    """The pipeline routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/video", tags=_TAGS)
    job_route(router, "/pipeline", jobs.pipeline, tags=_TAGS)

    @router.post("/pipeline/{job_id}/retry", status_code=202, response_model=Envelope[JobAccepted],
                 summary="Run a failed pipeline again, reusing the steps that finished",
                 openapi_extra={"x-job-type": jobs.pipeline_retry.name})
    async def retry(request: Request, service: JobsDep, principal: Annotated[Principal, Depends(authorize)],
                    job_id: Annotated[str, Path(min_length=1, max_length=64)]) -> JSONResponse:
        def make() -> JobAccepted:
            return submit(service, jobs.pipeline_retry, retry_request(service, job_id, principal),
                          principal=principal).accepted

        accepted = await run_in_threadpool(make)
        return JSONResponse(success(request, accepted.model_dump(mode="json")), status_code=202,
                            headers={"Location": accepted.poll_url})

    return router
