"""JobContext: what a handler gets besides its request, built by the runtime for each run.

    ctx.progress(0.4, "encoding")   throttled: at most one write per JOB_PROGRESS_INTERVAL_MS (default
                                    250 ms, so ≤ 4/s) unless the step changes, so a renderer may call it
                                    every frame
    ctx.log("fetched 3 clips")      a line in GET /jobs/:id/logs (and the structured log)
    ctx.notify("batch.completed", data)  the handler's own event, delivered to the job's webhook when
                                    the job subscribed to it (see JobType.webhook_events)
    ctx.cancelled()                 cheap: an in-memory flag refreshed from the store at most every
                                    ~0.5 s, plus the attempt's deadline; check it at frame/segment/poll
                                    boundaries and stop (`ctx.raise_if_cancelled()` raises for you)
    ctx.time_left()                 seconds until the deadline
    ctx.workdir                     a scratch directory TEMP_DIR/jobs/<job_id>, removed when the run ends
    ctx.inputs / ctx.outputs        media in and out (`Inputs`, `Outputs`: the media layer provides them)
    ctx.providers                   the provider registry (`ProviderRegistry`; empty unless wired)
    ctx.jobs                        child jobs (`ChildJobs`, see children.py)

The last four are built on first use by the `ContextServices` the worker was started with; the jobs
package only declares what it needs of them (the Protocols below), so it imports no layer above it.
Handlers never touch the store, the queue or HTTP requests; the context is their only way out.
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import structlog

from media_service.errors import (
    JobCancelledError,
    JobTimeoutError,
    ServiceUnavailableError,
)
from media_service.settings import Settings

if TYPE_CHECKING:
    from media_service.jobs.children import ChildJobs

__all__ = ["ContextServices", "Inputs", "JobContext", "LogLevel", "Outputs", "ProviderRegistry", "Sink"]

LogLevel = Literal["debug", "info", "warning", "error"]
_LEVELS = frozenset({"debug", "info", "warning", "error"})


class Inputs(Protocol):
    """`ctx.inputs`: media references → local files, checked by content."""

    def fetch(self, ref: str, *, field: str, accepts: Any = ...) -> Path: ...


class Outputs(Protocol):
    """`ctx.outputs`: files the job hands out (the media layer returns its `OutputRef`)."""

    @property
    def dir(self) -> Path: ...

    def save(self, path: Path, *, name: str | None = None, request: Any = None, facts: Any = None) -> Any: ...


class ProviderRegistry(Protocol):
    """`ctx.providers`: what handlers use of the provider layer's registry (`providers.ProviderRegistry`);
    it grows with the provider kinds."""

    def names(self, kind: Any) -> list[str]: ...
    def image(self, name: str) -> Any: ...
    def speech(self, name: str) -> Any: ...
    def image_provider_for(self, name: str | None, *, field: str = "provider") -> str: ...
    def video(self, name: str) -> Any: ...
    def text(self, name: str) -> Any: ...
    def text_provider_for(self, name: str | None, *, field: str = "provider") -> str: ...
    def transcriber(self, name: str) -> Any: ...
    def stock(self, name: str) -> Any: ...
    def metadata(self, name: str) -> Any: ...
    def stock_sources(self, name: str | None = None, *, field: str = "source") -> list[str]: ...
    def publisher(self, name: str) -> Any: ...
    def avatar(self, name: str) -> Any: ...
    def avatar_trainer(self) -> Any: ...
    def music(self, name: str) -> Any: ...
    def meme(self, name: str) -> Any: ...


class NoProviders:
    """The registry of a worker started without the provider layer: it has none."""

    def names(self, kind: Any) -> list[str]:
        return []

    def image(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Provider {name} is not configured in this worker")

    def speech(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Provider {name} is not configured in this worker")

    def image_provider_for(self, name: str | None, *, field: str = "provider") -> str:
        raise ServiceUnavailableError("No image provider is configured in this worker")

    def video(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Provider {name} is not configured in this worker")

    def text(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Provider {name} is not configured in this worker")

    def text_provider_for(self, name: str | None, *, field: str = "provider") -> str:
        raise ServiceUnavailableError("No text provider is configured in this worker")

    def transcriber(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Provider {name} is not configured in this worker")

    def stock(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Stock source {name} is not configured in this worker")

    def stock_sources(self, name: str | None = None, *, field: str = "source") -> list[str]:
        raise ServiceUnavailableError("No stock source is configured in this worker")

    def publisher(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Publishing platform {name} is not configured in this worker")

    def avatar(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Provider {name} is not configured in this worker")

    def avatar_trainer(self) -> Any:
        raise ServiceUnavailableError("No avatar trainer is configured in this worker")

    def music(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Music source {name} is not configured in this worker")

    def meme(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Meme source {name} is not configured in this worker")

    def metadata(self, name: str) -> Any:
        raise ServiceUnavailableError(f"Metadata source {name} is not configured in this worker")


def _no_inputs(ctx: JobContext) -> Inputs:
    raise ServiceUnavailableError("ctx.inputs is not available: this worker was started without the media layer")


def _no_outputs(ctx: JobContext) -> Outputs:
    raise ServiceUnavailableError("ctx.outputs is not available: this worker was started without the media layer")


def _no_providers(ctx: JobContext) -> ProviderRegistry:
    return NoProviders()


@dataclass(frozen=True, slots=True)
class ContextServices:
    """Factories for the context's outside services, given to the runtime at start-up (picklable: module
    level functions, so cpu/gpu children get them too)."""

    inputs: Callable[[JobContext], Inputs] = _no_inputs
    outputs: Callable[[JobContext], Outputs] = _no_outputs
    providers: Callable[[JobContext], ProviderRegistry] = _no_providers


class Sink(Protocol):
    """Where a context writes (the store, or the pipe of a cpu/gpu child)."""

    def progress(self, job_id: str, attempt: int, fraction: float, step: str | None) -> bool: ...
    def log(self, job_id: str, message: str, *, level: str = "info", attempt: int | None = None) -> None: ...
    def notify(self, job_id: str, attempt: int, event_type: str, data: dict[str, Any]) -> bool: ...


class JobContext:
    """The running attempt of one job, as its handler sees it."""

    def __init__(self, *, job_id: str, job_type: str, attempt: int, settings: Settings, sink: Sink,
                 deadline: float, cancel_source: Callable[[], bool], services: ContextServices | None = None,
                 jobs: Callable[[JobContext], ChildJobs] | None = None, cancel_poll_sec: float = 0.0) -> None:
        self.job_id = job_id
        self.job_type = job_type
        self.attempt = attempt
        self.settings = settings
        self.deadline = deadline
        self._sink = sink
        self._services = services or ContextServices()
        self._jobs_factory = jobs
        self._cancel_source = cancel_source
        self._cancel_poll_sec = cancel_poll_sec
        self._cancel_checked = 0.0
        self._cancel_seen = False
        self._stale = False
        self._interval = settings.job_progress_interval_ms / 1000
        self._last_write = -math.inf
        self._last_step: str | None = None
        self._pending: tuple[float, str | None] | None = None
        self._workdir: Path | None = None
        self.logger = structlog.get_logger("media_service.jobs").bind(job_id=job_id, job_type=job_type, attempt=attempt)

    # services, built on first use ------------------------------------------------
    @cached_property
    def inputs(self) -> Inputs:
        """Media references → local files in the workdir."""
        return self._services.inputs(self)

    @cached_property
    def outputs(self) -> Outputs:
        """The job's output files."""
        return self._services.outputs(self)

    @cached_property
    def providers(self) -> ProviderRegistry:
        """The provider registry."""
        return self._services.providers(self)

    @cached_property
    def jobs(self) -> ChildJobs:
        """Child jobs of this job (submit, get, all, wait, cancel)."""
        if self._jobs_factory is None:
            raise ServiceUnavailableError("ctx.jobs is not available where this job runs")
        return self._jobs_factory(self)

    # progress, logs, events -------------------------------------------------------
    def progress(self, fraction: float, step: str | None = None) -> None:
        """Report progress (0–1) and optionally the current step; cheap to call often."""
        if not math.isfinite(fraction):
            return
        fraction = min(1.0, max(0.0, float(fraction)))
        step = step if step is not None else self._last_step
        now = time.monotonic()
        if step == self._last_step and now - self._last_write < self._interval and fraction < 1.0:
            self._pending = (fraction, step)
            return
        self._write(fraction, step, now)

    def _write(self, fraction: float, step: str | None, now: float) -> None:
        self._pending = None
        self._last_write = now
        self._last_step = step
        if not self._sink.progress(self.job_id, self.attempt, fraction, step):
            self._stale = True  # this attempt was ended by the runtime (timeout, lost lease): stop work

    def flush(self) -> None:
        """Write a throttled progress report that is still pending."""
        if self._pending is not None and not self._stale:
            self._write(*self._pending, time.monotonic())

    def log(self, message: str, level: LogLevel = "info") -> None:
        """Append a line to the job's log."""
        level = level if level in _LEVELS else "info"
        getattr(self.logger, level)("jobs.handler.log", message=message)
        self._sink.log(self.job_id, message, level=level, attempt=self.attempt)

    def notify(self, event_type: str, data: dict[str, Any]) -> None:
        """Record the handler's own event; the job's webhook gets it when subscribed to `event_type`."""
        if not self._sink.notify(self.job_id, self.attempt, event_type, data):
            self._stale = True

    # cancellation and time ------------------------------------------------------
    def time_left(self) -> float:
        """Seconds until the deadline."""
        return self.deadline - time.monotonic()

    def cancelled(self) -> bool:
        """True when the job should stop: cancelled by a client, past its deadline, or ended by the runtime."""
        if self._cancel_seen or self._stale or time.monotonic() >= self.deadline:
            return True
        now = time.monotonic()
        if now - self._cancel_checked >= self._cancel_poll_sec:
            self._cancel_checked = now
            self._cancel_seen = bool(self._cancel_source())
        return self._cancel_seen

    def raise_if_cancelled(self) -> None:
        """Raise JobCancelledError (or JobTimeoutError past the deadline) when the job should stop."""
        if not self.cancelled():
            return
        if time.monotonic() >= self.deadline:
            raise JobTimeoutError("Job exceeded its time limit")
        raise JobCancelledError("Job cancelled")

    # scratch space -------------------------------------------------------------
    @property
    def workdir(self) -> Path:
        """A private scratch directory for this job, created on first use."""
        if self._workdir is None:
            self._workdir = workdir_for(self.settings, self.job_id)
            self._workdir.mkdir(parents=True, exist_ok=True)
        return self._workdir


def workdir_for(settings: Settings, job_id: str) -> Path:
    """TEMP_DIR/jobs/<job_id>."""
    return Path(settings.temp_dir).resolve() / "jobs" / job_id


def remove_workdir(settings: Settings, job_id: str) -> None:
    """Remove the job's scratch directory (and everything in it)."""
    shutil.rmtree(workdir_for(settings, job_id), ignore_errors=True)
