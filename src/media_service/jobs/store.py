"""JobStore: every read and write of jobs, events, idempotency keys and worker leases.

The state machine is enforced here with compare-and-set updates, so it holds across processes:
- `claim` moves queued → processing only once (a duplicated queue message cannot run a job twice);
- `finish`, `requeue` and `progress` name the attempt they belong to, so a late result from an
  attempt the runtime already gave up on (timeout, lost lease) changes nothing;
- every change appends a `job_events` row, and when the job's webhook wants that event a delivery
  row is written in the same transaction (the outbox that `webhooks.py` drains).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from media_service.errors import ConflictError, NotFoundError
from media_service.jobs import deliveries as outbox
from media_service.jobs.db import (
    database_url,
    evolve_schema,
    make_engine,
    memory_engine,
    read_tx,
    write_tx,
)
from media_service.jobs.model import (
    deliveries,
    events,
    idempotency,
    jobs,
    metadata,
    utcnow,
    workers,
)
from media_service.jobs.schemas import (
    TERMINAL_STATUSES,
    Job,
    JobSummary,
    JobEvent,
    JobLogEntry,
    JobStatus,
    Priority,
    QueueName,
    TerminalStatus,
)
from media_service.jobs.tree import JobTree, WaitState, to_job
from media_service.settings import Settings

__all__ = ["IdempotencyClaim", "JobFilters", "JobStore", "NewJob", "body_hash", "to_job"]

IDEMPOTENCY_TTL = timedelta(hours=24)


def body_hash(body: dict[str, Any]) -> str:
    """A stable hash of a request body (key order does not matter)."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewJob:
    type: str
    queue: QueueName
    priority: Priority
    input: dict[str, Any]
    max_retries: int
    timeout_sec: float
    estimated_duration_sec: float
    webhook_url: str | None = None
    webhook_events: list[str] | None = None
    created_by: str | None = None
    parent_id: str | None = None
    child_key: str | None = None
    not_after: datetime | None = None


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    owner: str
    key: str
    body_hash: str


@dataclass(slots=True)
class JobFilters:
    statuses: list[JobStatus] = field(default_factory=list)
    type: str | None = None
    priority: Priority | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    parent_id: str | None = None


# Hot statements are built once: constructing a statement costs more than running it on SQLite.
_SELECT_JOB = select(jobs).where(jobs.c.id == bindparam("p_id"))
_INSERT_EVENT = insert(events)
_INSERT_JOB = insert(jobs).returning(*jobs.c)
_CLAIM = update(jobs).where(jobs.c.id == bindparam("p_id"), jobs.c.status == "queued").values(
    status="processing", attempts=jobs.c.attempts + 1, worker_id=bindparam("p_worker"), run_after=None,
    progress=0.0, current_step=None, updated_at=bindparam("p_now"), attempt_started_at=bindparam("p_now"),
    started_at=func.coalesce(jobs.c.started_at, bindparam("p_now"))).returning(*jobs.c)
_RESUME = update(jobs).where(jobs.c.id == bindparam("p_id"), jobs.c.status == "processing",
                             jobs.c.wait_state == "ready").values(
    worker_id=bindparam("p_worker"), wait_state=None, waiting_for=None, wait_count=None,
    updated_at=bindparam("p_now")).returning(*jobs.c)
_PROGRESS = update(jobs).where(jobs.c.id == bindparam("p_id"), jobs.c.status == "processing",
                               jobs.c.attempts == bindparam("p_attempt")).values(
    progress=bindparam("p_progress"), current_step=bindparam("p_step"), updated_at=bindparam("p_now")
).returning(*jobs.c)
_BEFORE_FINISH = select(jobs.c.status, jobs.c.attempts, jobs.c.progress, jobs.c.started_at,
                        jobs.c.cancel_requested_at).where(jobs.c.id == bindparam("p_id"))
_FINISH = update(jobs).where(jobs.c.id == bindparam("p_id"), jobs.c.status == bindparam("p_expect"),
                             jobs.c.attempts == bindparam("p_attempt")).values(
    status=bindparam("p_status"), result=bindparam("p_result"), error=bindparam("p_error"),
    progress=bindparam("p_progress"), duration_sec=bindparam("p_duration"), completed_at=bindparam("p_now"),
    updated_at=bindparam("p_now"), worker_id=None, run_after=None, wait_state=None, waiting_for=None,
    wait_count=None).returning(*jobs.c)


class JobStore(JobTree):
    """The only owner of job SQL. One instance (one engine) per process.

    `on_ready(job)` is called (after the commit) for every parent this store's writes made ready to
    resume; its owner puts the parent's message on its queue."""

    def __init__(self, engine: Engine, *, on_ready: Callable[[Job], None] | None = None) -> None:
        self._engine = engine
        self.deliveries = outbox.DeliveryStore(engine)
        self.on_ready = on_ready

    @classmethod
    def from_settings(cls, settings: Settings, *, pool_size: int | None = None, create_schema: bool = True) -> JobStore:
        """A store on DATABASE_URL (default SQLite in DATA_DIR), creating missing tables."""
        size = pool_size or max(20, settings.io_workers + settings.cpu_workers + 8)
        store = cls(make_engine(database_url(settings), pool_size=size))
        if create_schema:
            store.create_schema()
        return store

    @classmethod
    def in_memory(cls) -> JobStore:
        """A store in a private in-memory database: the same state machine, nothing on disk (tests)."""
        store = cls(memory_engine())
        store.create_schema()
        return store

    def create_schema(self) -> None:
        """Create missing tables and add columns newer releases declare (see db.evolve_schema)."""
        evolve_schema(self._engine, metadata)

    def close(self) -> None:
        self._engine.dispose()

    def ping(self) -> None:
        with read_tx(self._engine) as conn:
            conn.execute(text("SELECT 1"))

    # events ----------------------------------------------------------------
    def _event(self, conn: Connection, job_row: Any, type_: str, data: dict[str, Any],
               payload: dict[str, Any] | None = None) -> int:
        """Append an event; when the job's webhook wants it, its delivery too (`payload` or the job view)."""
        now = utcnow()
        event_id = conn.execute(_INSERT_EVENT, {"job_id": job_row.id, "type": type_, "data": data, "created_at": now}
                                ).inserted_primary_key[0]  # type: ignore[index]
        wanted = job_row.webhook_events or []
        if job_row.webhook_url and type_ in wanted:
            view = payload if payload is not None else to_job(job_row).model_dump(mode="json", exclude={"logs"})
            body = json.dumps({"type": type_, "timestamp": now.isoformat(), "data": view})
            outbox.insert_delivery(conn, job_id=job_row.id, event_type=type_, url=job_row.webhook_url, body=body)
        return int(event_id)

    @staticmethod
    def _row(conn: Connection, job_id: str) -> Any:
        return conn.execute(_SELECT_JOB, {"p_id": job_id}).first()

    @contextmanager
    def _writing(self) -> Iterator[tuple[Connection, list[Job]]]:
        """A write transaction and the list of parents it made ready, handed to `on_ready` after the commit."""
        woken: list[Job] = []
        with write_tx(self._engine) as conn:
            yield conn, woken
        if self.on_ready is not None:
            for job in woken:
                self.on_ready(job)

    # creation and reads ------------------------------------------------------
    def create(self, new: NewJob, *, idem: IdempotencyClaim | None = None) -> tuple[Job, bool]:
        """Insert a queued job, or return the job an unexpired idempotency key already names: (job, replayed)."""
        try:
            return self._create(new, idem)
        except IntegrityError:  # a concurrent request with the same key won the insert (PostgreSQL)
            return self._create(new, idem)

    def _create(self, new: NewJob, idem: IdempotencyClaim | None) -> tuple[Job, bool]:
        now = utcnow()
        with write_tx(self._engine) as conn:
            if new.parent_id is not None:
                existing = self._check_parent(conn, new.parent_id, new.child_key)
                if existing is not None:
                    return to_job(existing), True
            if idem is not None:
                found = conn.execute(select(idempotency).where(idempotency.c.owner == idem.owner,
                                                               idempotency.c.key == idem.key)).first()
                if found is not None and found.expires_at > now:
                    if found.body_hash != idem.body_hash:
                        raise ConflictError("This Idempotency-Key was already used with a different request body",
                                            details={"idempotency_key": idem.key, "job_id": found.job_id})
                    row = self._row(conn, found.job_id)
                    if row is not None:
                        return to_job(row), True
                if found is not None:
                    conn.execute(delete(idempotency).where(idempotency.c.owner == idem.owner,
                                                           idempotency.c.key == idem.key))
            job_id = "job_" + uuid.uuid4().hex[:20]
            row = conn.execute(_INSERT_JOB, {
                "id": job_id, "type": new.type, "queue": new.queue, "status": "queued", "priority": new.priority,
                "input": new.input, "progress": 0.0, "webhook_url": new.webhook_url,
                "webhook_events": new.webhook_events, "retries": 0, "max_retries": new.max_retries, "attempts": 0,
                "timeout_sec": new.timeout_sec, "estimated_duration_sec": new.estimated_duration_sec,
                "created_by": new.created_by, "created_at": now, "updated_at": now, "parent_id": new.parent_id,
                "child_key": new.child_key, "not_after": new.not_after}).one()
            self._event(conn, row, "job.queued", {"status": "queued"})
            if idem is not None:
                conn.execute(insert(idempotency).values(owner=idem.owner, key=idem.key, body_hash=idem.body_hash,
                                                        job_id=job_id, expires_at=now + IDEMPOTENCY_TTL))
            return to_job(row), False

    def get(self, job_id: str, *, with_logs: int = 0) -> Job:
        """The job, or NotFoundError. `with_logs` attaches that many most recent log lines."""
        with read_tx(self._engine) as conn:
            row = self._row(conn, job_id)
            if row is None:
                raise NotFoundError(f"Job {job_id} not found", details={"job_id": job_id})
            job = to_job(row)
            if with_logs:
                job.logs = self._logs(conn, job_id, limit=with_logs, newest=True)
        return job

    def list_jobs(self, filters: JobFilters, *, before_seq: int | None, limit: int,
                  include: Collection[str] = ()) -> tuple[list[Job], int | None]:
        """Job summaries newest first, with the `include`d ones of input and result (the rest is not even read);
        returns (page, seq to continue before) — None when this is the last page."""
        left_out = {"input", "result"} - set(include)
        q = select(*[c for c in jobs.c if c.name not in left_out]).order_by(jobs.c.seq.desc()).limit(limit + 1)
        if filters.statuses:
            q = q.where(jobs.c.status.in_(filters.statuses))
        if filters.type:
            q = q.where(jobs.c.type == filters.type)
        if filters.priority:
            q = q.where(jobs.c.priority == filters.priority)
        if filters.created_after:
            q = q.where(jobs.c.created_at > filters.created_after)
        if filters.created_before:
            q = q.where(jobs.c.created_at < filters.created_before)
        if filters.parent_id:
            q = q.where(jobs.c.parent_id == filters.parent_id)
        if before_seq is not None:
            q = q.where(jobs.c.seq < before_seq)
        with read_tx(self._engine) as conn:
            rows = conn.execute(q).all()
        page = rows[:limit]
        return [to_job(r, JobSummary) for r in page], (page[-1].seq if len(rows) > limit else None)

    # the worker's side -----------------------------------------------------------
    def claim(self, job_id: str, worker_id: str) -> Job | None:
        """queued → processing for `worker_id`, counting a new attempt, or a parent ready to resume (same
        attempt, same deadline); None if the job is neither."""
        now = utcnow()
        with write_tx(self._engine) as conn:
            params = {"p_id": job_id, "p_worker": worker_id, "p_now": now}
            row = conn.execute(_CLAIM, params).first()
            if row is not None:
                self._event(conn, row, "job.started", {"status": "processing", "attempt": row.attempts})
                return to_job(row)
            row = conn.execute(_RESUME, params).first()
            if row is None:
                return None
            self._event(conn, row, "job.log", {"level": "info", "attempt": row.attempts,
                                               "message": "resumed: the child jobs it waited for have ended"})
            return to_job(row)

    def progress(self, job_id: str, attempt: int, fraction: float, step: str | None) -> bool:
        """Record progress of a running attempt; False when that attempt is no longer the live one."""
        with write_tx(self._engine) as conn:
            row = conn.execute(_PROGRESS, {"p_id": job_id, "p_attempt": attempt, "p_progress": fraction,
                                           "p_step": step, "p_now": utcnow()}).first()
            if row is None:
                return False
            self._event(conn, row, "job.progress", {"progress": fraction, "current_step": step, "attempt": attempt})
            return True

    def log(self, job_id: str, message: str, *, level: str = "info", attempt: int | None = None) -> None:
        """Append a log line to the job."""
        with write_tx(self._engine) as conn:
            row = self._row(conn, job_id)
            if row is not None:
                self._event(conn, row, "job.log", {"level": level, "message": message, "attempt": attempt})

    def finish(self, job_id: str, status: TerminalStatus, *, attempt: int | None = None,
               result: dict[str, Any] | None = None, error: dict[str, Any] | None = None,
               expect: Literal["queued", "processing"] = "processing") -> Job | None:
        """Move the job to a terminal `status` exactly once; None if it is not (any more) in `expect`
        with that attempt. A job whose cancellation was accepted never completes: it ends cancelled."""
        with self._writing() as (conn, woken):
            return self._finish(conn, woken, job_id, status, attempt=attempt, result=result, error=error,
                                expect=expect)

    def _finish(self, conn: Connection, woken: list[Job], job_id: str, status: TerminalStatus, *,
                attempt: int | None, result: dict[str, Any] | None, error: dict[str, Any] | None,
                expect: Literal["queued", "processing"]) -> Job | None:
        assert status in TERMINAL_STATUSES
        now = utcnow()
        before = conn.execute(_BEFORE_FINISH, {"p_id": job_id}).first()
        if before is None or before.status != expect or (attempt is not None and before.attempts != attempt):
            return None
        if status in ("completed", "failed") and before.cancel_requested_at is not None:
            status, result = "cancelled", None
            error = {"code": "JOB_CANCELLED", "message": "Job cancelled by request", "details": {}}
        duration = (now - before.started_at).total_seconds() if before.started_at is not None else None
        row = conn.execute(_FINISH, {
            "p_id": job_id, "p_expect": expect, "p_attempt": before.attempts, "p_status": status, "p_result": result,
            "p_error": error, "p_progress": 1.0 if status == "completed" else before.progress,
            "p_duration": duration, "p_now": now}).first()
        if row is None:
            return None
        data: dict[str, Any] = {"status": status, "attempt": row.attempts}
        if error is not None:
            data["error"] = error
        if result is not None:
            data["result"] = result
        self._event(conn, row, f"job.{status}", data)
        self._ended(conn, woken, row, now)
        return to_job(row)

    def requeue(self, job_id: str, attempt: int, *, run_after: datetime, error: dict[str, Any] | None,
                reason: str) -> Job | None:
        """processing → queued for another attempt after `run_after`; None if the attempt is not live.
        A job whose cancellation was accepted is not retried: it ends cancelled (and that job is returned)."""
        with self._writing() as (conn, woken):
            flagged = conn.execute(select(jobs.c.cancel_requested_at).where(jobs.c.id == job_id)).scalar()
            if flagged is not None:
                return self._finish(conn, woken, job_id, "cancelled", attempt=attempt, result=None, expect="processing",
                                    error={"code": "JOB_CANCELLED", "message": "Job cancelled by request", "details": {}})
            row = conn.execute(update(jobs).where(jobs.c.id == job_id, jobs.c.status == "processing",
                                                  jobs.c.attempts == attempt).values(
                status="queued", retries=jobs.c.retries + 1, worker_id=None, run_after=run_after,
                updated_at=utcnow()).returning(*jobs.c)).first()
            if row is None:
                return None
            delay = max(0.0, (run_after - utcnow()).total_seconds())
            self._event(conn, row, "job.log", {"level": "warning", "message": reason, "attempt": attempt})
            self._event(conn, row, "job.retrying", {"status": "queued", "attempt": attempt, "error": error,
                                                    "retry": row.retries, "max_retries": row.max_retries,
                                                    "delay_sec": round(delay, 3)})
            return to_job(row)

    def request_cancel(self, job_id: str) -> tuple[str, Job]:
        """('cancelled' | 'requested' | 'finished', job): queued jobs end at once, running ones are flagged
        (a parent waiting on its children is woken to end), and the job's children are cancelled too."""
        with self._writing() as (conn, woken):
            row = self._row(conn, job_id)
            if row is None:
                raise NotFoundError(f"Job {job_id} not found", details={"job_id": job_id})
            if row.status in TERMINAL_STATUSES:
                return "finished", to_job(row)
            outcome = self._cancel_row(conn, woken, row, utcnow(), "Cancelled before it started")
            after = self._row(conn, job_id)
            return outcome, to_job(after)

    def cancel_requested(self, job_ids: Sequence[str]) -> set[str]:
        """Which of these running jobs a client asked to cancel."""
        if not job_ids:
            return set()
        with read_tx(self._engine) as conn:
            rows = conn.execute(select(jobs.c.id).where(jobs.c.id.in_(list(job_ids)),
                                                        jobs.c.cancel_requested_at.is_not(None))).all()
        return {r.id for r in rows}

    # parents and children (tree.py) ------------------------------------------------------
    def children(self, parent_id: str) -> list[Job]:
        """The jobs `parent_id` submitted, oldest first."""
        with read_tx(self._engine) as conn:
            rows = conn.execute(select(jobs).where(jobs.c.parent_id == parent_id).order_by(jobs.c.seq)).all()
        return [to_job(r) for r in rows]

    def suspend(self, job_id: str, attempt: int, *, waiting_for: Sequence[str], count: int,
                step: str) -> WaitState | None:
        """Park a running attempt without a worker until `count` of `waiting_for` have ended: 'waiting',
        or 'ready' when they have already (then `on_ready` got it); None if the attempt is not live."""
        with self._writing() as (conn, woken):
            return self._suspend(conn, woken, job_id, attempt, waiting_for, count, step)

    def notify(self, job_id: str, attempt: int, event_type: str, data: dict[str, Any]) -> bool:
        """A handler's own event (e.g. `batch.completed`): in the job's events, and to its webhook when
        the job's `webhook_events` name it. False when the attempt is no longer the live one."""
        with write_tx(self._engine) as conn:
            row = self._row(conn, job_id)
            if row is None or row.status != "processing" or row.attempts != attempt:
                return False
            self._event(conn, row, event_type, {"attempt": attempt}, payload=data)
            return True

    def sweep_waiting(self) -> int:
        """The workers' periodic check of parked parents: end (timed out) those past their deadline, with
        their children, and wake any whose awaited children have ended (a wake-up the ending missed).
        Returns how many it changed."""
        now = utcnow()
        with read_tx(self._engine) as conn:
            waiting = [to_job(r) for r in conn.execute(select(jobs).where(jobs.c.wait_state == "waiting")).all()]
        changed = 0
        for job in waiting:
            if job.deadline_at is not None and job.deadline_at <= now:
                error = {"code": "JOB_TIMEOUT", "message": f"Job exceeded its time limit of {job.timeout_sec:g} s",
                         "details": {"timeout_sec": job.timeout_sec}}
                changed += self.finish(job.id, "timeout", attempt=job.attempts, error=error) is not None
                continue
            with self._writing() as (conn, woken):
                self._wake_parent(conn, woken, job.id)
            changed += bool(woken)
        return changed

    # events, logs ----------------------------------------------------------------
    def events_after(self, after_id: int, *, job_ids: Sequence[str] | None = None, limit: int = 200,
                     up_to: int | None = None) -> list[JobEvent]:
        """Events with id > after_id (optionally ≤ up_to), oldest first; `job_ids=None` means every job."""
        q = select(events).where(events.c.id > after_id).order_by(events.c.id).limit(limit)
        if job_ids is not None:
            q = q.where(events.c.job_id.in_(list(job_ids)))
        if up_to is not None:
            q = q.where(events.c.id <= up_to)
        with read_tx(self._engine) as conn:
            return [JobEvent(**r._mapping) for r in conn.execute(q).all()]

    def last_event_id(self) -> int:
        with read_tx(self._engine) as conn:
            return int(conn.execute(select(func.max(events.c.id))).scalar() or 0)

    def logs(self, job_id: str, *, limit: int = 1000, newest: bool = False) -> list[JobLogEntry]:
        """The job's log lines, oldest first (the `limit` newest ones when `newest`)."""
        with read_tx(self._engine) as conn:
            return self._logs(conn, job_id, limit=limit, newest=newest)

    @staticmethod
    def _logs(conn: Connection, job_id: str, *, limit: int, newest: bool) -> list[JobLogEntry]:
        q = select(events.c.id, events.c.created_at, events.c.data).where(events.c.job_id == job_id,
                                                                          events.c.type == "job.log")
        rows = conn.execute(q.order_by(events.c.id.desc() if newest else events.c.id).limit(limit)).all()
        entries = [JobLogEntry(id=r.id, at=r.created_at, level=r.data.get("level", "info"),
                               message=r.data.get("message", ""), attempt=r.data.get("attempt")) for r in rows]
        return sorted(entries, key=lambda e: e.id)

    # leases and recovery -----------------------------------------------------------
    def heartbeat(self, worker_id: str, *, hostname: str, pid: int, queues: str) -> None:
        now = utcnow()
        with write_tx(self._engine) as conn:
            done = conn.execute(update(workers).where(workers.c.id == worker_id).values(heartbeat_at=now)).rowcount
            if not done:
                conn.execute(insert(workers).values(id=worker_id, hostname=hostname, pid=pid, queues=queues,
                                                    started_at=now, heartbeat_at=now))

    def remove_workers(self, worker_ids: Sequence[str]) -> None:
        with write_tx(self._engine) as conn:
            conn.execute(delete(workers).where(workers.c.id.in_(list(worker_ids))))

    def workers(self, *, alive_within: float | None = None) -> list[dict[str, Any]]:
        q = select(workers).order_by(workers.c.started_at)
        if alive_within is not None:
            q = q.where(workers.c.heartbeat_at >= utcnow() - timedelta(seconds=alive_within))
        with read_tx(self._engine) as conn:
            return [dict(r._mapping) for r in conn.execute(q).all()]

    def stale_jobs(self, *, lease_ttl: float, dead_worker_ids: Sequence[str] = (),
                   alive_worker_id: str | None = None) -> list[Job]:
        """Processing jobs whose worker is gone: no worker row, an expired heartbeat, or known dead.
        `alive_worker_id` (the caller, a worker) is never considered gone."""
        cutoff = utcnow() - timedelta(seconds=lease_ttl)
        gone = or_(workers.c.id.is_(None), workers.c.heartbeat_at < cutoff)
        if dead_worker_ids:
            gone = or_(gone, workers.c.id.in_(list(dead_worker_ids)))
        q = select(jobs).select_from(jobs.outerjoin(workers, workers.c.id == jobs.c.worker_id)).where(
            and_(jobs.c.status == "processing", jobs.c.wait_state.is_(None), gone))
        if alive_worker_id is not None:
            q = q.where(jobs.c.worker_id != alive_worker_id)
        with read_tx(self._engine) as conn:
            return [to_job(r) for r in conn.execute(q).all()]

    def queued(self, queue: str) -> list[tuple[str, Priority, datetime | None]]:
        """(id, priority, run_after) of every job of `queue` that needs a message: queued ones, and
        parents ready to resume."""
        q = select(jobs.c.id, jobs.c.priority, jobs.c.run_after).where(
            jobs.c.queue == queue, or_(jobs.c.status == "queued", jobs.c.wait_state == "ready"))
        with read_tx(self._engine) as conn:
            return [(r.id, r.priority, r.run_after) for r in conn.execute(q).all()]

    def purge_ended(self, older_than: datetime, *, batch: int = 500) -> int:
        """Retention: delete jobs that ended before `older_than` — with their events (and so their logs),
        webhook deliveries and idempotency keys — at most `batch` jobs per call. A child whose parent is
        still kept stays (it goes in a later pass, after the parent). Returns how many jobs went."""
        ended = list(TERMINAL_STATUSES)
        parent = jobs.alias("parent")
        live_parent = select(parent.c.id).where(parent.c.id == jobs.c.parent_id).exists()
        q = select(jobs.c.id).where(jobs.c.status.in_(ended), jobs.c.updated_at < older_than,
                                    ~live_parent).order_by(jobs.c.seq).limit(batch)
        with write_tx(self._engine) as conn:
            ids = list(conn.execute(q).scalars())
            if not ids:
                return 0
            conn.execute(delete(events).where(events.c.job_id.in_(ids)))
            conn.execute(delete(deliveries).where(deliveries.c.job_id.in_(ids)))
            conn.execute(delete(idempotency).where(idempotency.c.job_id.in_(ids)))
            conn.execute(delete(jobs).where(jobs.c.id.in_(ids)))
        return len(ids)

    def purge_idempotency(self) -> int:
        with write_tx(self._engine) as conn:
            return conn.execute(delete(idempotency).where(idempotency.c.expires_at < utcnow())).rowcount

    # metrics ----------------------------------------------------------------------
    def counts(self) -> list[tuple[str, str, str, int]]:
        """(type, queue, status, count) for every combination present."""
        q = select(jobs.c.type, jobs.c.queue, jobs.c.status, func.count()).group_by(jobs.c.type, jobs.c.queue, jobs.c.status)
        with read_tx(self._engine) as conn:
            return [(r[0], r[1], r[2], int(r[3])) for r in conn.execute(q).all()]

    def duration_histogram(self, buckets: Sequence[float]) -> dict[str, tuple[list[int], float, int]]:
        """type → (cumulative bucket counts, sum, count) over completed jobs' durations."""
        d = jobs.c.duration_sec
        cols = [func.sum(case((d <= b, 1), else_=0)) for b in buckets]
        q = select(jobs.c.type, func.count(), func.coalesce(func.sum(d), 0.0), *cols).where(
            jobs.c.status == "completed", d.is_not(None)).group_by(jobs.c.type)
        with read_tx(self._engine) as conn:
            return {r[0]: ([int(x or 0) for x in r[3:]], float(r[2]), int(r[1])) for r in conn.execute(q).all()}
