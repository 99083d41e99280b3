"""`POST /api/v1/publish` (one job per platform, each with its own status) and `GET /api/v1/publish/platforms`.
Thin: check everything (checks.py), submit the jobs, answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from media_service.http.auth import Principal, authorize
from media_service.http.envelope import Envelope, success
from media_service.http.state import SettingsDep
from media_service.jobs.submit import submit
from media_service.jobs.service import JobsDep

from .catalog import platform_list
from .checks import prepare_publish
from .jobs import JOB_TYPES
from .schemas import PlatformList, PublishAccepted, PublishJobRef, PublishPlan, PublishRequest

__all__ = ["build_router"]

_TAGS: list[Any] = ["publish"]


def build_router(prefix: str) -> APIRouter:
    """The publishing routes under `prefix`/publish."""
    router = APIRouter(prefix=f"{prefix}/publish", tags=_TAGS)

    @router.post("", status_code=202, response_model=Envelope[PublishAccepted],
                 responses={200: {"model": Envelope[PublishPlan], "description": "dry_run: what would be sent"}},
                 summary="Publish a video to YouTube, TikTok and/or Instagram Reels: one job per platform",
                 description="Checks every platform's credentials (503 naming what to set) and limits (duration, "
                             "size, aspect, format, title/description/tags/caption length: a 400 naming each "
                             "field) before any job exists, then submits `publish.<platform>` jobs. Each job's "
                             "result carries the platform's post id and URL. Captions come from the platform's "
                             "block, else `platform_captions` (as /analyze/video returns them), else the shared "
                             "fields. An Idempotency-Key applies per platform.",
                 openapi_extra={"x-job-types": [jt.name for jt in JOB_TYPES.values()]})
    async def publish(body: PublishRequest, request: Request, jobs: JobsDep,
                      principal: Annotated[Principal, Depends(authorize)],
                      idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None
                      ) -> JSONResponse:
        plan = await run_in_threadpool(prepare_publish, body, jobs.settings)
        if body.dry_run:
            dry = PublishPlan(requests=[j.model_dump(mode="json") for j in plan.jobs], video=plan.video)
            return JSONResponse(success(request, dry.model_dump(mode="json")))
        subs = await run_in_threadpool(lambda: [
            submit(jobs, JOB_TYPES[job.platform], job, principal=principal,
                   idempotency_key=f"{idempotency_key}:{job.platform}" if idempotency_key else None)
            for job in plan.jobs])
        refs = [PublishJobRef(platform=job.platform, job_id=sub.job.id, status=sub.job.status,
                              poll_url=sub.accepted.poll_url, estimated_duration_sec=sub.accepted.estimated_duration_sec)
                for job, sub in zip(plan.jobs, subs, strict=True)]
        accepted = PublishAccepted(jobs=refs, video=plan.video)
        return JSONResponse(success(request, accepted.model_dump(mode="json")), status_code=202)

    @router.get("/platforms", response_model=Envelope[PlatformList], dependencies=[Depends(authorize)],
                summary="Every publishing platform, configured or not: its limits and what to set")
    def platforms(request: Request, settings: SettingsDep) -> dict[str, Any]:
        return success(request, platform_list(settings))

    return router
