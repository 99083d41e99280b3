"""Immediate mode, for tests of handlers that need no workers: an in-memory store, and every job runs in
the calling thread as soon as it is submitted — through the same context, handler call and settling as
in a worker, so children, waiting parents, retries and cancellation behave as they do there.

    jobs = ImmediateJobs(settings, context=context_services())
    job = jobs.submit("audio.normalize", {"input": "/tmp/in.wav"})   # → the finished Job
    assert job.status == "completed"

Jobs run one at a time from a FIFO: a child a handler submits runs after that handler's run ends (when
it waits, or returns), and a parent woken by its last child runs right after that child. Retries run at
once (no backoff) and a run is not stopped at its deadline: only `ctx.cancelled()` sees it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from media_service.jobs.children import ChildJobs, Parent, StoreChildren
from media_service.jobs.context import ContextServices, JobContext, remove_workdir
from media_service.jobs.execution import run_handler
from media_service.jobs.registry import JobRegistry, load_capabilities, registry
from media_service.jobs.schemas import Job, Priority
from media_service.jobs.settle import Settler
from media_service.jobs.store import JobStore, NewJob
from media_service.settings import Settings

__all__ = ["ImmediateJobs"]

_WORKER_ID = "immediate"


class ImmediateJobs:
    """Submit and run jobs in this thread (see the module docstring). `store` is the JobReader to check."""

    def __init__(self, settings: Settings, *, context: ContextServices | None = None,
                 types: JobRegistry = registry) -> None:
        self.settings = settings
        self.types = types
        load_capabilities(settings)  # the job types, as a worker has them
        self.context = context or ContextServices()
        self.store = JobStore.in_memory()
        self.store.on_ready = lambda job: self._enqueue(job, None)
        self._settler = Settler(self.store, settings, self._enqueue)
        self._children = StoreChildren(self.store, types, settings, lambda job: self._enqueue(job, None))
        self._pending: deque[str] = deque()
        self._draining = False

    def submit(self, type_: str, request: BaseModel | Mapping[str, Any], *, priority: Priority = "normal") -> Job:
        """Create a job of type `type_` and run it (and whatever it starts) to the end; returns the job."""
        jt = self.types.get(type_)
        body = request.model_dump(mode="json") if isinstance(request, BaseModel) else dict(request)
        req = jt.request_model.model_validate(body)
        timeout, retries = jt.limits(req, self.settings)
        job, _ = self.store.create(NewJob(type=jt.name, queue=jt.queue, priority=priority,
                                          input=req.model_dump(mode="json"), max_retries=retries,
                                          timeout_sec=timeout, estimated_duration_sec=jt.estimate_for(req)))
        self._enqueue(job, None)
        return self.store.get(job.id, with_logs=100)

    def close(self) -> None:
        """Release the in-memory database."""
        self.store.close()

    def _enqueue(self, job: Job, delay: float | None) -> None:
        self._pending.append(job.id)
        if self._draining:  # a run in progress submitted or woke it: it runs when that run has ended
            return
        self._draining = True
        try:
            while self._pending:
                self._run(self._pending.popleft())
        finally:
            self._draining = False

    def _run(self, job_id: str) -> None:
        job = self.store.claim(job_id, _WORKER_ID)
        if job is None:
            return
        jt = self.types.get(job.type)
        started = time.monotonic()
        left = (job.deadline_at.timestamp() - time.time()) if job.deadline_at else job.timeout_sec
        parent = Parent(job.id, job.priority, job.created_by)
        ctx = JobContext(job_id=job.id, job_type=job.type, attempt=job.attempts, settings=self.settings,
                         sink=self.store, deadline=started + left, services=self.context,
                         cancel_source=lambda: bool(self.store.cancel_requested([job.id])),
                         jobs=lambda c: ChildJobs(c, self._children, parent))
        try:
            outcome = run_handler(ctx, jt, job.input)
        finally:
            remove_workdir(self.settings, job.id)
        self._settler.settle(job, outcome, cancelled=False, started=started)
