"""Brief job types: `render.brief`, `render.explainer`, `render.batch-item` (queue `cpu`) and the batch
coordinator `render.batch` (queue `io`: it only waits on its videos' jobs, see batch.py).

Each `prepare` compiles at submission what the job will render, so a brief that cannot render (timing,
section types, content keys, sizes, media references, music track ids, output path) is a 400 naming the
field and never becomes a job.
"""

from __future__ import annotations


from media_service.jobs import JobContext, job_type
from media_service.media import check_refs
from media_service.media.paths import resolve_within_roots
from media_service.media.service import media_services
from media_service.settings import Settings

from ..video.jobs import estimate_render_seconds
from ..video.schemas import RenderSceneRequest
from .batch import BatchJobRequest, coordinate
from .formats import outline
from .formats.generator import brief_from_input, input_field
from .schemas import (
    BatchItemRequest,
    BatchView,
    ContentBrief,
    RenderBriefRequest,
    RenderBriefResult,
    RenderExplainerRequest,
    RenderExplainerResult,
)
from .service import check_brief, render_brief

__all__ = ["render_batch", "render_batch_item", "render_brief_job", "render_explainer"]

_TIMEOUT = 3600.0


def _estimate(brief: ContentBrief, options: RenderBriefRequest | RenderExplainerRequest) -> float:
    """The video engine's estimate for the brief's frames (its outline: no layout needed), plus the compile."""
    try:
        timeline = outline(brief)
    except Exception:  # noqa: BLE001 -- an invalid brief is refused by prepare; the estimate only needs a number
        return 10.0
    scene = RenderSceneRequest.model_validate({"timeline": timeline, "quality": options.quality,
                                               "output_format": options.output_format})
    return round(estimate_render_seconds(scene) + 0.5, 1)


def _prepare_brief(request: RenderBriefRequest, settings: Settings) -> RenderBriefRequest:
    check_brief(request.brief, settings, request)
    return request


@job_type("render.brief", request=RenderBriefRequest, result=RenderBriefResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, prepare=_prepare_brief, estimate=lambda r: _estimate(r.brief, r),
          summary="Render a video from a ContentBrief, drawn by its format")
def render_brief_job(ctx: JobContext, request: RenderBriefRequest) -> RenderBriefResult:
    """Compile the brief with its format and render it."""
    return render_brief(ctx, request.brief, request)


def _prepare_generated(request: RenderExplainerRequest, settings: Settings) -> RenderExplainerRequest:
    check_brief(brief_from_input(request), settings, request, rename=input_field)
    return request


def _render_generated(ctx: JobContext, request: RenderExplainerRequest) -> RenderExplainerResult:
    brief = brief_from_input(request)
    result = render_brief(ctx, brief, request, rename=input_field)
    return RenderExplainerResult(**result.model_dump(), brief=brief)


@job_type("render.explainer", request=RenderExplainerRequest, result=RenderExplainerResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, prepare=_prepare_generated,
          estimate=lambda r: _estimate(brief_from_input(r), r),
          summary="Write a brief from a title and topics, and render it")
def render_explainer(ctx: JobContext, request: RenderExplainerRequest) -> RenderExplainerResult:
    """Generate the brief from the input, render it, and return both."""
    return _render_generated(ctx, request)


@job_type("render.batch-item", request=BatchItemRequest, result=RenderExplainerResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, prepare=_prepare_generated,
          estimate=lambda r: _estimate(brief_from_input(r), r),
          summary="One video of a batch (submitted by the batch's coordinator)")
def render_batch_item(ctx: JobContext, request: BatchItemRequest) -> RenderExplainerResult:
    """Render one video of a batch, as POST /render/explainer would."""
    ctx.log(f"batch {request.batch_id}, video {request.index + 1}")
    return _render_generated(ctx, request)


def _prepare_batch(request: BatchJobRequest, settings: Settings) -> BatchJobRequest:
    """Cheap checks of every video (media references, output directory); each video's full check runs when
    the coordinator submits it, and a failure there fails that video alone."""
    media = media_services(settings)
    check_refs(request, cfg=media.cfg, uploads=media.uploads)
    if request.output_dir:
        resolve_within_roots(request.output_dir, media.cfg.output_roots, field="output_dir", what="output_dir")
    return request


@job_type("render.batch", request=BatchJobRequest, result=BatchView, queue="io", default_timeout_sec=24 * 3600,
          prepare=_prepare_batch, estimate=lambda r: 20.0 * len(r.videos) / max(1, r.max_concurrent),
          webhook_events=("batch.completed",),
          summary="Coordinate a batch: its videos' jobs, at most max_concurrent at once")
def render_batch(ctx: JobContext, request: BatchJobRequest) -> BatchView:
    """Start the batch's videos as they free up, then announce the outcome (`batch.completed`)."""
    return coordinate(ctx, request)
