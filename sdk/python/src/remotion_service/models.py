"""The shapes every resource shares: jobs, their events and results, uploads, and the enums of PRD §15.1.

Models accept fields they do not know (a newer service adds some): read them as attributes all the same.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, PrivateAttr

__all__ = ["Job", "JobEvent", "JobResult", "JobStatus", "OutputFormat", "Priority", "RenderQuality", "Upload",
           "TERMINAL_STATUSES"]


class RenderQuality(StrEnum):
    """`quality` of the render endpoints."""

    PREVIEW = "preview"
    PRODUCTION = "production"


class Priority(StrEnum):
    """`priority` of every job request."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class JobStatus(StrEnum):
    """A job's `status`."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"


class OutputFormat(StrEnum):
    """Video `output_format` of the render endpoints."""

    MP4 = "mp4"
    WEBM = "webm"
    GIF = "gif"


TERMINAL_STATUSES = frozenset({"completed", "failed", "cancelled", "timeout"})


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Job(_Open):
    """A job: the 202 of a submission (`job_id`, `status`, `poll_url`, …) or `GET /jobs/{id}` (all of it).

    `job_id` is the job's id in both (the full record calls it `id`; `job.id` works too)."""

    job_id: str = Field(validation_alias=AliasChoices("job_id", "id"))
    status: str
    type: str | None = None
    progress: float = 0.0
    current_step: str | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    poll_url: str | None = None

    @property
    def id(self) -> str:
        return self.job_id

    @property
    def finished(self) -> bool:
        """Whether the job has ended (completed, failed, cancelled or timed out)."""
        return self.status in TERMINAL_STATUSES


class JobResult(_Open):
    """A completed job's `result` (`video_url`, `output`, `audio_url`, …, as each job type has it); `job` is
    the job it came from."""

    _job: Job | None = PrivateAttr(default=None)

    @property
    def job(self) -> Job | None:
        return self._job

    @classmethod
    def of(cls, job: Job) -> JobResult:
        result = cls.model_validate(job.result or {})
        result._job = job
        return result


class JobEvent(_Open):
    """One Server-Sent Event of a job: `id` (resume after it), `type` (`job.progress`, `job.completed`, …),
    `data`; `progress` is `data.progress` when the event has one (0–1)."""

    id: int
    job_id: str
    type: str
    data: dict[str, Any] = Field(default_factory=dict)
    created_at: str | None = None

    @property
    def progress(self) -> float | None:
        value = self.data.get("progress")
        return float(value) if isinstance(value, int | float) else None

    @property
    def terminal(self) -> bool:
        return self.type in {"job.completed", "job.failed", "job.cancelled", "job.timeout"}


class Upload(_Open):
    """`POST /uploads`: use `id` as any media field of a job request."""

    id: str
