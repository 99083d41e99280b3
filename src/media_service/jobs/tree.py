"""Parents and children in the job store (`ctx.jobs`): the SQL behind submit-by-key, waiting without a
worker, waking a parent, and cancelling a job's children. `JobStore` inherits it; nothing else uses it.

The rules, each kept inside the write transaction that causes it:
- a job that ends (any terminal status) cancels its unfinished children: children never outlive it;
- a child that ends wakes its parent when the parent waits on it and enough of what it waits on ended;
- cancelling a job cancels its children (queued ones at once, running ones are flagged), and wakes the
  job itself when it is waiting, so its handler can end it.
Woken parents are collected in `woken`; the store hands them to `on_ready` after the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, func, select, update

from media_service.errors import JobCancelledError
from media_service.jobs.model import jobs, utcnow
from media_service.jobs.schemas import TERMINAL_STATUSES, Job

__all__ = ["JobTree", "WaitState", "to_job"]

WaitState = Literal["waiting", "ready"]
_LIVE = ("queued", "processing")


def _deadline(m: Any) -> datetime | None:
    started, cap = m["attempt_started_at"], m["not_after"]
    if started is None:
        return cap  # type: ignore[no-any-return]
    end = started + timedelta(seconds=m["timeout_sec"])
    return min(end, cap) if cap is not None else end  # type: ignore[no-any-return]


def to_job(row: Any, cls: type[Job] = Job) -> Job:
    """The Job view of a `jobs` row (a `JobSummary` for a row selected without input or result)."""
    m = row._mapping
    return cls(id=m["id"], type=m["type"], status=m["status"], priority=m["priority"], queue=m["queue"],
               parent_id=m["parent_id"], child_key=m["child_key"], deadline_at=_deadline(m),
               waiting=m["wait_state"] is not None,
               created_at=m["created_at"], updated_at=m["updated_at"], started_at=m["started_at"],
               completed_at=m["completed_at"], input=m.get("input"), result=m.get("result"), error=m["error"],
               progress=m["progress"], current_step=m["current_step"], webhook_url=m["webhook_url"],
               webhook_events=m["webhook_events"], retries=m["retries"], max_retries=m["max_retries"],
               attempts=m["attempts"], timeout_sec=m["timeout_sec"], estimated_duration_sec=m["estimated_duration_sec"],
               cancel_requested=m["cancel_requested_at"] is not None, created_by=m["created_by"], logs=None)


class JobTree:
    """The parent/child half of JobStore (see the module docstring)."""

    def _event(self, conn: Connection, job_row: Any, type_: str, data: dict[str, Any],
               payload: dict[str, Any] | None = None) -> int:
        raise NotImplementedError

    # reads ------------------------------------------------------------------------------------------
    @staticmethod
    def _child(conn: Connection, parent_id: str, key: str) -> Any:
        return conn.execute(select(jobs).where(jobs.c.parent_id == parent_id, jobs.c.child_key == key)
                            .order_by(jobs.c.seq).limit(1)).first()

    def _check_parent(self, conn: Connection, parent_id: str, key: str | None) -> Any:
        """Before a child is created: the child `key` names already (returned), or an error when the
        parent is gone, ended or being cancelled (it gets no new children)."""
        if key is not None:
            existing = self._child(conn, parent_id, key)
            if existing is not None:
                return existing
        parent = conn.execute(select(jobs.c.status, jobs.c.cancel_requested_at).where(jobs.c.id == parent_id)).first()
        if parent is None or parent.status != "processing" or parent.cancel_requested_at is not None:
            raise JobCancelledError(f"Job {parent_id} is ending; it cannot start child jobs")
        return None

    @staticmethod
    def _ended_count(conn: Connection, job_ids: Sequence[str]) -> int:
        if not job_ids:
            return 0
        return int(conn.execute(select(func.count()).where(jobs.c.id.in_(list(job_ids)),
                                                           jobs.c.status.in_(TERMINAL_STATUSES))).scalar() or 0)

    # waiting ----------------------------------------------------------------------------------------
    def _suspend(self, conn: Connection, woken: list[Job], job_id: str, attempt: int, waiting_for: Sequence[str],
                 count: int, step: str) -> WaitState | None:
        """Park a running attempt until `count` of `waiting_for` have ended; None if it is not live."""
        ready = self._ended_count(conn, waiting_for) >= count
        row = conn.execute(update(jobs).where(jobs.c.id == job_id, jobs.c.status == "processing",
                                              jobs.c.attempts == attempt, jobs.c.wait_state.is_(None)).values(
            worker_id=None, wait_state="ready" if ready else "waiting", waiting_for=list(waiting_for),
            wait_count=count, current_step=step, updated_at=utcnow()).returning(*jobs.c)).first()
        if row is None:
            return None
        self._event(conn, row, "job.progress", {"progress": row.progress, "current_step": step, "attempt": attempt})
        if ready or row.cancel_requested_at is not None:
            return self._wake(conn, woken, row)
        return "waiting"

    def _wake(self, conn: Connection, woken: list[Job], row: Any) -> WaitState:
        done = conn.execute(update(jobs).where(jobs.c.id == row.id, jobs.c.wait_state.is_not(None)).values(
            wait_state="ready", updated_at=utcnow()).returning(*jobs.c)).first()
        if done is not None:
            woken.append(to_job(done))
        return "ready"

    def _wake_parent(self, conn: Connection, woken: list[Job], parent_id: str) -> None:
        parent = conn.execute(select(jobs).where(jobs.c.id == parent_id).with_for_update()).first()
        if parent is None or parent.wait_state != "waiting":
            return
        if parent.cancel_requested_at is not None or \
                self._ended_count(conn, parent.waiting_for or []) >= (parent.wait_count or 0):
            self._wake(conn, woken, parent)

    # endings ----------------------------------------------------------------------------------------
    def _ended(self, conn: Connection, woken: list[Job], row: Any, now: datetime) -> None:
        """`row` has just ended: cancel its unfinished children, wake its parent if it waits on it."""
        self._cancel_children(conn, woken, row.id, now)
        if row.parent_id is not None:
            self._wake_parent(conn, woken, row.parent_id)

    def _cancel_children(self, conn: Connection, woken: list[Job], job_id: str, now: datetime) -> None:
        for child in conn.execute(select(jobs).where(jobs.c.parent_id == job_id, jobs.c.status.in_(_LIVE))).all():
            self._cancel_row(conn, woken, child, now, "Cancelled with its parent job")

    def _cancel_row(self, conn: Connection, woken: list[Job], row: Any, now: datetime,
                    message: str) -> Literal["cancelled", "requested"]:
        """Cancel a live job and its children: a queued one ends at once, a running one is flagged."""
        if row.status == "queued":
            err = {"code": "JOB_CANCELLED", "message": message, "details": {}}
            done = conn.execute(update(jobs).where(jobs.c.id == row.id, jobs.c.status == "queued").values(
                status="cancelled", error=err, completed_at=now, updated_at=now).returning(*jobs.c)).first()
            if done is not None:
                self._event(conn, done, "job.cancelled", {"status": "cancelled", "attempt": done.attempts, "error": err})
                self._ended(conn, woken, done, now)
                return "cancelled"
            row = conn.execute(select(jobs).where(jobs.c.id == row.id)).first()  # claimed meanwhile: flag it
        if row.cancel_requested_at is None:
            row = conn.execute(update(jobs).where(jobs.c.id == row.id).values(
                cancel_requested_at=now, updated_at=now).returning(*jobs.c)).one()
            self._event(conn, row, "job.cancel_requested", {"status": row.status, "attempt": row.attempts})
        if row.wait_state == "waiting":
            self._wake(conn, woken, row)  # nobody runs it: let its handler see the request and end
        self._cancel_children(conn, woken, row.id, now)
        return "requested"
