"""`/api/v1/render/brief`, `/render/explainer`, `/render/batch`, `/render/batch/{id}`, `/render/formats` and
`/render/formats/{id}/preview`. Thin: validate, submit or read, return (batch logic in batch.py, the
format catalogue and its preview render in catalog.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from media_service.http.auth import Principal, authorize
from media_service.http.envelope import Envelope, success
from media_service.http.state import SettingsDep
from media_service.jobs import job_route
from media_service.jobs.service import JobsDep
from media_service.media import file_response

from . import jobs
from .batch import check_batch, submit_batch, view_batch
from .catalog import format_preview, list_formats
from .schemas import FORMAT_IDS, BatchAccepted, BatchRenderRequest, BatchView, FormatInfo

__all__ = ["build_router"]

_TAGS: list[Any] = ["render"]
_BRIEF_DOC = """PRD §6.1.1: `{brief: ContentBrief, quality, output_format, output_path?}`. The brief's `format`
(explainer_v1, listicle_v1, comparison_v1, shorts_v1, devvlog_v1 — GET /render/formats) compiles its sections into
a timeline with its own look, pacing and motion; `style` picks the theme (dark, light, neon, minimal) and brand
colours, background and font; `audio.music` (a MediaRef or a music-library track id) ducks under
`audio.voiceover` and the mix is normalised to -14 LUFS. Section contents are typed by section type (see the
schemas); unknown keys, overlapping or overrunning sections, unsupported section types, fps other than
24/25/30/50/60, oversize resolutions and unusable media are a 400 naming the field. The result (PRD
RenderBriefResponse) has the video and a poster frame as OutputRefs."""
_EXPLAINER_DOC = """A GeneratorInput (format, title, subtitle, topics, theme, duration_per_topic; images, music, cta,
handle, fps, resolution as extensions) written into a brief — intro, one section per topic, outro — and rendered.
The result carries the brief the service wrote. Topics read "Heading: body"; for comparison_v1, "A vs B"."""
_BATCH_DOC = """PRD §6.1.3: one job per video, at most `max_concurrent` rendering at once; one failed video does not
fail the others. GET /render/batch/{batch_id} aggregates status and progress; `webhook_url` gets one signed
`batch.completed` delivery (Standard Webhooks, like job webhooks) once every video has finished. Cancelling the
batch's `job_id` (DELETE /jobs/{job_id}) cancels the videos not yet done. `dry_run: true` checks without creating
anything; batches are always answered 202 (no `sync`), and Idempotency-Key is not supported here."""


def build_router(prefix: str) -> APIRouter:
    """The brief routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/render", tags=_TAGS)
    job_route(router, "/brief", jobs.render_brief_job, tags=_TAGS, description=_BRIEF_DOC)
    job_route(router, "/explainer", jobs.render_explainer, tags=_TAGS, description=_EXPLAINER_DOC)
    auth = [Depends(authorize)]

    @router.post("/batch", status_code=202, response_model=Envelope[BatchAccepted], summary="Render a batch of videos",
                 description=_BATCH_DOC)
    async def batch(body: BatchRenderRequest, request: Request, engine: JobsDep,
                    principal: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        if body.dry_run:
            checked = await run_in_threadpool(check_batch, engine.settings, body)
            return JSONResponse(success(request, checked.model_dump(mode="json")))
        accepted = await run_in_threadpool(submit_batch, engine, body, principal=principal)
        return JSONResponse(success(request, accepted.model_dump(mode="json")), status_code=202,
                            headers={"Location": accepted.poll_url})

    @router.get("/batch/{batch_id}", response_model=Envelope[BatchView], dependencies=auth,
                summary="A batch: status, progress and each video")
    def batch_status(request: Request, engine: JobsDep, batch_id: str = Path(max_length=40)) -> dict[str, Any]:
        return success(request, view_batch(engine.store, batch_id))

    @router.get("/formats", response_model=Envelope[list[FormatInfo]], dependencies=auth,
                summary="The brief formats: look, defaults, section types, an example brief and a preview")
    def formats(request: Request, settings: SettingsDep) -> dict[str, Any]:
        return success(request, list_formats(settings.api_prefix))

    @router.get("/formats/{format_id}/preview", response_class=Response, dependencies=auth,
                summary="A PNG frame of the format's example brief (≤ 960 px; rendered once, then cached)",
                responses={200: {"content": {"image/png": {}}, "description": "the preview picture"}})
    async def preview(settings: SettingsDep,
                      format_id: str = Path(description=f"one of {', '.join(FORMAT_IDS)}")) -> Response:
        path = await run_in_threadpool(format_preview, settings, format_id)
        return file_response(path, filename=f"{format_id}.png", mime="image/png", disposition="inline")

    return router
