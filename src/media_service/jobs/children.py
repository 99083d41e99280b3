"""`ctx.jobs`: a handler runs other jobs as its children, without touching the store or the queue.

    ids = [ctx.jobs.submit("render.batch-item", item, key=str(i)) for i, item in enumerate(items)]
    done = ctx.jobs.wait(ids)          # every child has ended → their Jobs; else the parent is parked
    ctx.jobs.get(id), ctx.jobs.all(), ctx.jobs.cancel(id)

Children are ordinary jobs (own queue, retries, logs, GET /jobs/:id) with `parent_id` set. Their time
limit never reaches past the parent's deadline, they have no webhook of their own, and the owner of the
parent owns them. Their request is validated against the type's model; submission-time `prepare`
checks are the parent's business (it checks what it will submit when it is itself submitted).

`wait` never blocks a worker: when the children have not ended it raises `WaitForChildren`, the runtime
parks the parent without a slot, and runs the handler again from the start once they have (see the
package docstring). So a handler that waits must be re-entrant: give every `submit` a `key` (a re-run
gets the child of that key back instead of a new one) and rebuild its state from `all()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from media_service.errors import NotFoundError, ValidationError
from media_service.jobs.model import utcnow
from media_service.jobs.registry import JobRegistry
from media_service.jobs.schemas import Job, Priority
from media_service.jobs.store import NewJob
from media_service.settings import Settings

if TYPE_CHECKING:
    from media_service.jobs.context import JobContext
    from media_service.jobs.ports import RuntimeStore

__all__ = ["ChildBackend", "ChildJobs", "Parent", "StoreChildren", "WaitForChildren"]


class WaitForChildren(BaseException):
    """Raised by `ChildJobs.wait` to park the job until `count` of `job_ids` have ended. A BaseException,
    so a handler's `except Exception` does not swallow it; only the runtime catches it."""

    def __init__(self, job_ids: Sequence[str], count: int) -> None:
        super().__init__(f"waiting for {count} of {len(job_ids)} child jobs")
        self.job_ids = tuple(job_ids)
        self.count = count


@dataclass(frozen=True, slots=True)
class Parent:
    """What children inherit from the job that submits them."""

    job_id: str
    priority: Priority
    created_by: str | None


class ChildBackend(Protocol):
    """Where `ctx.jobs` goes: the store (io handlers, immediate mode) or the pipe to the supervisor (cpu/gpu)."""

    def submit(self, parent: Parent, type_: str, request: dict[str, Any], *, priority: Priority,
               key: str | None, time_left: float) -> str: ...
    def get(self, job_id: str) -> Job: ...
    def children(self, parent_id: str) -> list[Job]: ...
    def cancel(self, job_id: str) -> None: ...


class ChildJobs:
    """`ctx.jobs` of one run (see the module docstring)."""

    def __init__(self, ctx: JobContext, backend: ChildBackend, parent: Parent) -> None:
        self._ctx = ctx
        self._backend = backend
        self._parent = parent

    def submit(self, type_: str, request: BaseModel | Mapping[str, Any], *, priority: Priority | None = None,
               key: str | None = None) -> str:
        """Create a child job of type `type_` (or, with `key`, return the child already created with it)."""
        self._ctx.raise_if_cancelled()  # a cancelled parent starts nothing new
        body = request.model_dump(mode="json") if isinstance(request, BaseModel) else dict(request)
        return self._backend.submit(self._parent, type_, body, priority=priority or self._parent.priority, key=key,
                                    time_left=self._ctx.time_left())

    def get(self, job_id: str) -> Job:
        """One of this job's children; NotFoundError for any other job."""
        job = self._backend.get(job_id)
        if job.parent_id != self._parent.job_id:
            raise NotFoundError(f"Job {job_id} is not a child of {self._parent.job_id}", details={"job_id": job_id})
        return job

    def all(self) -> list[Job]:
        """Every child of this job, oldest first."""
        return self._backend.children(self._parent.job_id)

    def wait(self, job_ids: Sequence[str], *, count: int | None = None) -> list[Job]:
        """The children `job_ids` once `count` of them (default: all) have ended; until then the job is
        parked without a worker and its handler runs again from the start later (WaitForChildren)."""
        self._ctx.raise_if_cancelled()
        ids = list(dict.fromkeys(job_ids))
        need = len(ids) if count is None else max(0, min(count, len(ids)))
        jobs = [self.get(job_id) for job_id in ids]
        if sum(job.finished for job in jobs) >= need:
            return jobs
        self._ctx.flush()
        raise WaitForChildren(ids, need)

    def cancel(self, job_id: str) -> None:
        """Cancel one child (and its own children)."""
        self.get(job_id)
        self._backend.cancel(job_id)


class StoreChildren:
    """ChildBackend over the store: creates the child and puts its message on the queue (`enqueue`)."""

    def __init__(self, store: RuntimeStore, types: JobRegistry, settings: Settings,
                 enqueue: Callable[[Job], None]) -> None:
        self._store = store
        self._types = types
        self._settings = settings
        self._enqueue = enqueue

    def submit(self, parent: Parent, type_: str, request: dict[str, Any], *, priority: Priority,
               key: str | None, time_left: float) -> str:
        if type_ not in self._types:
            raise ValidationError(f"unknown job type {type_!r}", field="type")
        jt = self._types.get(type_)
        req = jt.request_model.model_validate(request)
        timeout, retries = jt.limits(req, self._settings)
        left = max(0.001, time_left)
        new = NewJob(type=jt.name, queue=jt.queue, priority=priority, input=req.model_dump(mode="json"),
                     max_retries=retries, timeout_sec=min(timeout, left), estimated_duration_sec=jt.estimate_for(req),
                     created_by=parent.created_by, parent_id=parent.job_id, child_key=key,
                     not_after=utcnow() + timedelta(seconds=left))
        job, existed = self._store.create(new)
        if not existed:
            self._enqueue(job)
        return job.id

    def get(self, job_id: str) -> Job:
        return self._store.get(job_id)

    def children(self, parent_id: str) -> list[Job]:
        return self._store.children(parent_id)

    def cancel(self, job_id: str) -> None:
        self._store.request_cancel(job_id)
