"""Submitting jobs — what every capability router uses.

    job_route(router, "/tts/generate", tts_generate)     # the whole POST endpoint in one call

declares `POST <path>` with the type's request model (OpenAPI), answers 202 with the PRD §7.3 body,
and handles `Idempotency-Key` (same key + body → the same job, `Idempotent-Replayed: true`; another
body → 409), `dry_run: true` (validate everything, return the normalised request and the estimate,
create nothing) and `sync: true` / `?wait=true` (wait up to JOB_QUEUE_SYNC_WAIT_SEC and answer with the
finished job — or its error — when it is done in time; past the window a 202 with the job as it stands
now, in the same shape as GET /jobs/{id}). Routers needing more use `submit` directly.
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from media_service.errors import JobTimeoutError, ServiceError, ServiceUnavailableError
from media_service.http.auth import Principal, authorize, required_scope
from media_service.http.envelope import Envelope, success
from media_service.jobs.registry import JobType
from media_service.jobs.schemas import DryRunResult, Job, JobAccepted, JobOptions
from media_service.jobs.service import JobsService, get_jobs
from media_service.jobs.store import IdempotencyClaim, NewJob, body_hash
from media_service.jobs.webhooks import check_webhook_url
from media_service.settings import Settings

__all__ = ["Submission", "dry_run", "job_route", "stored_input", "submit", "submit_and_finish", "wait_for_job"]


@dataclass(frozen=True, slots=True)
class Submission:
    job: Job
    replayed: bool
    accepted: JobAccepted


@dataclass(frozen=True, slots=True)
class _Prepared:
    request: BaseModel
    options: JobOptions
    timeout_sec: float
    max_retries: int
    estimate: float


def _prepare(settings: Settings, jt: JobType, request: BaseModel) -> _Prepared:
    """Everything submission checks: options, webhook URL egress, and the type's own `prepare`."""
    options = request if isinstance(request, JobOptions) else JobOptions.model_validate({})
    if options.webhook_url:
        check_webhook_url(options.webhook_url, settings)
    if jt.prepare is not None:
        request = jt.prepare(request, settings) or request
    timeout, retries = jt.limits(options, settings)
    return _Prepared(request, options, timeout, retries, jt.estimate_for(request))


def _webhook_events(jt: JobType, options: JobOptions) -> list[str] | None:
    if not options.webhook_url:
        return None
    return list(jt.webhook_events) if jt.webhook_events is not None else options.resolved_webhook_events()


def dry_run(settings: Settings, jt: JobType, request: BaseModel) -> DryRunResult:
    """Validate `request` as a submission would, without creating a job."""
    p = _prepare(settings, jt, request)
    return DryRunResult(type=jt.name, queue=jt.queue, request=p.request.model_dump(mode="json"),
                        estimated_duration_sec=p.estimate, timeout_sec=p.timeout_sec)


def submit(jobs: JobsService, jt: JobType, request: BaseModel, *, principal: Principal | None = None,
           idempotency_key: str | None = None) -> Submission:
    """Create and enqueue a job of type `jt` (or return the one an Idempotency-Key names)."""
    idem = None
    if idempotency_key:
        fingerprint = body_hash({"type": jt.name, "body": request.model_dump(mode="json", exclude_unset=True)})
        idem = IdempotencyClaim(owner=principal.key_id if principal else "-", key=idempotency_key, body_hash=fingerprint)
    p = _prepare(jobs.settings, jt, request)
    new = NewJob(type=jt.name, queue=jt.queue, priority=p.options.priority, input=stored_input(jobs.settings, p.request),
                 max_retries=p.max_retries, timeout_sec=p.timeout_sec, estimated_duration_sec=p.estimate,
                 webhook_url=p.options.webhook_url, webhook_events=_webhook_events(jt, p.options),
                 created_by=principal.key_id if principal else None)
    job, replayed = jobs.store.create(new, idem=idem)
    if not replayed:
        try:
            jobs.queue.enqueue(jt.queue, job.id, priority=job.priority)
        except Exception as exc:
            jobs.store.finish(job.id, "failed", expect="queued", error={
                "code": "SERVICE_UNAVAILABLE", "message": "The job queue is unavailable", "details": {}})
            raise ServiceUnavailableError("The job queue is unavailable; try again shortly") from exc
    accepted = JobAccepted(job_id=job.id, status=job.status, estimated_duration_sec=job.estimated_duration_sec,
                           poll_url=f"{jobs.settings.api_prefix}/jobs/{job.id}",
                           webhook_registered=job.webhook_url is not None)
    return Submission(job, replayed, accepted)


def stored_input(settings: Settings, request: BaseModel) -> dict[str, Any]:
    """The request as the job keeps it: long base64 `data:` URIs are stored as uploads and replaced by their ids
    (`media.inline`), so a job's record and every read of it stay small."""
    from media_service.media import spill_data_uris
    from media_service.media.service import media_services

    media = media_services(settings)
    ttl = max(settings.upload_ttl_sec, int(settings.job_retention_hours * 3600))
    payload, _ = spill_data_uris(request.model_dump(mode="json"), media.uploads,
                                 max_bytes=media.cfg.max_file_size_bytes, ttl_seconds=ttl)
    return cast(dict[str, Any], payload)


async def wait_for_job(jobs: JobsService, job_id: str, timeout: float) -> Job:
    """The job once finished, or as it stands after `timeout` seconds."""
    store = jobs.store
    loop = asyncio.get_running_loop()
    until = loop.time() + timeout
    delay = 0.02
    while True:
        job = await run_in_threadpool(store.get, job_id)
        if job.finished or loop.time() >= until:
            return job
        await asyncio.sleep(min(delay, max(0.0, until - loop.time())))
        delay = min(delay * 1.5, 0.05)  # a sync caller waits for quick jobs: answer within 50 ms of the end


async def submit_and_finish(jobs: JobsService, jt: JobType, request: BaseModel, *, principal: Principal,
                            timeout: float, still_running: str) -> Job:
    """Submit and wait up to `timeout` s for the completed job (routes that answer synchronously, as contracts
    want). Still running → JobTimeoutError "`still_running`; poll <url>" naming the job; failed → its error."""
    sub = await run_in_threadpool(lambda: submit(jobs, jt, request, principal=principal))
    job = await wait_for_job(jobs, sub.job.id, timeout)
    if not job.finished:
        raise JobTimeoutError(f"{still_running}; poll {sub.accepted.poll_url}",
                              details={"job_id": job.id, "poll_url": sub.accepted.poll_url})
    if job.status != "completed":
        raise job_error(job)
    return job


def _status_by_code() -> dict[str, int]:
    found: dict[str, int] = {}
    stack: list[type[ServiceError]] = [ServiceError]
    while stack:
        cls = stack.pop()
        found.setdefault(cls.code, cls.status)
        stack.extend(cls.__subclasses__())
    return found


def job_error(job: Job) -> ServiceError:
    """The error a synchronous caller gets for a job that did not complete."""
    error = job.error
    err = ServiceError(error.message if error else f"Job ended {job.status}",
                       details={**(error.details if error else {}), "job_id": job.id, "status": job.status})
    err.code = error.code if error else "INTERNAL_ERROR"
    err.status = _status_by_code().get(err.code, 500)
    return err


def job_route(router: APIRouter, path: str, jt: JobType, *, summary: str | None = None,
              description: str | None = None, tags: list[str | Enum] | None = None) -> None:
    """Declare `POST path` on `router` submitting jobs of type `jt` (see module docstring)."""

    async def endpoint(request: Request, body: BaseModel, idempotency_key: str | None, wait: bool,
                       principal: Principal, jobs: JobsService) -> Any:
        if isinstance(body, JobOptions) and body.dry_run:
            result = await run_in_threadpool(dry_run, jobs.settings, jt, body)
            return JSONResponse(success(request, result.model_dump(mode="json")))
        sub = await run_in_threadpool(lambda: submit(jobs, jt, body, principal=principal,
                                                     idempotency_key=idempotency_key))
        headers = {"Location": sub.accepted.poll_url}
        if sub.replayed:
            headers["Idempotent-Replayed"] = "true"
        if wait or (isinstance(body, JobOptions) and body.sync):
            job = await wait_for_job(jobs, sub.job.id, jobs.settings.job_sync_wait_sec)
            if job.status == "completed":
                return JSONResponse(success(request, job.model_dump(mode="json")), headers=headers)
            if job.finished:
                raise job_error(job)
            # Past the wait window: the one job shape of the completed case, with the status as it is now.
            return JSONResponse(success(request, job.model_dump(mode="json")), status_code=202, headers=headers)
        return JSONResponse(success(request, sub.accepted.model_dump(mode="json")), status_code=202, headers=headers)

    kw = inspect.Parameter.KEYWORD_ONLY
    endpoint.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("request", kw, annotation=Request),
        inspect.Parameter("body", kw, annotation=jt.request_model),
        inspect.Parameter("idempotency_key", kw, annotation=str | None,
                          default=Header(None, alias="Idempotency-Key", max_length=255)),
        inspect.Parameter("wait", kw, annotation=bool,
                          default=Query(False, description="Wait a few seconds and return the finished job")),
        inspect.Parameter("principal", kw, annotation=Principal, default=Depends(authorize)),
        inspect.Parameter("jobs", kw, annotation=JobsService, default=Depends(get_jobs)),
    ])
    router.add_api_route(
        path, endpoint, methods=["POST"], status_code=202, response_model=Envelope[JobAccepted | Job],
        response_description="Accepted: the PRD body (`job_id`, `status`, `poll_url`, …); with sync / ?wait=true "
                             "still running when the wait ended: the job (as GET /jobs/{id}) with its current status",
        summary=summary or jt.summary or f"Submit a {jt.name} job", description=description, tags=tags,
        name=jt.name, openapi_extra={"x-job-type": jt.name, **(required_scope(jt.scope) if jt.scope != "write" else {})},
        responses={200: {"model": Envelope[Job | DryRunResult],
                         "description": "sync / ?wait=true: the job, completed in time; dry_run: the check's result"}})
