"""Batch rendering (PRD §6.1.3): one coordinating job, one child job per video, at most `max_concurrent` at a time.

A batch is its coordinating job and that job's children (`ctx.jobs`); it has no records of its own:
- POST /render/batch checks the request and submits one `render.batch` job (queue `io`). The batch id is
  that job's id with the `bat_` prefix, so GET /render/batch/:id reads the job and its children.
- The coordinator submits a `render.batch-item` child (queue `cpu`) per video, keyed by the video's index,
  never more than `max_concurrent` unfinished at once, then waits for one of them to end. Waiting parks the
  coordinator without a worker slot; when a video ends the runtime runs the coordinator again from the top,
  and it rebuilds its state from its children (the keys make every submit idempotent), starts the next
  videos, and waits again. Item jobs are ordinary jobs: retries, timeouts, cancel, logs, GET /jobs/:id.
- A video that fails fails alone; the others go on.
- When every video has ended, the coordinator announces `batch.completed` with the final view
  (`ctx.notify`: the job store's webhook outbox, signed and retried like job webhooks) and returns that view.
- Cancelling the coordinator (DELETE /jobs/:id) cancels its unfinished videos (the job engine does that for
  every parent); the videos not yet started never start, and `batch.completed` reports the batch cancelled.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Literal, NoReturn

from media_service.errors import JobCancelledError, NotFoundError
from media_service.http.auth import Principal
from media_service.jobs.model import utcnow
from media_service.jobs.ports import JobReader

# Not through the package: its lazy names `registry` and `submit` are shadowed by the submodules of that name.
from media_service.jobs.registry import registry
from media_service.jobs.schemas import TERMINAL_STATUSES, DryRunResult, Job, JobOptions
from media_service.jobs.submit import dry_run, submit

from ..video.schemas import OutputFormat, Quality
from .schemas import (
    BatchAccepted,
    BatchItemRequest,
    BatchItemView,
    BatchRenderRequest,
    BatchView,
    GeneratorInput,
)

if TYPE_CHECKING:
    from media_service.jobs import JobContext
    from media_service.jobs.service import JobsService
    from media_service.settings import Settings

__all__ = ["BatchJobRequest", "batch_id_of", "check_batch", "coordinate", "submit_batch", "view_batch"]

_EXT = {"mp4": "mp4", "webm": "webm", "gif": "gif"}
ITEM_TYPE = "render.batch-item"


class BatchJobRequest(JobOptions):
    """The coordinator's input: the batch request (its webhook is the coordinator's, for `batch.completed`)."""

    videos: list[GeneratorInput]
    output_dir: str | None = None
    quality: Quality = "production"
    output_format: OutputFormat = "mp4"
    max_concurrent: int = 3
    item_timeout_sec: float | None = None
    item_max_retries: int | None = None
    created_at: str | None = None


def batch_id_of(job_id: str) -> str:
    """The batch id of a coordinating job (`job_…` → `bat_…`)."""
    return "bat_" + job_id.removeprefix("job_")


def _job_id_of(batch_id: str) -> str:
    return "job_" + batch_id.removeprefix("bat_")


# ---- the API side ---------------------------------------------------------------------------------------

def _job_request(request: BatchRenderRequest) -> BatchJobRequest:
    """The coordinator's input; the request's timeout and retries apply to each video's job."""
    return BatchJobRequest.model_validate({
        "videos": request.videos, "output_dir": request.output_dir, "quality": request.quality,
        "output_format": request.output_format, "max_concurrent": request.max_concurrent, "priority": request.priority,
        "webhook_url": request.webhook_url, "item_timeout_sec": request.timeout_sec,
        "item_max_retries": request.max_retries, "created_at": utcnow().isoformat()})


def check_batch(settings: Settings, request: BatchRenderRequest) -> DryRunResult:
    """Everything submission checks (each video's media, the output directory, the webhook URL), creating
    nothing: the answer to `dry_run: true`."""
    return dry_run(settings, registry.get("render.batch"), _job_request(request))


def submit_batch(jobs: JobsService, request: BatchRenderRequest, *, principal: Principal | None) -> BatchAccepted:
    """Check the batch and submit its coordinator (see the module docstring)."""
    sub = submit(jobs, registry.get("render.batch"), _job_request(request), principal=principal)
    batch_id = batch_id_of(sub.job.id)
    return BatchAccepted(batch_id=batch_id, job_id=sub.job.id, total=len(request.videos),
                         poll_url=f"{jobs.settings.api_prefix}/render/batch/{batch_id}",
                         webhook_registered=request.webhook_url is not None)


def view_batch(reader: JobReader, batch_id: str) -> BatchView:
    """The batch with each video's job status, progress and file; NotFoundError for an unknown id."""
    missing = NotFoundError(f"Batch {batch_id} not found", details={"batch_id": batch_id})
    if not batch_id.startswith("bat_"):
        raise missing
    try:
        coordinator = reader.get(_job_id_of(batch_id))
    except NotFoundError:
        raise missing from None
    if coordinator.type != "render.batch":
        raise missing
    if coordinator.status == "completed" and coordinator.result:
        return BatchView.model_validate(coordinator.result)  # the final view, as the webhook reported it
    request = BatchJobRequest.model_validate(coordinator.input)
    stopped: Literal["cancelled", "failed"] | None = None
    if coordinator.finished:
        stopped = "cancelled" if coordinator.status == "cancelled" else "failed"
    return _view(coordinator.id, request, _by_index(reader.children(coordinator.id)), stopped=stopped,
                 completed_at=coordinator.completed_at.isoformat() if coordinator.completed_at else None)


def _by_index(children: list[Job]) -> dict[int, Job]:
    return {int(job.input["index"]): job for job in children if job.type == ITEM_TYPE}


def _item_view(index: int, video: GeneratorInput, job: Job | None, *, stopped: bool) -> BatchItemView:
    """One video: its job's state, or none yet (pending; cancelled when the batch stopped first)."""
    if job is None:
        return BatchItemView(index=index, title=video.title, format=video.format, job_id=None,
                             status="cancelled" if stopped else "pending")
    result = job.result or {}
    return BatchItemView(index=index, title=video.title, format=video.format, job_id=job.id, status=job.status,
                         progress=1.0 if job.status == "completed" else job.progress,
                         video_path=result.get("video_path"), video_url=result.get("video_url"),
                         error=job.error.model_dump() if job.error else None)


def _outcome(videos: list[BatchItemView]) -> str:
    done = sum(v.status == "completed" for v in videos)
    if done == len(videos):
        return "completed"
    if done:
        return "partial"
    return "cancelled" if all(v.status == "cancelled" for v in videos) else "failed"


def _view(job_id: str, request: BatchJobRequest, children: dict[int, Job], *,
          stopped: Literal["cancelled", "failed"] | None = None, completed_at: str | None = None) -> BatchView:
    """The batch as it stands; `stopped`: how it ended when the coordinator ended without a result."""
    videos = [_item_view(i, video, children.get(i), stopped=stopped is not None)
              for i, video in enumerate(request.videos)]
    counts: dict[str, int] = {}
    for v in videos:
        counts[v.status] = counts.get(v.status, 0) + 1
    if stopped is not None:
        status: str = stopped
    else:
        status = "processing" if any(v.status != "pending" for v in videos) else "queued"
    progress = sum(1.0 if v.status in TERMINAL_STATUSES else v.progress for v in videos) / max(1, len(videos))
    return BatchView(batch_id=batch_id_of(job_id), status=status, progress=round(progress, 4),
                     total=len(videos), counts=counts, max_concurrent=request.max_concurrent, job_id=job_id,
                     created_at=request.created_at or "", webhook_registered=request.webhook_url is not None,
                     videos=videos, completed_at=completed_at)


# ---- the coordinator (worker side) -------------------------------------------------------------------------

def _item_request(request: BatchJobRequest, batch_id: str, index: int) -> BatchItemRequest:
    video = request.videos[index]
    output_path = None
    if request.output_dir:
        slug = "".join(ch if ch.isalnum() else "-" for ch in video.title.lower()).strip("-")[:48] or "video"
        output_path = str(PurePosixPath(request.output_dir) / f"{index + 1:02d}-{slug}.{_EXT[request.output_format]}")
    return BatchItemRequest.model_validate({
        **video.model_dump(), "batch_id": batch_id, "index": index, "quality": request.quality,
        "output_format": request.output_format, "output_path": output_path, "overwrite": True,
        "priority": request.priority, "timeout_sec": request.item_timeout_sec,
        "max_retries": request.item_max_retries})


def coordinate(ctx: JobContext, request: BatchJobRequest) -> BatchView:
    """One run of the coordinator: start videos up to `max_concurrent`, then wait for one to end (which
    parks this job until then); once all have ended, announce `batch.completed` and return the final view."""
    while True:
        try:
            if ctx.cancelled():
                raise JobCancelledError("Batch cancelled")
            final = _step(ctx, request)
        except JobCancelledError:
            _cancel(ctx, request, _by_index(ctx.jobs.all()))
        if final is not None:
            return final


def _step(ctx: JobContext, request: BatchJobRequest) -> BatchView | None:
    """Start what may start, then wait for a video to end (the final view when none is left)."""
    children = _by_index(ctx.jobs.all())
    running = [job for job in children.values() if not job.finished]
    pending = [i for i in range(len(request.videos)) if i not in children]
    for index in pending[:max(0, request.max_concurrent - len(running))]:
        job_id = ctx.jobs.submit(ITEM_TYPE, _item_request(request, batch_id_of(ctx.job_id), index), key=str(index))
        running.append(ctx.jobs.get(job_id))
    if not running:
        return _finish(ctx, request, children)
    view = _view(ctx.job_id, request, children)
    ctx.progress(view.progress, f"{view.counts.get('completed', 0)}/{view.total} videos done")
    ctx.jobs.wait([job.id for job in running], count=1)  # parks this job unless one has ended already
    return None


def _finish(ctx: JobContext, request: BatchJobRequest, children: dict[int, Job]) -> BatchView:
    """The final view, announced as `batch.completed` (the webhook outbox) and logged."""
    view = _view(ctx.job_id, request, children)
    final = view.model_copy(update={"status": _outcome(view.videos), "progress": 1.0,
                                    "completed_at": utcnow().isoformat()})
    ctx.notify("batch.completed", final.model_dump(mode="json"))
    ctx.log(f"batch {final.batch_id}: {final.status} ({final.counts})")
    return final


def _cancel(ctx: JobContext, request: BatchJobRequest, children: dict[int, Job]) -> NoReturn:
    """Announce the batch cancelled and end: the job engine cancels the unfinished videos with their
    parent, and the ones not started never start."""
    final = _view(ctx.job_id, request, children, stopped="cancelled", completed_at=utcnow().isoformat())
    ctx.notify("batch.completed", final.model_dump(mode="json"))
    raise JobCancelledError(f"Batch {final.batch_id} cancelled")
