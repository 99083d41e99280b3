"""`/functions/v1/*` (Sparkfluence Edge Functions). Thin: validate, submit, wait, answer in the contract's shape.
generate-videos submits one job per segment (its id is the segment's `uuid`) and answers at once;
check-video-status reads those jobs.

Errors on these paths use the contract's envelope (errors.py), installed for the path prefix by
`build_router`, including authentication failures (`Authorization: Bearer <our API key>`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from media_service.http.auth import Principal, authorize
from media_service.http.envelope import contract_response, register_error_style
from media_service.http.state import SettingsDep
from media_service.jobs.service import JobsDep
from media_service.jobs.submit import submit, submit_and_finish

from . import jobs
from .checks import plan_videos
from .schemas import (CheckVideoStatusData, CheckVideoStatusRequest, CheckVideoStatusResponse, GenerateImagesData,
                      GenerateImagesRequest, GenerateImagesResponse, GenerateVideosData, GenerateVideosRequest,
                      GenerateVideosResponse, ImagesJobResult, SegmentVideo, SparkError, StatusSummary, VeoResponse,
                      VideoStatus)
from .service import PATH_PREFIX, POLL_INTERVAL_SEC, edge_error, numeric_id, segment_job, status_of

__all__ = ["build_router"]

_TAGS: list[Any] = ["sparkfluence"]


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
        job = await submit_and_finish(jobs_service, jobs.generate_images, body, principal=principal,
                                      timeout=settings.sparkfluence_sync_timeout_sec, still_running="images are still being generated")
        result = ImagesJobResult.model_validate(job.result)
        data = GenerateImagesData(images=result.images, provider=result.provider)
        return contract_response(request, GenerateImagesResponse(data=data).model_dump(mode="json"))

    @router.post("/generate-videos", response_model=GenerateVideosResponse,
                 responses={400: {"model": SparkError}, 401: {"model": SparkError}, 503: {"model": SparkError}},
                 summary="Sparkfluence generate-videos (Endpoint 3): one clip job per segment; poll check-video-status",
                 openapi_extra={"x-job-type": jobs.segment_video.name})
    async def generate_videos(body: GenerateVideosRequest, jobs_service: JobsDep, settings: SettingsDep,
                              principal: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        planned = await run_in_threadpool(plan_videos, body, settings)
        job_type = jobs.local_segment_video if planned.local else jobs.segment_video
        subs = await run_in_threadpool(lambda: [submit(jobs_service, job_type, item, principal=principal)
                                                for item in planned.jobs])
        videos = []
        for item, sub in zip(planned.jobs, subs):
            videos.append(SegmentVideo(segment_type=item.segment_type, veo_response=VeoResponse(
                id=numeric_id(sub.job.id), uuid=sub.job.id, model_name=planned.model_name, status=1,
                status_percentage=max(1, round(sub.job.progress * 100)), estimated_credit=planned.credits)))
        data = GenerateVideosData(videos=videos, polling_endpoint=f"{PATH_PREFIX}check-video-status",
                                  polling_interval_seconds=POLL_INTERVAL_SEC, provider=planned.provider)
        return JSONResponse(GenerateVideosResponse(data=data).model_dump(mode="json"))

    @router.post("/check-video-status", response_model=CheckVideoStatusResponse,
                 responses={400: {"model": SparkError}, 401: {"model": SparkError}, 404: {"model": SparkError}},
                 summary="Sparkfluence check-video-status (Endpoint 4): the clips' states and signed URLs")
    async def check_video_status(body: CheckVideoStatusRequest, request: Request, jobs_service: JobsDep,
                                 settings: SettingsDep, _: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        found = await run_in_threadpool(lambda: [status_of(segment_job(jobs_service, u), settings)
                                                 for u in body.video_uuids])
        videos = [VideoStatus(**entry) for entry in found]
        summary = StatusSummary(total=len(videos), completed=sum(v.status == 2 for v in videos),
                                processing=sum(v.status == 1 for v in videos), failed=sum(v.status == 3 for v in videos))
        data = CheckVideoStatusData(videos=videos, summary=summary, all_completed=summary.completed == summary.total)
        return contract_response(request, CheckVideoStatusResponse(data=data).model_dump(mode="json"))

    return router
