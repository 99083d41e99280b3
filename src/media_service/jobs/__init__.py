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

from media_service.jobs.context import JobContext, add_context_extension
from media_service.jobs.registry import JobRegistry, JobType, job_type, load_capabilities, registry
from media_service.jobs.runtime import Worker
from media_service.jobs.schemas import Job, JobAccepted, JobOptions, JobStatus, Priority
from media_service.jobs.service import JobsService, install_jobs, jobs_service
from media_service.jobs.store import JobStore
from media_service.jobs.submit import Submission, dry_run, job_route, submit, wait_for_job
from media_service.jobs.worker import WorkerHandle, run_worker, start_workers

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
