"""cpu/gpu attempts in child processes that can be killed.

Children are forked from a forkserver that has the capability modules preloaded (a fork costs
milliseconds, not an interpreter start). Each child:
- makes itself a process-group leader, so killing the group at a timeout or after the cancel grace
  also ends every process the handler started (an encoder, a browser, …);
- talks only to its supervisor, over one duplex pipe: progress, log lines and events go up (the
  supervisor writes them to the store, so a child never opens the database), so do `ctx.jobs` calls
  (answered with a "reply"), "cancel" comes down, and the Outcome goes up at the end;
- kills its own group when its parent disappears (worker killed): nothing keeps running that crash
  recovery would run a second time.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from media_service.errors import ServiceError
from media_service.jobs.children import ChildBackend, ChildJobs, Parent
from media_service.jobs.context import ContextServices, JobContext, Sink, remove_workdir
from media_service.jobs.execution import Outcome, run_handler
from media_service.jobs.schemas import Job, Priority
from media_service.settings import Settings

__all__ = ["ChildSpec", "ProcessExecution", "mp_context", "warm_up"]


@dataclass(frozen=True, slots=True)
class ChildSpec:
    """Everything a child needs to run one attempt (pickled over the local pipe, never queued)."""

    settings: Settings
    job_id: str
    job_type: str
    attempt: int
    input: dict[str, Any]
    time_left: float
    preload: list[str] = field(default_factory=list)
    context: ContextServices = field(default_factory=ContextServices)
    parent: Parent | None = None


_mp_lock = threading.Lock()
_mp_context: Any = None


def mp_context(preload: list[str]) -> Any:
    """The process-wide forkserver context (spawn where fork is unavailable), preloading `preload`."""
    global _mp_context
    with _mp_lock:
        if _mp_context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                _mp_context = multiprocessing.get_context("forkserver")
                # warmup goes last: it runs the warm_up hooks of the types the modules before it declared.
                _mp_context.set_forkserver_preload(["media_service.jobs.process", "sqlalchemy.dialects.sqlite",
                                                    *preload, "media_service.jobs.warmup"])
            else:
                _mp_context = multiprocessing.get_context("spawn")
        return _mp_context


def warm_up(preload: list[str]) -> None:
    """Start the forkserver now (it imports the capability modules once), so the first cpu job does
    not spend its time limit waiting for it."""
    ctx = mp_context(preload)
    if ctx.get_start_method() == "forkserver":
        proc = ctx.Process(target=_noop)  # returns once the server has finished its preloads
        proc.start()
        proc.join(120)


def _noop() -> None:
    pass


class _PipeSink:
    """The child's side of the pipe: the context's sink, and the `ctx.jobs` backend (calls answered by
    the supervisor)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()  # a handler may report from several threads
        self._cancelled = False

    def send(self, message: tuple[Any, ...]) -> None:
        with self._lock:
            self._conn.send(message)

    def progress(self, job_id: str, attempt: int, fraction: float, step: str | None) -> bool:
        self.send(("progress", fraction, step))
        return True

    def log(self, job_id: str, message: str, *, level: str = "info", attempt: int | None = None) -> None:
        self.send(("log", level, message))

    def notify(self, job_id: str, attempt: int, event_type: str, data: dict[str, Any]) -> bool:
        return bool(self._call("notify", job_id, attempt, event_type, data))

    def cancel_requested(self) -> bool:
        with self._lock:
            while not self._cancelled and self._conn.poll():
                self._cancelled = self._conn.recv() == "cancel"
        return self._cancelled

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self._conn.send(("call", method, args, kwargs))
            while True:
                message = self._conn.recv()
                if message == "cancel":
                    self._cancelled = True
                    continue
                _, ok, value = message
                if ok:
                    return value
                code, text, details = value
                err = ServiceError(text, details=details)
                err.code = code
                raise err

    # ChildBackend
    def submit(self, parent: Parent, type_: str, request: dict[str, Any], *, priority: Priority,
               key: str | None, time_left: float) -> str:
        return str(self._call("submit", parent, type_, request, priority=priority, key=key, time_left=time_left))

    def get(self, job_id: str) -> Job:
        return self._call("get", job_id)  # type: ignore[no-any-return]

    def children(self, parent_id: str) -> list[Job]:
        return self._call("children", parent_id)  # type: ignore[no-any-return]

    def cancel(self, job_id: str) -> None:
        self._call("cancel", job_id)


def _watch_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:  # the worker (or its forkserver) died: end everything we started
                os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def child_main(conn: Connection, spec: ChildSpec) -> None:
    """Entry point of the child process: run the attempt, report over `conn`."""
    os.setsid()
    _watch_parent()
    from media_service.jobs.registry import load_capabilities, registry
    from media_service.logs import configure_logging

    configure_logging(spec.settings.log_level, spec.settings.log_format)
    if spec.job_type not in registry:  # preloaded by the forkserver normally
        load_capabilities(spec.settings)
    sink = _PipeSink(conn)
    parent = spec.parent
    ctx = JobContext(job_id=spec.job_id, job_type=spec.job_type, attempt=spec.attempt, settings=spec.settings,
                     sink=sink, deadline=time.monotonic() + spec.time_left, cancel_source=sink.cancel_requested,
                     services=spec.context,
                     jobs=(lambda c: ChildJobs(c, sink, parent)) if parent is not None else None)
    try:
        outcome = run_handler(ctx, registry.get(spec.job_type), spec.input)
        sink.send(("done", outcome))
    except (BrokenPipeError, EOFError, OSError):
        os._exit(1)  # the supervisor is gone; nobody is listening for the outcome
    finally:
        remove_workdir(spec.settings, spec.job_id)


class ProcessExecution:
    """Runs one attempt in a child process of the forkserver; `kill` ends its whole process group.
    `sink` receives the child's progress, log lines and events (the store), `children` its `ctx.jobs` calls."""

    def __init__(self, spec: ChildSpec, sink: Sink, children: ChildBackend) -> None:
        ctx = mp_context(spec.preload)
        self._spec = spec
        self._sink = sink
        self._children = children
        self._conn, child_end = ctx.Pipe(duplex=True)
        self._proc = ctx.Process(target=child_main, args=(child_end, spec), name=f"job-{spec.job_id}")
        self._proc.start()
        child_end.close()

    def wait(self, timeout: float) -> Outcome | None:
        until = time.monotonic() + timeout
        while wait([self._conn, self._proc.sentinel], max(0.0, until - time.monotonic())):
            if not self._conn.poll():
                return self._crashed()
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                return self._crashed()
            if message[0] == "done":
                self._proc.join(5)
                self._end_group()
                return message[1]  # type: ignore[no-any-return]
            if message[0] == "progress":
                self._sink.progress(self._spec.job_id, self._spec.attempt, message[1], message[2])
            elif message[0] == "log":
                self._sink.log(self._spec.job_id, message[2], level=message[1], attempt=self._spec.attempt)
            elif message[0] == "call":
                self._answer(message[1], message[2], message[3])
        return None

    def _answer(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Run one of the child's `ctx.jobs` / notify calls here, where the store is, and send the reply."""
        target: Any = self._sink if method == "notify" else self._children
        try:
            reply: tuple[Any, ...] = ("reply", True, getattr(target, method)(*args, **kwargs))
        except ServiceError as exc:
            reply = ("reply", False, (exc.code, exc.message, dict(exc.details)))
        except Exception as exc:  # noqa: BLE001 — the child gets it as its own error
            reply = ("reply", False, ("INTERNAL_ERROR", f"{type(exc).__name__}: {exc}", {}))
        try:
            self._conn.send(reply)
        except (BrokenPipeError, OSError):
            pass

    def _crashed(self) -> Outcome:
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

    def cancel(self) -> None:
        try:
            self._conn.send("cancel")
        except (BrokenPipeError, OSError):
            pass

    def kill(self) -> None:
        self._end_group()
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(5)
        self._conn.close()
