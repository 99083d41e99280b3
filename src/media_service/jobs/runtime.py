"""The worker loop: take a message, claim the job, run the handler, supervise it, settle the outcome.

Per queue, one dispatcher thread takes a message only when the queue has a free slot and the
process is under JOB_QUEUE_MAX_CONCURRENT, so messages stay in Huey's priority order until the
moment they can run (an urgent job submitted after ten low ones starts first), and runs the job
itself. Slots are threads of a pool, each supervising one run: an `io` handler on a reusable thread,
a `cpu`/`gpu` handler in a child process (execution.py, process.py). Outcomes are settled by
settle.py (retries, parking a parent on its children).

One monitor thread per worker heartbeats the worker's lease, refreshes the cancel flags of the jobs
it runs (one query every 0.5 s for all of them) and sweeps for jobs whose worker died.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import structlog
from huey.api import Task  # type: ignore[import-untyped]

from media_service.jobs.children import ChildJobs, Parent, StoreChildren
from media_service.jobs.context import ContextServices, JobContext, remove_workdir
from media_service.jobs.execution import (
    Execution,
    HandlerThreads,
    Outcome,
    ThreadExecution,
    run_handler,
)
from media_service.jobs.failures import Failure
from media_service.jobs.model import utcnow
from media_service.jobs.process import ChildSpec, ProcessExecution, warm_up
from media_service.jobs.queue import QUEUES, JobQueue
from media_service.jobs.recovery import interrupt, recover, recover_stale
from media_service.jobs.registry import (
    JobRegistry,
    JobType,
    load_capabilities,
    registry,
)
from media_service.jobs.schemas import Job
from media_service.jobs.settle import Settler
from media_service.jobs.store import JobStore
from media_service.jobs.webhooks import WebhookDispatcher
from media_service.settings import Settings

__all__ = ["Worker"]

log = structlog.get_logger("media_service.jobs")
_CANCEL_REFRESH_SEC = 0.5
_RETENTION_EVERY_SEC = 600.0  # how often a worker deletes jobs past JOB_RETENTION_HOURS


@dataclass(slots=True)
class _Running:
    job: Job
    deadline: float
    started: float = field(default_factory=time.monotonic)
    cancel: threading.Event = field(default_factory=threading.Event)
    execution: Execution | None = None


def _deadline(job: Job) -> float:
    """The attempt's deadline on this process's monotonic clock (a resumed parent keeps its own)."""
    if job.deadline_at is None:
        return time.monotonic() + job.timeout_sec
    return time.monotonic() + (job.deadline_at - utcnow()).total_seconds()


class Worker:
    """Runs the jobs of `queues` in this process until `stop()`."""

    def __init__(self, settings: Settings, *, queues: tuple[str, ...] = QUEUES, store: JobStore | None = None,
                 types: JobRegistry = registry, context: ContextServices | None = None) -> None:
        unknown = set(queues) - set(QUEUES)
        if unknown:
            raise ValueError(f"unknown queue(s): {', '.join(sorted(unknown))}")
        self.settings = settings
        self.queues = tuple(queues)
        self.types = types
        self.context = context or ContextServices()
        self.store = store or JobStore.from_settings(settings)
        self.queue = JobQueue(settings)
        self.store.on_ready = lambda job: self._enqueue(job, None)  # a parent whose children ended
        self.settler = Settler(self.store, settings, self._enqueue)
        self.children = StoreChildren(self.store, types, settings, lambda job: self._enqueue(job, None))
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.webhooks = WebhookDispatcher(settings, self.store)
        self._stopping = threading.Event()
        self._total = threading.BoundedSemaphore(settings.job_max_concurrent)
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._modules: list[str] = []
        self._halt = threading.Event()  # set by stop() once the grace is over: supervisors let go
        self._handlers = HandlerThreads()

    # lifecycle -----------------------------------------------------------------
    def start(self) -> Worker:
        """Load capabilities, take the lease, recover, then start the dispatchers, monitor and webhooks.
        `io` work starts at once; `cpu`/`gpu` dispatch waits for the forkserver to be warm, so no job
        spends its time limit on that."""
        self._modules = load_capabilities(self.settings)
        self._heartbeat()
        recover(self.store, self.queue, self.settings, worker_id=self.id)
        self._spawn(self._monitor, "jobs-monitor")
        self.webhooks.start()
        if "io" in self.queues:
            self._spawn(self._dispatch, "jobs-dispatch-io", "io")
        process_queues = [q for q in self.queues if q != "io"]
        if process_queues:
            self._spawn(self._start_process_queues, "jobs-warm-up", process_queues)
        log.info("jobs.worker.started", worker_id=self.id, queues=list(self.queues),
                 slots={q: self._slots(q) for q in self.queues}, max_concurrent=self.settings.job_max_concurrent)
        return self

    def _start_process_queues(self, queues: list[str]) -> None:
        warm_up(self._modules)
        for name in queues:
            if not self._stopping.is_set():
                self._spawn(self._dispatch, f"jobs-dispatch-{name}", name)

    def _spawn(self, target: object, name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def stop(self, grace: float = 10.0) -> None:
        """Stop taking jobs, let running ones finish for `grace` seconds, then end and requeue the rest."""
        self._stopping.set()
        until = time.monotonic() + grace
        while self._running and time.monotonic() < until:
            time.sleep(0.05)
        self._halt.set()
        with self._lock:
            left = list(self._running.values())
        for running in left:
            if running.execution is not None:
                running.execution.kill()
            interrupt(self.store, self.queue, running.job,
                      reason=f"worker stopped while running the job (attempt {running.job.attempts})")
        for thread in list(self._threads):
            thread.join(timeout=2)
        self.webhooks.stop()
        self.store.remove_workers([self.id])
        self.queue.close()
        log.info("jobs.worker.stopped", worker_id=self.id, interrupted=len(left))

    def _enqueue(self, job: Job, delay: float | None) -> None:
        self.queue.enqueue(job.queue, job.id, priority=job.priority, delay=delay)

    def _slots(self, queue: str) -> int:
        per_queue = {"cpu": self.settings.cpu_workers, "io": self.settings.io_workers, "gpu": self.settings.gpu_workers}
        return min(per_queue[queue], self.settings.job_max_concurrent)

    # dispatch ------------------------------------------------------------------
    def _dispatch(self, queue: str) -> None:
        slots = threading.BoundedSemaphore(self._slots(queue))
        pool = ThreadPoolExecutor(self._slots(queue), thread_name_prefix=f"jobs-{queue}")
        poll = self.settings.job_poll_interval_ms / 1000
        next_promote = 0.0
        while not self._stopping.is_set():
            if time.monotonic() >= next_promote:
                next_promote = time.monotonic() + min(poll, 0.25)
                self._guard(self.queue.promote_due, queue)
            if not slots.acquire(timeout=poll):
                continue
            if not self._total.acquire(timeout=poll):
                slots.release()
                continue
            task = self._guard(self.queue.dequeue, queue)
            if task is None:
                self._total.release()
                slots.release()
                self._stopping.wait(poll)
                continue
            try:
                pool.submit(self._execute, queue, task, slots)
            except RuntimeError:  # the interpreter is exiting without stop(): hand the message back
                self._guard(self.queue.huey(queue).enqueue, task)
                break
        pool.shutdown(wait=False)

    def _guard(self, fn: object, *args: object) -> object:
        try:
            return fn(*args)  # type: ignore[operator]
        except Exception:  # a locked queue file or a DB hiccup must not end the loop
            log.exception("jobs.worker.loop_error", worker_id=self.id, step=getattr(fn, "__name__", "?"))
            time.sleep(0.2)
            return None

    def _execute(self, queue: str, task: Task, slots: threading.BoundedSemaphore) -> None:
        try:
            job_id = self.queue.due(queue, task)
            if job_id is not None:
                self._run_job(job_id)
        except Exception:
            log.exception("jobs.worker.execute_error", queue=queue)
        finally:
            self._total.release()
            slots.release()

    # one job -------------------------------------------------------------------
    def _run_job(self, job_id: str) -> None:
        job = self.store.claim(job_id, self.id)
        if job is None:  # cancelled while queued, or a duplicate message: nothing to do
            return
        with structlog.contextvars.bound_contextvars(job_id=job.id, job_type=job.type, attempt=job.attempts):
            running = _Running(job, _deadline(job))
            if job.cancel_requested:  # e.g. a parent woken to end: it must not see a stale flag
                running.cancel.set()
            with self._lock:
                self._running[job.id] = running
            try:
                log.info("jobs.job.started", queue=job.queue, priority=job.priority)
                outcome = self._attempt(running)
            except Exception:
                log.exception("jobs.job.runtime_error")
                outcome = Outcome("error", failure=Failure("INTERNAL_ERROR",
                                                           "Job runtime error; the service log has the details"))
            finally:
                # Before settling: a parent parked on its children may be claimed again at once.
                with self._lock:
                    if self._running.get(job.id) is running:
                        del self._running[job.id]
                remove_workdir(self.settings, job.id)
            try:
                self.settler.settle(job, outcome, cancelled=running.cancel.is_set(), started=running.started)
            except Exception:
                log.exception("jobs.job.settle_error")

    def _attempt(self, running: _Running) -> Outcome:
        job = running.job
        if job.type not in self.types:
            return Outcome("error", failure=Failure("SERVICE_UNAVAILABLE", f"Job type {job.type} is not available "
                                                    "in this worker; is its capability installed?"))
        running.execution = self._start(self.types.get(job.type), running)
        return self._supervise(running, running.execution)

    def _start(self, jt: JobType, running: _Running) -> Execution:
        job = running.job
        parent = Parent(job.id, job.priority, job.created_by)
        if jt.queue == "io":
            ctx = JobContext(job_id=job.id, job_type=job.type, attempt=job.attempts, settings=self.settings,
                             sink=self.store, deadline=running.deadline, cancel_source=running.cancel.is_set,
                             services=self.context, jobs=lambda c: ChildJobs(c, self.children, parent))
            return ThreadExecution(lambda: run_handler(ctx, jt, job.input), threads=self._handlers)
        spec = ChildSpec(settings=self.settings, job_id=job.id, job_type=job.type, attempt=job.attempts,
                         input=job.input, time_left=running.deadline - time.monotonic(), preload=self._modules,
                         context=self.context, parent=parent)
        return ProcessExecution(spec, self.store, self.children)

    def _supervise(self, running: _Running, execution: Execution) -> Outcome:
        grace = self.settings.job_cancel_grace_ms / 1000
        cancel_until: float | None = None
        while True:
            outcome = execution.wait(max(0.0, min(0.1, running.deadline - time.monotonic())))
            if outcome is not None:
                return outcome
            now = time.monotonic()
            if self._halt.is_set():  # stop() has requeued the job already
                execution.kill()
                return Outcome("abandoned")
            if now >= running.deadline:
                execution.kill()
                return Outcome("timeout")
            if running.cancel.is_set():
                if cancel_until is None:
                    cancel_until = now + grace
                    execution.cancel()
                if now >= cancel_until:
                    execution.kill()
                    return Outcome("cancelled")

    # monitor -------------------------------------------------------------------
    def _heartbeat(self) -> None:
        self.store.heartbeat(self.id, hostname=socket.gethostname(), pid=os.getpid(), queues=",".join(self.queues))

    def _monitor(self) -> None:
        ttl = self.settings.job_lease_ttl_sec
        beat_every = min(2.0, max(0.2, ttl / 5))
        next_beat = next_flags = 0.0
        next_sweep = time.monotonic() + ttl / 2
        next_purge = time.monotonic() + ttl
        while not self._stopping.wait(0.05):
            now = time.monotonic()
            if now >= next_beat:
                next_beat = now + beat_every
                self._guard(self._heartbeat)
            if now >= next_flags:
                next_flags = now + _CANCEL_REFRESH_SEC
                self._guard(self._refresh_cancel_flags)
            if now >= next_sweep:
                next_sweep = now + ttl / 2
                self._guard(lambda: recover_stale(self.store, self.queue, self.settings, worker_id=self.id))
                self._guard(self.store.sweep_waiting)
                self._guard(self.store.purge_idempotency)
            if now >= next_purge:
                next_purge = now + _RETENTION_EVERY_SEC
                cutoff = datetime.now(UTC) - timedelta(hours=self.settings.job_retention_hours)
                self._guard(lambda: self.store.purge_ended(cutoff))

    def _refresh_cancel_flags(self) -> None:
        with self._lock:
            running = dict(self._running)
        for job_id in self.store.cancel_requested(list(running)):
            running[job_id].cancel.set()
