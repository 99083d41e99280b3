"""How an attempt's outcome becomes the job's next state. Retries are decided here and only here (the
worker and the immediate mode both settle through it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import structlog

from media_service.jobs.execution import Outcome
from media_service.jobs.failures import Failure, backoff_seconds
from media_service.jobs.model import utcnow
from media_service.jobs.ports import RuntimeStore
from media_service.jobs.schemas import Job, TerminalStatus
from media_service.settings import Settings

__all__ = ["Enqueue", "Settler"]

log = structlog.get_logger("media_service.jobs")

Enqueue = Callable[[Job, float | None], None]  # (job, delay in seconds) → a message on the job's queue


@dataclass(frozen=True, slots=True)
class Settler:
    """Moves a job on after an attempt: completed, parked on its children, retried, or ended."""

    store: RuntimeStore
    settings: Settings
    enqueue: Enqueue

    def settle(self, job: Job, outcome: Outcome, *, cancelled: bool, started: float) -> None:
        """Record `outcome` of `job`'s live attempt; `cancelled`: the runtime saw a cancel request."""
        failure = outcome.failure
        if outcome.kind == "abandoned":
            return
        if outcome.kind == "waiting":  # even when cancelled: a parent may wait for its children to stop
            self.suspend(job, outcome)
        elif outcome.kind == "ok" and not cancelled:
            done = self.store.finish(job.id, "completed", attempt=job.attempts, result=outcome.result)
            if done is not None:
                log.info(f"jobs.job.{done.status}", duration_sec=round(time.monotonic() - started, 3))
        elif outcome.kind == "cancelled" or cancelled or (failure and failure.code == "JOB_CANCELLED"):
            self.end(job, "cancelled", Failure("JOB_CANCELLED", "Job cancelled by request"))
        elif outcome.kind == "timeout" or (failure and failure.code == "JOB_TIMEOUT"):
            self.end(job, "timeout", Failure("JOB_TIMEOUT", f"Job exceeded its time limit of {job.timeout_sec:g} s",
                                             {"timeout_sec": job.timeout_sec}))
        else:
            self.fail_or_retry(job, failure or Failure(
                "INTERNAL_ERROR", f"The job's process exited unexpectedly (exit code {outcome.exit_code})",
                {"exit_code": outcome.exit_code}, retryable=True))

    def suspend(self, job: Job, outcome: Outcome) -> None:
        """Park the job without a worker until its children have ended (the store wakes it)."""
        n = outcome.wait_count
        step = f"waiting for {n} child job{'s' if n != 1 else ''}"
        state = self.store.suspend(job.id, job.attempts, waiting_for=outcome.waiting_for, count=n, step=step)
        log.info("jobs.job.waiting", children=len(outcome.waiting_for), count=n, state=state)

    def fail_or_retry(self, job: Job, failure: Failure) -> None:
        """Retry a retryable failure while retries are left (with backoff), else end the job failed."""
        what = f"attempt {job.attempts} failed: {failure.code}: {failure.message}"
        if failure.retryable and job.retries < job.max_retries:
            delay = backoff_seconds(self.settings, job.retries + 1, failure.retry_after)
            reason = f"{what}; retry {job.retries + 1} of {job.max_retries} in {delay:.2f} s"
            after = self.store.requeue(job.id, job.attempts, run_after=utcnow() + timedelta(seconds=delay),
                                       error=failure.to_error(), reason=reason)
            if after is not None and after.status == "queued":
                self.enqueue(after, delay)
                log.warning("jobs.job.retrying", code=failure.code, delay_sec=round(delay, 3))
            return
        if failure.retryable:
            what += f"; no retries left ({job.max_retries} allowed)"
        self.store.log(job.id, what, level="error", attempt=job.attempts)
        self.end(job, "failed", failure)

    def end(self, job: Job, status: TerminalStatus, failure: Failure) -> None:
        """End the job's live attempt with `status`."""
        if self.store.finish(job.id, status, attempt=job.attempts, error=failure.to_error()):
            log.info(f"jobs.job.{status}", code=failure.code, message=failure.message)
