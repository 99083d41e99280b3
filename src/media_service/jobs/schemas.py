"""Pydantic models at the jobs boundary: the Job view (PRD §8.1 plus what a client needs to follow a job),
the options every job request accepts, and the bodies of the jobs API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from media_service.models import StrictModel

__all__ = [
    "TERMINAL_STATUSES",
    "WEBHOOK_EVENT_TYPES",
    "DeliveryAttempt",
    "DryRunResult",
    "EventType",
    "Job",
    "JobAccepted",
    "JobError",
    "JobEvent",
    "JobList",
    "JobLogEntry",
    "JobOptions",
    "JobStatus",
    "Priority",
    "QueueName",
    "TerminalStatus",
    "WebhookDelivery",
    "WebhookEventType",
]

JobStatus = Literal["queued", "processing", "completed", "failed", "cancelled", "timeout"]
TerminalStatus = Literal["completed", "failed", "cancelled", "timeout"]
Priority = Literal["urgent", "high", "normal", "low"]
QueueName = Literal["cpu", "io", "gpu"]
TERMINAL_STATUSES: frozenset[str] = frozenset({"completed", "failed", "cancelled", "timeout"})

EventType = Literal["job.queued", "job.started", "job.progress", "job.log", "job.retrying", "job.cancel_requested",
                    "job.completed", "job.failed", "job.cancelled", "job.timeout"]
WebhookEventType = Literal["job.started", "job.progress", "job.retrying", "job.completed", "job.failed",
                           "job.cancelled", "job.timeout"]
WEBHOOK_EVENT_TYPES: frozenset[str] = frozenset(WebhookEventType.__args__)  # type: ignore[attr-defined]
DEFAULT_WEBHOOK_EVENTS: tuple[str, ...] = ("job.completed", "job.failed", "job.cancelled", "job.timeout")


class JobOptions(StrictModel):
    """Options accepted on every job request; capability request models inherit them."""

    priority: Priority = Field("normal", description="Queue priority: urgent, high, normal or low")
    webhook_url: str | None = Field(None, max_length=2048,
                                    description="POSTed the job (Standard Webhooks signed) on each selected event")
    webhook_events: list[WebhookEventType] | None = Field(
        None, description="Events to deliver; default: the terminal ones (plus job.progress with webhook_progress)")
    webhook_progress: bool = Field(False, description="Also deliver job.progress events")
    timeout_sec: float | None = Field(None, ge=0.5, le=86_400,
                                      description="Per-attempt time limit in seconds (0.5 to 86400); capped by "
                                                  "JOB_QUEUE_MAX_TIMEOUT_MS")
    max_retries: int | None = Field(None, ge=0, le=20, description="Retries for retryable errors (default JOB_QUEUE_MAX_RETRIES)")
    dry_run: bool = Field(False, description="Validate and estimate without creating a job")
    sync: bool = Field(False, description="Wait a few seconds for the result and return it inline when done")
    return_base64: bool = Field(False, description="Return small output files inline as base64")

    def resolved_webhook_events(self) -> list[str]:
        """The events to deliver to `webhook_url`, after defaults."""
        chosen: list[str] = list(self.webhook_events if self.webhook_events is not None else DEFAULT_WEBHOOK_EVENTS)
        if self.webhook_progress and "job.progress" not in chosen:
            chosen.append("job.progress")
        return chosen


class JobError(BaseModel):
    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class JobLogEntry(BaseModel):
    """One log line a handler or the runtime wrote; `id` is its event id."""

    id: int
    at: datetime
    level: str
    message: str
    attempt: int | None = None


class Job(BaseModel):
    """A job (PRD §8.1) with its attempts, step, owner and timestamps. GET /jobs/:id is the authority."""

    id: str
    type: str
    status: JobStatus
    priority: Priority
    queue: QueueName
    parent_id: str | None = Field(None, description="The job that submitted this one (ctx.jobs), if any")
    child_key: str | None = Field(None, description="The key its parent submitted it with (which step it is)")
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    completed_at: datetime | None = None
    input: dict[str, Any]
    result: dict[str, Any] | None = None
    error: JobError | None = None
    progress: float = 0.0
    current_step: str | None = None
    webhook_url: str | None = None
    webhook_events: list[str] | None = None
    retries: int = 0
    max_retries: int = 0
    attempts: int = 0
    timeout_sec: float
    estimated_duration_sec: float
    cancel_requested: bool = False
    created_by: str | None = None
    logs: list[JobLogEntry] | None = Field(None, description="Recent log lines on GET /jobs/:id; null in lists")
    # Runtime bookkeeping, never shown: the live attempt's deadline and whether the job waits on children.
    deadline_at: datetime | None = Field(None, exclude=True)
    waiting: bool = Field(False, exclude=True)

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL_STATUSES


class JobAccepted(BaseModel):
    """The 202 body of PRD §7.3."""

    job_id: str
    status: JobStatus
    estimated_duration_sec: float
    poll_url: str
    webhook_registered: bool


class DryRunResult(BaseModel):
    dry_run: Literal[True] = True
    type: str
    queue: str
    request: dict[str, Any]
    estimated_duration_sec: float
    timeout_sec: float


class JobSummary(Job):
    """A job as GET /jobs lists it: `input` and `result` only when `include` asks for them."""

    input: dict[str, Any] | None = Field(None, description="Only with include=input")  # type: ignore[assignment]
    result: dict[str, Any] | None = Field(None, description="Only with include=result")


class JobList(BaseModel):
    jobs: list[JobSummary]
    next_cursor: str | None = None
    has_more: bool = False


class JobEvent(BaseModel):
    id: int
    job_id: str
    type: str
    data: dict[str, Any]
    created_at: datetime


class DeliveryAttempt(BaseModel):
    at: datetime
    status_code: int | None = None
    error: str | None = None
    duration_ms: float


class WebhookDelivery(BaseModel):
    id: int
    message_id: str
    event_type: str
    url: str
    status: Literal["pending", "delivered", "failed", "gone"]
    manual: bool = False
    attempts: int
    attempt_log: list[DeliveryAttempt]
    next_attempt_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
