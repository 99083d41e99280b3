"""Crash recovery: the job store is the source of truth, the queue and the workers are not.

- A job left `processing` by a worker that is gone (its lease — the worker's heartbeat — expired, or
  its pid is dead on this host) gets another attempt if it has retries left, else it fails with
  "worker died while running the job (attempt N)". The CAS on the attempt number means a worker
  that was only slow cannot complete the job as well.
- A `queued` job with no message in its queue (the process died between the store and the queue,
  or the queue file was lost) gets its message back.

Both run when the API starts and when a worker starts; workers also sweep for stale leases while
they run, so one dead worker's jobs are picked up by the others.
"""

from __future__ import annotations

import os
import socket

import structlog

from media_service.jobs.model import utcnow
from media_service.jobs.queue import QUEUES, JobQueue
from media_service.jobs.schemas import Job
from media_service.jobs.store import JobStore
from media_service.settings import Settings

__all__ = ["dead_local_workers", "interrupt", "recover", "recover_stale", "requeue_missing"]

log = structlog.get_logger("media_service.jobs")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def dead_local_workers(store: JobStore) -> list[str]:
    """Ids of worker rows on this host whose process no longer exists (no need to wait for the lease)."""
    host = socket.gethostname()
    return [w["id"] for w in store.workers() if w["hostname"] == host and not _pid_alive(int(w["pid"]))]


def interrupt(store: JobStore, queue: JobQueue, job: Job, *, reason: str) -> str:
    """End a processing attempt that no worker will finish: requeue it (an attempt is used) or fail it."""
    error = {"code": "INTERNAL_ERROR", "message": reason, "details": {"attempt": job.attempts}}
    if job.retries < job.max_retries:
        retry = f"{reason}; retry {job.retries + 1} of {job.max_retries}"
        after = store.requeue(job.id, job.attempts, run_after=utcnow(), error=error, reason=retry)
        if after is None:
            return "skipped"
        if after.status == "queued":
            queue.enqueue(job.queue, job.id, priority=job.priority)
        log.warning("jobs.job.recovered", job_id=job.id, attempt=job.attempts, outcome=after.status, reason=reason)
        return after.status
    error["message"] = f"{reason}; no retries left"
    if store.finish(job.id, "failed", attempt=job.attempts, error=error) is not None:
        log.warning("jobs.job.recovered", job_id=job.id, attempt=job.attempts, outcome="failed", reason=reason)
        return "failed"
    return "skipped"


def recover_stale(store: JobStore, queue: JobQueue, settings: Settings, *, worker_id: str | None = None) -> int:
    """Requeue or fail every job whose worker is gone; returns how many were handled. A worker passes
    its own id: however late its heartbeat, it is not dead."""
    dead = dead_local_workers(store)
    handled = 0
    for job in store.stale_jobs(lease_ttl=settings.job_lease_ttl_sec, dead_worker_ids=dead, alive_worker_id=worker_id):
        reason = f"worker died while running the job (attempt {job.attempts})"
        handled += interrupt(store, queue, job, reason=reason) != "skipped"
    if dead:
        store.remove_workers(dead)
    return handled


def requeue_missing(store: JobStore, queue: JobQueue) -> int:
    """Give every queued job without a queue message its message back; returns how many."""
    count = 0
    now = utcnow()
    for name in QUEUES:
        present = queue.job_ids(name)
        for job_id, priority, run_after in store.queued(name):
            if job_id in present:
                continue
            delay = (run_after - now).total_seconds() if run_after else 0.0
            queue.enqueue(name, job_id, priority=priority, delay=delay if delay > 0 else None)
            count += 1
    if count:
        log.warning("jobs.queue.requeued_missing", count=count)
    return count


def recover(store: JobStore, queue: JobQueue, settings: Settings, *, worker_id: str | None = None) -> tuple[int, int]:
    """Both recoveries, as run at start-up: (stale jobs handled, messages restored)."""
    return recover_stale(store, queue, settings, worker_id=worker_id), requeue_missing(store, queue)

