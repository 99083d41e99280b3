"""JobContext: what a handler gets besides its request.

    ctx.progress(0.4, "encoding")   throttled: at most one write per JOB_PROGRESS_INTERVAL_MS (default
                                    250 ms, so ≤ 4/s) unless the step changes, so a renderer may call it
                                    every frame
    ctx.log("fetched 3 clips")      a line in GET /jobs/:id/logs (and the structured log)
    ctx.cancelled()                 cheap: an in-memory flag refreshed from the store at most every
                                    ~0.5 s, plus the attempt's deadline; check it at frame/segment/poll
                                    boundaries and stop (`ctx.raise_if_cancelled()` raises for you)
    ctx.workdir                     a scratch directory TEMP_DIR/jobs/<job_id>, removed when the attempt ends
    ctx.time_left()                 seconds until the deadline
    ctx.extras / ctx.<extension>    services other layers add with `add_context_extension` (e.g. the
                                    media layer's `inputs` and `outputs`), built on first use

Handlers never touch the store, the queue or HTTP requests; the context is their only way out.
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import structlog

from media_service.errors import JobCancelledError, JobTimeoutError
from media_service.settings import Settings

__all__ = ["JobContext", "add_context_extension"]

_LEVELS = frozenset({"debug", "info", "warning", "error"})
_EXTENSIONS: dict[str, Callable[[JobContext], Any]] = {}


def add_context_extension(name: str, factory: Callable[[JobContext], Any]) -> None:
    """Make `ctx.<name>` available to every handler, built by `factory(ctx)` on first access."""
    if name in JobContext.__dict__:
        raise ValueError(f"{name!r} is a JobContext attribute")
    _EXTENSIONS[name] = factory


class JobContext:
    """The running attempt of one job, as its handler sees it."""

    def __init__(self, *, job_id: str, job_type: str, attempt: int, settings: Settings, store: Any,
                 deadline: float, cancel_source: Callable[[], bool], cancel_poll_sec: float = 0.0) -> None:
        self.job_id = job_id
        self.job_type = job_type
        self.attempt = attempt
        self.settings = settings
        self.deadline = deadline
        self.extras: dict[str, Any] = {}
        self._store = store
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

    def __getattr__(self, name: str) -> Any:
        factory = _EXTENSIONS.get(name)
        if factory is None:
            raise AttributeError(name)
        value = factory(self)
        self.extras[name] = value
        self.__dict__[name] = value
        return value

    # progress and logs ------------------------------------------------------
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
        if not self._store.progress(self.job_id, self.attempt, fraction, step):
            self._stale = True  # this attempt was ended by the runtime (timeout, lost lease): stop work

    def flush(self) -> None:
        """Write a throttled progress report that is still pending."""
        if self._pending is not None and not self._stale:
            self._write(*self._pending, time.monotonic())

    def log(self, message: str, level: str = "info") -> None:
        """Append a line to the job's log."""
        level = level if level in _LEVELS else "info"
        getattr(self.logger, level)("jobs.handler.log", message=message)
        self._store.log(self.job_id, message, level=level, attempt=self.attempt)

    # cancellation and time ------------------------------------------------------
    def time_left(self) -> float:
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
    shutil.rmtree(workdir_for(settings, job_id), ignore_errors=True)
