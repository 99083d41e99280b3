"""`/api/v1/avatar/*`: the talking-head jobs, training (`POST /train` answers the PRD AvatarTrainingResponse
with `uploading`; `GET /training/{id}` by avatar or job id) and `GET /models` (trained avatars). Thin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from media_service.errors import NotFoundError
from media_service.http.auth import Principal, authorize
from media_service.http.envelope import Envelope, success
from media_service.http.state import SettingsDep
from media_service.jobs import job_route
from media_service.jobs.service import JobsDep
from media_service.jobs.submit import submit

from . import jobs
from .checks import prepare_training
from .repository import AvatarRow, avatars
from .schemas import AvatarList, AvatarTrainingRequest, AvatarTrainingResponse, TrainJob, TrainingConfig
from .service import training_response

__all__ = ["build_router"]

_TAGS: list[Any] = ["avatar"]
_FINAL = ("completed", "failed", "cancelled")


def build_router(prefix: str) -> APIRouter:
    """The avatar routes under `prefix`/avatar."""
    router = APIRouter(prefix=f"{prefix}/avatar", tags=_TAGS)
    job_route(router, "/infinitetalk", jobs.infinitetalk, tags=_TAGS)
    job_route(router, "/sadtalker", jobs.sadtalker, tags=_TAGS)
    job_route(router, "/wav2lip", jobs.wav2lip, tags=_TAGS)
    job_route(router, "/talking-head", jobs.talking_head, tags=_TAGS)

    @router.post("/train", status_code=202, response_model=Envelope[AvatarTrainingResponse],
                 summary="Train a custom avatar from footage: answers `uploading` with the avatar and job ids",
                 openapi_extra={"x-job-type": jobs.train.name})
    async def train(body: AvatarTrainingRequest, request: Request, settings: SettingsDep, jobs_service: JobsDep,
                    principal: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        def start() -> AvatarRow:
            prepare_training(body, settings)
            repo = avatars(settings)
            avatar_id = repo.new_id()
            repo.create(avatar_id, name=body.avatar_name, backend=body.backend, job_id=None,
                        created_by=principal.key_id)
            job = TrainJob(avatar_id=avatar_id, video_url=body.video_url, avatar_name=body.avatar_name,
                           backend=body.backend, training_config=body.training_config or TrainingConfig())
            try:
                sub = submit(jobs_service, jobs.train, job, principal=principal)
            except BaseException as exc:
                repo.update(avatar_id, status="failed", error=str(exc))
                raise
            repo.update(avatar_id, job_id=sub.job.id)
            return repo.get(avatar_id)

        row = await run_in_threadpool(start)
        return JSONResponse(success(request, training_response(row).model_dump(mode="json")), status_code=202)

    @router.get("/training/{training_id}", response_model=Envelope[AvatarTrainingResponse],
                summary="A training's status, progress and time remaining (by avatar id or job id)")
    async def training(request: Request, settings: SettingsDep, jobs_service: JobsDep,
                       training_id: Annotated[str, Path(max_length=64)],
                       _: Annotated[Principal, Depends(authorize)]) -> dict[str, Any]:
        def read() -> AvatarTrainingResponse:
            repo = avatars(settings)
            try:
                row = repo.get(training_id) if training_id.startswith("av_") else repo.by_job(training_id)
            except NotFoundError:
                raise NotFoundError(f"no avatar training {training_id!r}") from None
            response = training_response(row)
            if row.status not in _FINAL and row.job_id:  # a job that ended without the handler (killed worker)
                job = jobs_service.store.get(row.job_id)
                if job.finished and job.status != "completed":
                    response = response.model_copy(update={"status": "failed", "error": (
                        job.error.message if job.error else f"the training job ended {job.status}")})
            return response

        return success(request, (await run_in_threadpool(read)).model_dump(mode="json"))

    @router.get("/models", response_model=Envelope[AvatarList],
                summary="Trained avatars (completed), usable as `avatar_id` by the talking-head endpoints")
    async def models(request: Request, settings: SettingsDep,
                     _: Annotated[Principal, Depends(authorize)]) -> dict[str, Any]:
        rows = await run_in_threadpool(lambda: avatars(settings).list(status="completed"))
        return success(request, AvatarList(avatars=[training_response(r) for r in rows]).model_dump(mode="json"))

    return router
