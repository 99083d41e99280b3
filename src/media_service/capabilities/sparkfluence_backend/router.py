"""The Sparkfluence backend's two routes, outside the API prefix as the contract has them:
`POST /api/combine-final-video` and `GET /api/job-status/{job_id}` (X-API-Key: our keys). Thin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from media_service.http.auth import Principal, authorize
from media_service.http.envelope import contract_response, register_error_style
from media_service.jobs.service import JobsDep

from .schemas import AcceptedBody, BackendError, CombineFinalVideoRequest, CompletedBody, JobStatusBody
from .service import JOB_STATUS_PATH, backend_error, combine, job_status

__all__ = ["build_router"]

_TAGS: list[Any] = ["sparkfluence"]
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": BackendError} for code in (400, 401, 404, 500)}


def build_router(prefix: str) -> APIRouter:  # noqa: ARG001 - the contract's paths sit outside the API prefix
    """The two routes; errors on them use the backend's envelope."""
    register_error_style("/api/combine-final-video", backend_error)
    register_error_style(f"{JOB_STATUS_PATH}/", backend_error)
    router = APIRouter(prefix="/api", tags=_TAGS)

    @router.post("/combine-final-video", status_code=202, responses={200: {"model": CompletedBody}, **_ERRORS},
                 response_model=AcceptedBody, summary="Sparkfluence: combine segments (+ music) into the final video")
    async def combine_final_video(body: CombineFinalVideoRequest, request: Request, jobs: JobsDep,
                                  principal: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        status, data = await run_in_threadpool(combine, jobs, body, principal)
        return contract_response(request, {"success": True, "data": data.model_dump(mode="json",
                                                                                    exclude={"output_path"})},
                                 status_code=status)

    @router.get("/job-status/{job_id}", response_model=JobStatusBody, responses=_ERRORS,
                summary="Sparkfluence: status of a combine job")
    async def status(job_id: str, request: Request, jobs: JobsDep,
                     _: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        data = await run_in_threadpool(job_status, jobs, job_id)
        payload = data.model_dump(mode="json")
        if payload["metadata"] is None:
            del payload["metadata"]  # the contract sends metadata only when completed
        return contract_response(request, {"success": True, "data": payload})

    return router
