"""The durable job engine: store, queues, workers, retries, timeouts, cancellation, events, webhooks,
and jobs that run other jobs.

Capability packages use only these names:

- declare a type:   `@job_type("tts.generate", request=TtsRequest, result=TtsResult, queue="io", ...)`
                    on `handler(ctx: JobContext, request) -> result` (see registry.py);
- request models:   inherit `JobOptions` (priority, webhook_url, timeout_sec, max_retries, dry_run, sync, …);
- expose it:        `job_route(router, "/tts/generate", generate)`, or `submit(...)` for custom routes;
- in a handler:     `ctx.progress(f, step)`, `ctx.log(msg)`, `ctx.cancelled()`, `ctx.time_left()`,
                    `ctx.workdir`, `ctx.inputs`, `ctx.outputs`, `ctx.providers`, `ctx.notify(event, data)`
                    and `ctx.jobs` (child jobs); raise a ServiceError (retryable or not) to fail — only
                    the runtime retries.

Child jobs and waiting (children.py, tree.py, settle.py). `ctx.jobs.submit(type, request, key=…)` creates
a job with `parent_id` set (GET /jobs?parent_id=…); `ctx.jobs.wait(ids, count=…)` returns the children
once enough of them have ended. Until then it does not block: it raises `WaitForChildren`, and the
runtime *parks* the parent — status stays `processing`, `current_step` "waiting for N child jobs", no
worker and no concurrency slot held (`wait_state` 'waiting' in the store). The transaction that ends
the last awaited child marks the parent 'ready' and its message goes back on its queue; a worker
claims it like a queued job (same attempt, same deadline) and runs the handler again from the start —
continuation style, as Celery chords and Huey pipelines do, so parents can never fill the worker while
their children queue behind them. A re-run rebuilds its state from `ctx.jobs.all()`; `submit` with the
same `key` returns the child created before, so re-runs are idempotent. The rules the store keeps:
- a job that ends (completed or not) cancels its unfinished children: children never outlive it;
- cancelling a job cancels its children (queued ones at once, running ones flagged), and wakes it when
  it is parked, so its handler sees `ctx.cancelled()` and ends;
- a child's time limit is capped by its parent's deadline, and a parked parent past its deadline is
  ended (timeout) by the workers' sweep, which also wakes a parked parent whose children have ended;
- crash recovery skips parked parents (no worker to lose) and restores the message of a 'ready' one.
cpu/gpu handlers use `ctx.jobs` too: their calls go over the pipe to the supervising worker.

The runtime talks to the store through `ports.RuntimeStore`, the jobs API through `ports.JobReader`;
`store.JobStore` (SQL) implements both, and `JobStore.in_memory()` backs `immediate.ImmediateJobs`, the
tests' immediate mode (a job runs in the caller's thread on submit). The context's outside services come
from the `context.ContextServices` the worker is started with: `media_service.workers` (the workers'
composition root) wires the media layer's inputs and outputs. The service wires the rest: `install_jobs`
(API side), `start_workers` (serve), `run_worker` (the worker command).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from media_service.jobs.children import ChildJobs
    from media_service.jobs.context import (
        ContextServices,
        Inputs,
        JobContext,
        Outputs,
        ProviderRegistry,
    )
    from media_service.jobs.registry import (
        JobRegistry,
        JobType,
        job_type,
        load_capabilities,
        registry,
    )
    from media_service.jobs.runtime import Worker
    from media_service.jobs.schemas import (
        Job,
        JobAccepted,
        JobOptions,
        JobStatus,
        Priority,
    )
    from media_service.jobs.service import JobsService, install_jobs, jobs_service
    from media_service.jobs.store import JobStore
    from media_service.jobs.submit import (
        Submission,
        dry_run,
        job_route,
        submit,
        wait_for_job,
    )
    from media_service.jobs.worker import WorkerHandle, run_worker, start_workers

# Names load on first use, so a worker process (`python -m media_service.jobs`) starts without
# importing the web stack first.
_WHERE = {
    "ChildJobs": "children", "ContextServices": "context", "Inputs": "context", "JobContext": "context",
    "Outputs": "context", "ProviderRegistry": "context",
    "JobRegistry": "registry", "JobType": "registry", "job_type": "registry", "load_capabilities": "registry",
    "registry": "registry", "Worker": "runtime",
    "Job": "schemas", "JobAccepted": "schemas", "JobOptions": "schemas", "JobStatus": "schemas", "Priority": "schemas",
    "JobsService": "service", "install_jobs": "service", "jobs_service": "service", "JobStore": "store",
    "Submission": "submit", "dry_run": "submit", "job_route": "submit", "submit": "submit",
    "wait_for_job": "submit", "WorkerHandle": "worker", "run_worker": "worker", "start_workers": "worker",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'media_service.jobs' has no attribute {name!r}")
    value = getattr(import_module(f"media_service.jobs.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ChildJobs",
    "ContextServices",
    "Inputs",
    "Job",
    "JobAccepted",
    "JobContext",
    "JobOptions",
    "JobRegistry",
    "JobStatus",
    "JobStore",
    "JobType",
    "JobsService",
    "Outputs",
    "Priority",
    "ProviderRegistry",
    "Submission",
    "Worker",
    "WorkerHandle",
    "dry_run",
    "install_jobs",
    "job_route",
    "job_type",
    "jobs_service",
    "load_capabilities",
    "registry",
    "run_worker",
    "start_workers",
    "submit",
    "wait_for_job",
]
