"""The jobs API (PRD §7.4 Jobs): list, read, cancel, result, logs, events, webhook deliveries."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Query, Request, WebSocket
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool

from media_service.errors import (
    AuthenticationError,
    AuthorizationError,
    ConflictError,
    ValidationError,
)
from media_service.http.auth import Principal, authorize, required_scope
from media_service.http.envelope import Envelope, success, success_response
from media_service.http.ratelimit import charge_foreign_read
from media_service.models import StrictModel
from media_service.jobs.events import events_websocket, sse_stream
from media_service.jobs.schemas import (
    Job,
    JobList,
    JobLogEntry,
    JobStatus,
    Priority,
    WebhookDelivery,
)
from media_service.jobs.service import JobsService, jobs_service
from media_service.jobs.store import JobFilters

__all__ = ["build_router"]

_STATUSES = frozenset(JobStatus.__args__)  # type: ignore[attr-defined]
_PRIORITIES = frozenset(Priority.__args__)  # type: ignore[attr-defined]


class LogList(BaseModel):
    job_id: str
    logs: list[JobLogEntry]


class DeliveryList(BaseModel):
    job_id: str
    deliveries: list[WebhookDelivery]


class RedeliverRequest(StrictModel):
    """Which delivery to send again (default: the latest)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"delivery_id": 1}]})

    delivery_id: int | None = None


def _jobs(request: Request) -> JobsService:
    return jobs_service(request.app)


async def _caller(request: Request) -> Principal:
    principal: Principal | None = request.scope.get("state", {}).get("principal")
    if principal is None:
        raise AuthenticationError("Missing API key")
    return principal


def _cursor_to_seq(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if raw.startswith("s") and raw[1:].isdigit():
            return int(raw[1:])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ValidationError("cursor is not one this API returned", field="cursor")


def _seq_to_cursor(seq: int | None) -> str | None:
    return None if seq is None else base64.urlsafe_b64encode(f"s{seq}".encode()).decode().rstrip("=")


def _filters(status: str | None, type_: str | None, priority: str | None, created_after: datetime | None,
             created_before: datetime | None, parent_id: str | None = None) -> JobFilters:
    statuses = [s.strip() for s in (status or "").split(",") if s.strip()]
    bad = [s for s in statuses if s not in _STATUSES]
    if bad:
        raise ValidationError(f"unknown status {bad[0]!r}; one of {', '.join(sorted(_STATUSES))}", field="status")
    if priority is not None and priority not in _PRIORITIES:
        raise ValidationError(f"unknown priority {priority!r}", field="priority")
    for name, value in (("created_after", created_after), ("created_before", created_before)):
        if value is not None and value.tzinfo is None:
            raise ValidationError("give a timezone (e.g. 2026-02-01T19:48:00Z)", field=name)
    return JobFilters(statuses=cast(list[JobStatus], statuses), type=type_, priority=cast(Priority | None, priority),
                      created_after=created_after, created_before=created_before, parent_id=parent_id)


_INCLUDABLE = ("input", "result")
_INCLUDE_MAX = 20  # jobs per page when inputs or results are included: a page stays a few MB at most


def _include(include: str | None, limit: int) -> frozenset[str]:
    fields = frozenset(f.strip() for f in (include or "").split(",") if f.strip())
    unknown = sorted(fields - set(_INCLUDABLE))
    if unknown:
        raise ValidationError(f"cannot include {unknown[0]!r}; one of {', '.join(_INCLUDABLE)}", field="include")
    if fields and limit > _INCLUDE_MAX:
        raise ValidationError(f"with include, limit is at most {_INCLUDE_MAX}", field="limit")
    return fields


def build_router(prefix: str) -> APIRouter:
    """The jobs routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=prefix, tags=["jobs"])
    auth = [Depends(authorize)]

    @router.get("/jobs", summary="List jobs, newest first", response_model=Envelope[JobList], dependencies=auth)
    def list_jobs(request: Request,
                  status: Annotated[str | None, Query(description="Comma-separated statuses")] = None,
                  type: Annotated[str | None, Query(description="Job type, e.g. render.brief")] = None,
                  priority: Annotated[str | None, Query(description="urgent, high, normal or low")] = None,
                  created_after: Annotated[datetime | None, Query(description="ISO 8601 with a timezone")] = None,
                  created_before: Annotated[datetime | None, Query(description="ISO 8601 with a timezone")] = None,
                  parent_id: Annotated[str | None, Query(max_length=40,
                                                         description="Only the child jobs of this job")] = None,
                  limit: Annotated[int, Query(ge=1, le=100)] = 20,
                  cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
                  include: Annotated[str | None, Query(
                      max_length=40, description="Comma-separated: `input`, `result` — add them to each job "
                      f"(then `limit` ≤ {_INCLUDE_MAX}); summaries without them by default")] = None,
                  ) -> dict[str, Any]:
        filters = _filters(status, type, priority, created_after, created_before, parent_id)
        fields = _include(include, limit)
        page, more = _jobs(request).store.list_jobs(filters, before_seq=_cursor_to_seq(cursor), limit=limit,
                                                    include=fields)
        body = JobList(jobs=page, next_cursor=_seq_to_cursor(more), has_more=more is not None)
        return success(request, body.model_dump(mode="json"))

    @router.get("/jobs/{job_id}", summary="Job status (the authoritative state)", response_model=Envelope[Job],
                dependencies=auth)
    async def get_job(request: Request, job_id: str) -> Response:
        # The hottest read (clients poll it): one thread hop for the store, and the envelope is answered as it
        # stands instead of being validated again against the response model.
        job = await run_in_threadpool(_jobs(request).store.get, job_id, with_logs=50)
        charge_foreign_read(request.scope.get("state", {}), job.created_by)
        return success_response(request, job.model_dump(mode="json"))

    @router.delete("/jobs/{job_id}", summary="Cancel a job (admin scope, or the key that created it)",
                   response_model=Envelope[Job], openapi_extra=required_scope("admin"),
                   responses={202: {"model": Envelope[Job], "description": "running: cancellation requested"}})
    def cancel_job(request: Request, job_id: str, principal: Annotated[Principal, Depends(_caller)]) -> JSONResponse:
        store = _jobs(request).store
        job = store.get(job_id)
        owner = job.created_by is not None and job.created_by == principal.key_id and "write" in principal.scopes
        if "admin" not in principal.scopes and not owner:
            raise AuthorizationError("Cancelling a job needs the 'admin' scope or the key that created it",
                                     details={"required_scope": "admin"})
        outcome, job = store.request_cancel(job_id)
        if outcome == "finished":
            raise ConflictError(f"Job {job_id} already ended ({job.status}); there is nothing to cancel",
                                details={"job_id": job_id, "status": job.status})
        return JSONResponse(success(request, job.model_dump(mode="json")), status_code=200 if outcome == "cancelled" else 202)

    @router.get("/jobs/{job_id}/result", summary="The result of a completed job", dependencies=auth,
                response_model=Envelope[dict[str, Any]])
    def get_result(request: Request, job_id: str) -> dict[str, Any]:
        job = _jobs(request).store.get(job_id)
        charge_foreign_read(request.scope.get("state", {}), job.created_by)
        if job.status != "completed":
            detail: dict[str, Any] = {"job_id": job_id, "status": job.status}
            if job.error is not None:
                detail["error"] = job.error.model_dump()
            raise ConflictError(f"Job {job_id} is {job.status}; the result exists once it is completed", details=detail)
        return success(request, job.result or {})

    @router.get("/jobs/{job_id}/logs", summary="The job's log lines", response_model=Envelope[LogList], dependencies=auth)
    def get_logs(request: Request, job_id: str, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000) -> dict[str, Any]:
        store = _jobs(request).store
        charge_foreign_read(request.scope.get("state", {}), store.get(job_id).created_by)
        return success(request, {"job_id": job_id, "logs": [e.model_dump(mode="json") for e in store.logs(job_id, limit=limit)]})

    @router.get("/jobs/{job_id}/events", summary="Server-Sent Events of one job (resumable with Last-Event-ID)",
                dependencies=auth, response_class=StreamingResponse,
                responses={200: {"content": {"text/event-stream": {}}}})
    async def job_events(request: Request, job_id: str) -> StreamingResponse:
        store = _jobs(request).store
        job = await run_in_threadpool(store.get, job_id)
        charge_foreign_read(request.scope.get("state", {}), job.created_by)
        last = request.headers.get("last-event-id") or request.query_params.get("last_event_id") or "0"
        after = int(last) if last.isdigit() else 0
        return StreamingResponse(sse_stream(store, job_id, after=after), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @router.get("/jobs/{job_id}/webhooks", summary="Webhook delivery log", response_model=Envelope[DeliveryList],
                dependencies=auth)
    def get_deliveries(request: Request, job_id: str) -> dict[str, Any]:
        store = _jobs(request).store
        store.get(job_id)
        items = [d.model_dump(mode="json") for d in store.deliveries.for_job(job_id)]
        return success(request, {"job_id": job_id, "deliveries": items})

    @router.post("/jobs/{job_id}/webhooks/redeliver", summary="Send a webhook delivery again", status_code=202,
                 response_model=Envelope[WebhookDelivery], dependencies=auth)
    def redeliver(request: Request, job_id: str, body: RedeliverRequest | None = None) -> dict[str, Any]:
        store = _jobs(request).store
        job = store.get(job_id)
        if not job.webhook_url:
            raise ConflictError(f"Job {job_id} has no webhook_url", details={"job_id": job_id})
        delivery = store.deliveries.redeliver(job_id, body.delivery_id if body else None)
        return success(request, delivery.model_dump(mode="json"))

    @router.websocket("/events")
    async def events(websocket: WebSocket) -> None:
        await events_websocket(websocket, jobs_service(websocket.app).store)

    return router
