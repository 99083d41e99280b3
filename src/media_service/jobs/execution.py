"""How one attempt's handler runs, and how the runtime stops it.

- `io` jobs run in a thread (`ThreadExecution`): they mostly wait on providers, so many fit in one
  process. A thread cannot be killed: at the deadline or after the cancel grace the runtime ends the
  job anyway and abandons the thread; the handler sees `ctx.cancelled()` at its next check, and
  whatever it returns later is discarded (the store's finish-once rule).
- `cpu` and `gpu` jobs run in a child process (`ProcessExecution`), forked from a forkserver that
  has the capability modules preloaded (a fork costs milliseconds, not an interpreter start). The
  child makes itself a process-group leader, so killing the group at a timeout or after the cancel
  grace also ends every process the handler started (ffmpeg, a browser, …). If the worker itself
  dies, the child notices its parent is gone and kills its own group: nothing keeps running that
  the crash recovery would run a second time.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Literal, Protocol

import structlog
from pydantic import BaseModel

from media_service.jobs.context import JobContext, remove_workdir
from media_service.jobs.failures import Failure, classify
from media_service.jobs.registry import JobType
from media_service.settings import Settings

__all__ = ["ChildSpec", "Execution", "Outcome", "ProcessExecution", "ThreadExecution", "run_handler", "warm_up"]

log = structlog.get_logger("media_service.jobs")


@dataclass(frozen=True, slots=True)
class Outcome:
    """How an attempt ended, as seen by its execution."""

    kind: Literal["ok", "error", "crashed", "timeout", "cancelled"]
    result: dict[str, Any] | None = None
    failure: Failure | None = None
    exit_code: int | None = None


class Execution(Protocol):
    def wait(self, timeout: float) -> Outcome | None: ...
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
    except Exception as exc:
        failure = classify(exc)
        if failure.code == "INTERNAL_ERROR":
            ctx.logger.exception("jobs.handler.crashed")
        return Outcome("error", failure=failure)


class ThreadExecution:
    """Runs `fn` in a daemon thread."""

    def __init__(self, fn: Callable[[], Outcome], *, name: str) -> None:
        self._done = threading.Event()
        self._outcome: Outcome | None = None
        self._fn = fn
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def _run(self) -> None:
        try:
            self._outcome = self._fn()
        except BaseException as exc:  # run_handler catches Exception; this is SystemExit and friends
            self._outcome = Outcome("error", failure=classify(exc))
        finally:
            self._done.set()

    def wait(self, timeout: float) -> Outcome | None:
        return self._outcome if self._done.wait(timeout) else None

    def kill(self) -> None:
        """Threads cannot be killed; the handler stops at its next `ctx.cancelled()` check."""


@dataclass(frozen=True, slots=True)
class ChildSpec:
    """Everything a child process needs to run one attempt (sent to it pickled, over a local pipe)."""

    settings: Settings
    job_id: str
    job_type: str
    attempt: int
    input: dict[str, Any]
    time_left: float
    preload: list[str] = field(default_factory=list)


_mp_lock = threading.Lock()
_mp_context: Any = None


def mp_context(preload: list[str]) -> Any:
    """The process-wide forkserver context (spawn where fork is unavailable), preloading `preload`."""
    global _mp_context
    with _mp_lock:
        if _mp_context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                _mp_context = multiprocessing.get_context("forkserver")
                _mp_context.set_forkserver_preload(["media_service.jobs.execution", *preload])
            else:
                _mp_context = multiprocessing.get_context("spawn")
        return _mp_context


def warm_up(preload: list[str]) -> None:
    """Start the forkserver now (it imports the capability modules once), so the first cpu job does
    not spend its time limit waiting for it."""
    ctx = mp_context(preload)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
        proc = ctx.Process(target=_noop)  # returns once the server has finished its preloads
        proc.start()
        proc.join(120)


def _noop() -> None:
    pass


def _watch_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:  # the worker (or its forkserver) died: end everything we started
                os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def child_main(conn: Connection, spec: ChildSpec) -> None:
    """Entry point of the child process: run the attempt and send its Outcome back."""
    os.setsid()
    _watch_parent()
    from media_service.jobs.registry import load_capabilities, registry
    from media_service.jobs.store import JobStore
    from media_service.logs import configure_logging

    configure_logging(spec.settings.log_level, spec.settings.log_format)
    load_capabilities(spec.settings)
    store = JobStore.from_settings(spec.settings, pool_size=2, create_schema=False)
    ctx = JobContext(job_id=spec.job_id, job_type=spec.job_type, attempt=spec.attempt, settings=spec.settings,
                     store=store, deadline=time.monotonic() + spec.time_left, cancel_poll_sec=0.5,
                     cancel_source=lambda: bool(store.cancel_requested([spec.job_id])))
    try:
        outcome = run_handler(ctx, registry.get(spec.job_type), spec.input)
    finally:
        remove_workdir(spec.settings, spec.job_id)
    conn.send(outcome)
    conn.close()
    store.close()


class ProcessExecution:
    """Runs one attempt in a child process of the forkserver; `kill` ends its whole process group."""

    def __init__(self, spec: ChildSpec) -> None:
        ctx = mp_context(spec.preload)
        self._reader, writer = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=child_main, args=(writer, spec), name=f"job-{spec.job_id}")
        self._proc.start()
        writer.close()

    @property
    def pid(self) -> int | None:
        return self._proc.pid

    def wait(self, timeout: float) -> Outcome | None:
        ready = wait([self._reader, self._proc.sentinel], timeout)
        if not ready:
            return None
        if self._reader.poll():
            try:
                outcome: Outcome = self._reader.recv()
            except EOFError:
                pass
            else:
                self._end_group()
                self._proc.join(5)
                return outcome
        self._proc.join(5)
        self._end_group()
        return Outcome("crashed", exit_code=self._proc.exitcode)

    def _end_group(self) -> None:
        """Processes the handler started and left behind go with the attempt."""
        if not self._proc.pid:  # never killpg(0): that is our own group
            return
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def kill(self) -> None:
        self._end_group()
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(5)
        self._reader.close()
