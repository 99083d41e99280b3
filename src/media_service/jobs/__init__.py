"""The durable job engine: store, queues, workers, retries, timeouts, cancellation, events, webhooks.

Capability packages use only these names:

- declare a type:   `@job_type("tts.generate", request=TtsRequest, result=TtsResult, queue="io", ...)`
                    on `handler(ctx: JobContext, request) -> result` (see registry.py);
- request models:   inherit `JobOptions` (priority, webhook_url, timeout_sec, max_retries, dry_run, sync, …);
- expose it:        `job_route(router, "/tts/generate", generate)`, or `submit(...)` for custom routes;
- in a handler:     `ctx.progress(f, step)`, `ctx.log(msg)`, `ctx.cancelled()`, `ctx.workdir`;
                    raise a ServiceError (retryable or not) to fail — only the runtime retries.

The service wires the rest: `install_jobs` (API side, via routes.py), `start_workers` (serve),
`run_worker` (the worker command).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from media_service.jobs.context import JobContext, add_context_extension
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
    "JobContext": "context", "add_context_extension": "context",
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
    "Job",
    "JobAccepted",
    "JobContext",
    "JobOptions",
    "JobRegistry",
    "JobStatus",
    "JobStore",
    "JobType",
    "JobsService",
    "Priority",
    "Submission",
    "Worker",
    "WorkerHandle",
    "add_context_extension",
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
