"""How one attempt's handler runs, and how the runtime stops it.

- `io` jobs run in a thread (`ThreadExecution`): they mostly wait on providers, so many fit in one
  process. A thread cannot be killed: at the deadline or after the cancel grace the runtime ends the
  job anyway and abandons the thread; the handler sees `ctx.cancelled()` at its next check, and
  whatever it returns later is discarded (the store's finish-once rule).
- `cpu` and `gpu` jobs run in a child process (`process.ProcessExecution`), which can be killed.

Both are supervised the same way (`Execution`: wait for an outcome, pass on a cancel request, kill).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import structlog
from pydantic import BaseModel

from media_service.jobs.children import WaitForChildren
from media_service.jobs.context import JobContext
from media_service.jobs.failures import Failure, classify
from media_service.jobs.registry import JobType

__all__ = ["Execution", "HandlerThreads", "Outcome", "ThreadExecution", "run_handler"]

log = structlog.get_logger("media_service.jobs")


@dataclass(frozen=True, slots=True)
class Outcome:
    """How an attempt ended, as seen by its execution."""

    kind: Literal["ok", "error", "crashed", "timeout", "cancelled", "abandoned", "waiting"]
    result: dict[str, Any] | None = None
    failure: Failure | None = None
    exit_code: int | None = None
    waiting_for: tuple[str, ...] = ()  # "waiting": park the job until `wait_count` of these have ended
    wait_count: int = 0


class Execution(Protocol):
    """A running attempt as its supervisor sees it."""

    def wait(self, timeout: float) -> Outcome | None: ...
    def cancel(self) -> None: ...
    def kill(self) -> None: ...


def _to_result(jt: JobType, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if jt.result_model is not None and not isinstance(value, jt.result_model):
        value = jt.result_model.model_validate(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return value
    raise TypeError(f"handler of {jt.name} returned {type(value).__name__}; return a model or a dict")


def run_handler(ctx: JobContext, jt: JobType, job_input: dict[str, Any]) -> Outcome:
    """Validate the stored input, call the handler, and turn whatever happens into an Outcome."""
    try:
        request = jt.request_model.model_validate(job_input)
        result = _to_result(jt, jt.handler(ctx, request))
        ctx.flush()
        return Outcome("ok", result=result)
    except WaitForChildren as wait:
        return Outcome("waiting", waiting_for=wait.job_ids, wait_count=wait.count)
    except Exception as exc:
        failure = classify(exc)
        if failure.code == "INTERNAL_ERROR":
            ctx.logger.exception("jobs.handler.crashed")
        return Outcome("error", failure=failure)


class HandlerThreads:
    """Daemon threads for io handlers, reused from job to job (starting a thread costs more than a
    trivial job). Daemon, unlike a ThreadPoolExecutor's: a handler the runtime gave up on keeps its
    thread — threads cannot be killed — but must not keep the worker process from exiting."""

    def __init__(self, *, name: str = "jobs-io-handler") -> None:
        self._name = name
        self._work: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        self._count = 0

    def submit(self, fn: Callable[[], Outcome]) -> Future[Outcome]:
        future: Future[Outcome] = Future()

        def run() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 — run_handler catches Exception; this is SystemExit and friends
                future.set_result(Outcome("error", failure=classify(exc)))

        with self._lock:
            if self._idle:
                self._idle -= 1
            else:
                self._count += 1
                threading.Thread(target=self._loop, name=f"{self._name}-{self._count}", daemon=True).start()
        self._work.put(run)
        return future

    def _loop(self) -> None:
        while True:
            self._work.get()()
            with self._lock:
                self._idle += 1


class ThreadExecution:
    """Runs `fn` on one of `threads`."""

    def __init__(self, fn: Callable[[], Outcome], *, threads: HandlerThreads) -> None:
        self._future = threads.submit(fn)

    def wait(self, timeout: float) -> Outcome | None:
        try:
            return self._future.result(timeout)
        except FutureTimeout:
            return None

    def cancel(self) -> None:
        """Nothing to pass on: the handler's context reads the worker's cancel flag directly."""

    def kill(self) -> None:
        """Threads cannot be killed; the handler stops at its next `ctx.cancelled()` check."""
