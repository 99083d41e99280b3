"""Batch rendering (PRD §6.1.3): one batch record, one job per video, at most `max_concurrent` at a time.

How the limit is kept — a coordinating job, no change to the job engine:
- POST /render/batch checks the request, writes the batch and its items (batch_repository.py), and submits
  one `render.batch` job (queue `io`: it only waits). That job is the batch's coordinator.
- The coordinator submits a `render.batch-item` job (queue `cpu`) per video, never more than
  `max_concurrent` unfinished at once, starting the next as soon as one finishes (it polls the job store
  every 0.25 s). Item jobs are ordinary jobs: retries, timeouts, cancel, logs, GET /jobs/:id.
- Each item job is submitted with the Idempotency-Key `<batch id>:<index>`, so a coordinator that crashed
  and was retried picks up exactly where it was: no video renders twice.
- A video that fails (or cannot even be submitted) fails alone; the others go on.
- When every video has finished, the coordinator records the outcome and, in the same transaction, puts
  a `batch.completed` delivery in the job store's webhook outbox: it is signed and retried exactly like job
  webhooks. Cancelling the coordinator (DELETE /jobs/:id) cancels the videos still running or waiting.

Handlers reach the job store only through their context: this module adds `ctx.batches` (the store, the
queue and the batch repository of the worker process) for the coordinator.
"""

from __future__ import annotations

import functools
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from media_service.errors import JobCancelledError, NotFoundError, ServiceError
from media_service.http.auth import Principal
from media_service.jobs import JobOptions, JobsService, JobStore, jobs_service
from media_service.jobs.model import utcnow
from media_service.jobs.queue import JobQueue

# Not through the package: its lazy names `registry` and `submit` are shadowed by the submodules of that name.
from media_service.jobs.registry import registry
from media_service.jobs.schemas import TERMINAL_STATUSES, DryRunResult, Job
from media_service.jobs.submit import dry_run, submit
from media_service.jobs.webhooks import check_webhook_url
from media_service.settings import Settings

from ..video.schemas import OutputFormat, Quality
from .batch_repository import BatchRepository, BatchRow
from .schemas import BatchAccepted, BatchItemRequest, BatchItemView, BatchRenderRequest, BatchView, GeneratorInput

if TYPE_CHECKING:
    from media_service.app import Services
    from media_service.jobs import JobContext

__all__ = ["BatchJobRequest", "batch_runtime", "check_batch", "coordinate", "submit_batch", "view_batch"]

_POLL_SEC = 0.25
_EXT = {"mp4": "mp4", "webm": "webm", "gif": "gif"}


class BatchJobRequest(JobOptions):
    """The coordinator's input: the batch request and the batch's id."""

    batch_id: str
    videos: list[GeneratorInput]
    output_dir: str | None = None
    quality: Quality = "production"
    output_format: OutputFormat = "mp4"
    max_concurrent: int = 3
    item_timeout_sec: float | None = None
    item_max_retries: int | None = None


@dataclass
class _Services:
    """What `submit` needs of the API's Services, in a worker process: settings and the jobs engine."""

    settings: Settings
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchRuntime:
    """`ctx.batches`: the worker process's job store, queue and batch repository."""

    services: Any
    store: JobStore
    repo: BatchRepository


@functools.cache
def _runtime(settings_json: str) -> BatchRuntime:
    settings = Settings.model_validate_json(settings_json)
    store = JobStore.from_settings(settings, pool_size=4)
    services = _Services(settings)
    services.extras["jobs"] = JobsService(settings=settings, store=store, queue=JobQueue(settings), types=registry)
    return BatchRuntime(services=services, store=store, repo=BatchRepository(store.engine))


def batch_runtime(ctx: JobContext) -> BatchRuntime:
    """The context extension behind `ctx.batches` (one per worker process and settings)."""
    return _runtime(ctx.settings.model_dump_json(round_trip=True))


# ---- the API side ---------------------------------------------------------------------------------------

def _job_request(request: BatchRenderRequest, batch_id: str) -> BatchJobRequest:
    """The coordinator's input; the request's timeout and retries apply to each video's job."""
    return BatchJobRequest.model_validate({
        "batch_id": batch_id, "videos": request.videos, "output_dir": request.output_dir, "quality": request.quality,
        "output_format": request.output_format, "max_concurrent": request.max_concurrent, "priority": request.priority,
        "item_timeout_sec": request.timeout_sec, "item_max_retries": request.max_retries})


def check_batch(services: Services, request: BatchRenderRequest) -> DryRunResult:
    """Everything submission checks (each video's media, the output directory, the webhook URL), creating
    nothing: the answer to `dry_run: true`."""
    if request.webhook_url:
        check_webhook_url(request.webhook_url, services.settings)
    return dry_run(services, registry.get("render.batch"), _job_request(request, "bat_dry_run"))


def submit_batch(services: Services, request: BatchRenderRequest, *, principal: Principal | None) -> BatchAccepted:
    """Check the batch, record it and submit its coordinator (see the module docstring)."""
    check_batch(services, request)  # refused requests leave nothing behind
    batch_id = "bat_" + uuid.uuid4().hex[:20]
    repo = BatchRepository(jobs_service(services).store.engine)
    repo.create(batch_id, videos=[(v.title, v.format) for v in request.videos], max_concurrent=request.max_concurrent,
                webhook_url=request.webhook_url, created_by=principal.key_id if principal else None)
    try:
        sub = submit(services, registry.get("render.batch"), _job_request(request, batch_id), principal=principal)
    except ServiceError:
        repo.delete(batch_id)
        raise
    repo.attach_job(batch_id, sub.job.id)
    return BatchAccepted(batch_id=batch_id, job_id=sub.job.id, total=len(request.videos),
                         poll_url=f"{services.settings.api_prefix}/render/batch/{batch_id}",
                         webhook_registered=request.webhook_url is not None)


def view_batch(store: JobStore, batch_id: str) -> BatchView:
    """The batch with each video's job status, progress and file; NotFoundError for an unknown id."""
    row = BatchRepository(store.engine).get(batch_id)
    if row is None:
        raise NotFoundError(f"Batch {batch_id} not found", details={"batch_id": batch_id})
    return _view(row, _jobs(store, row))


def _jobs(store: JobStore, row: BatchRow) -> dict[str, Job]:
    out: dict[str, Job] = {}
    for item in row.items:
        if item.job_id:
            try:
                out[item.job_id] = store.get(item.job_id)
            except NotFoundError:
                continue
    if row.job_id:
        try:
            out[row.job_id] = store.get(row.job_id)
        except NotFoundError:
            pass
    return out


def _item_view(item: Any, job: Job | None, *, stopped: bool) -> BatchItemView:
    """One video: its job's state, or why it has none (never started: the batch stopped, or it was refused)."""
    if job is None:
        if item.error:
            status = "cancelled" if item.error.get("code") == "JOB_CANCELLED" else "failed"
        else:
            status = "cancelled" if stopped else "pending"
        return BatchItemView(index=item.index, title=item.title, format=item.format, job_id=item.job_id,
                             status=status, error=item.error)  # type: ignore[arg-type]
    result = job.result or {}
    return BatchItemView(index=item.index, title=item.title, format=item.format, job_id=job.id, status=job.status,
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


def _view(row: BatchRow, jobs: dict[str, Job]) -> BatchView:
    coordinator = jobs.get(row.job_id) if row.job_id else None
    stopped = not row.outcome and coordinator is not None and coordinator.finished  # e.g. cancelled while queued
    videos = [_item_view(item, jobs.get(item.job_id) if item.job_id else None, stopped=stopped) for item in row.items]
    counts: dict[str, int] = {}
    for v in videos:
        counts[v.status] = counts.get(v.status, 0) + 1
    if row.outcome:
        status = row.outcome
    elif stopped:
        status = "cancelled" if coordinator.status == "cancelled" else "failed"  # type: ignore[union-attr]
    else:
        status = "processing" if any(v.status != "pending" for v in videos) else "queued"
    progress = sum(1.0 if v.status in TERMINAL_STATUSES or v.status == "failed" else v.progress
                   for v in videos) / max(1, len(videos))
    return BatchView(batch_id=row.id, status=status, progress=round(progress, 4), total=row.total,  # type: ignore[arg-type]
                     counts=counts, max_concurrent=row.max_concurrent, job_id=row.job_id or "",
                     created_at=row.created_at.isoformat(),
                     completed_at=row.completed_at.isoformat() if row.completed_at else None,
                     webhook_registered=row.webhook_url is not None, videos=videos)


# ---- the coordinator (worker side) -------------------------------------------------------------------------

def _item_request(request: BatchJobRequest, index: int) -> BatchItemRequest:
    video = request.videos[index]
    output_path = None
    if request.output_dir:
        slug = "".join(ch if ch.isalnum() else "-" for ch in video.title.lower()).strip("-")[:48] or "video"
        output_path = str(PurePosixPath(request.output_dir) / f"{index + 1:02d}-{slug}.{_EXT[request.output_format]}")
    return BatchItemRequest.model_validate({
        **video.model_dump(), "batch_id": request.batch_id, "index": index, "quality": request.quality,
        "output_format": request.output_format, "output_path": output_path, "overwrite": True,
        "priority": request.priority, "timeout_sec": request.item_timeout_sec,
        "max_retries": request.item_max_retries})


def _start(rt: BatchRuntime, request: BatchJobRequest, index: int, owner: Principal | None) -> None:
    """Submit one video's job (or record why it cannot start)."""
    try:
        sub = submit(rt.services, registry.get("render.batch-item"), _item_request(request, index), principal=owner,
                     idempotency_key=f"{request.batch_id}:{index}")
    except ServiceError as exc:
        rt.repo.start_item(request.batch_id, index, error=exc.to_dict())
        return
    rt.repo.start_item(request.batch_id, index, job_id=sub.job.id)


def coordinate(ctx: JobContext, request: BatchJobRequest) -> BatchView:
    """Run the batch to the end: keep `max_concurrent` videos going, then record the outcome and webhook."""
    rt: BatchRuntime = ctx.batches
    me = rt.store.get(ctx.job_id)
    owner = Principal(key_id=me.created_by, scopes=frozenset()) if me.created_by else None  # items share its owner
    while True:
        row = rt.repo.get(request.batch_id)
        if row is None:
            raise NotFoundError(f"Batch {request.batch_id} not found")
        jobs = _jobs(rt.store, row)
        if ctx.cancelled():
            return _cancel(ctx, rt, row, jobs)
        running = [i for i in row.items if i.job_id and (i.job_id not in jobs or not jobs[i.job_id].finished)]
        pending = [i for i in row.items if not i.job_id and not i.error]
        for item in pending[:max(0, row.max_concurrent - len(running))]:
            _start(rt, request, item.index, owner)
        if not running and not pending:
            return _finish(ctx, rt, row, jobs)
        view = _view(row, jobs)
        ctx.progress(view.progress, f"{view.counts.get('completed', 0)}/{row.total} videos done")
        time.sleep(_POLL_SEC)


def _finish(ctx: JobContext, rt: BatchRuntime, row: BatchRow, jobs: dict[str, Job], *,
            outcome: str | None = None) -> BatchView:
    """Record the outcome and queue the `batch.completed` webhook (with the final view) in one transaction."""
    view = _view(row, jobs)
    outcome = outcome or _outcome(view.videos)
    now = utcnow().isoformat()
    final = view.model_copy(update={"status": outcome, "progress": 1.0, "completed_at": now})
    body = json.dumps({"type": "batch.completed", "timestamp": now, "data": final.model_dump(mode="json")})
    rt.repo.finish(row.id, outcome=outcome, webhook_body=body)
    ctx.log(f"batch {row.id}: {outcome} ({view.counts})")
    return final


def _cancel(ctx: JobContext, rt: BatchRuntime, row: BatchRow, jobs: dict[str, Job]) -> BatchView:
    """Cancel what runs, keep what waits from starting, and end the batch as cancelled."""
    for item in row.items:
        if item.job_id and item.job_id in jobs and not jobs[item.job_id].finished:
            rt.store.request_cancel(item.job_id)
        elif not item.job_id and not item.error:
            rt.repo.start_item(row.id, item.index, error={"code": "JOB_CANCELLED", "message": "Batch cancelled",
                                                          "details": {}})
    # Wait (within the runtime's cancel grace for this job) for the running videos to stop, so the batch
    # webhook reports them as they ended.
    until = time.monotonic() + max(0.0, ctx.settings.job_cancel_grace_ms / 1000 - 0.5)
    while True:
        refreshed = rt.repo.get(row.id) or row
        jobs = _jobs(rt.store, refreshed)
        if all(job.finished for job in jobs.values() if job.id != ctx.job_id) or time.monotonic() >= until:
            break
        time.sleep(_POLL_SEC)
    _finish(ctx, rt, refreshed, jobs, outcome="cancelled")
    raise JobCancelledError(f"Batch {row.id} cancelled")
