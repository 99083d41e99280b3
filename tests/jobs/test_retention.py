"""Issue #11 item 8: job_events and webhook deliveries grew without limit. Jobs that ended more than
JOB_RETENTION_HOURS ago go, with their events (and so their logs), deliveries and idempotency keys."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from media_service.jobs.model import deliveries, events, idempotency, jobs, utcnow
from media_service.jobs.store import IdempotencyClaim, JobStore, NewJob


def _new(**kw: object) -> NewJob:
    fields: dict[str, object] = dict(type="test.echo", queue="io", priority="normal", input={"value": "x"},
                                     max_retries=0, timeout_sec=60, estimated_duration_sec=1,
                                     webhook_url="https://receiver.example/h", webhook_events=["job.completed"])
    fields.update(kw)
    return NewJob(**fields)  # type: ignore[arg-type]


def _count(store: JobStore, table: object, job_id: str) -> int:
    with store._engine.connect() as conn:  # noqa: SLF001 - the test counts rows the API no longer shows
        return int(conn.execute(select(func.count()).select_from(table).where(table.c.job_id == job_id)).scalar())  # type: ignore[attr-defined]


def test_ended_jobs_go_with_their_events_and_deliveries_after_retention() -> None:
    store = JobStore.in_memory()
    old, _ = store.create(_new(), idem=IdempotencyClaim(owner="k", key="once", body_hash="h"))
    store.claim(old.id, "w1")
    for i in range(50):
        store.progress(old.id, 1, i / 50, f"step {i}")
    store.log(old.id, "a log line")
    store.finish(old.id, "completed", attempt=1, result={"ok": True})
    live, _ = store.create(_new())
    parent, _ = store.create(_new(webhook_url=None, webhook_events=None))
    store.claim(parent.id, "w1")
    child, _ = store.create(_new(parent_id=parent.id, child_key="c1"))
    store.finish(child.id, "failed", expect="queued", error={"code": "X", "message": "x", "details": {}})
    assert _count(store, events, old.id) >= 53 and _count(store, deliveries, old.id) == 1  # grows with every change
    assert store.purge_ended(utcnow() - timedelta(hours=1)) == 0  # not past retention yet: kept

    assert store.purge_ended(utcnow() + timedelta(seconds=1)) == 1  # only `old`: `live` is queued, the child's parent lives
    for table in (events, deliveries, idempotency):
        assert _count(store, table, old.id) == 0, table
    with store._engine.connect() as conn:  # noqa: SLF001
        left = set(conn.execute(select(jobs.c.id)).scalars())
    assert left == {live.id, parent.id, child.id}
    assert _count(store, events, live.id) == 1  # job.queued: a live job keeps its history

    store.finish(parent.id, "completed", attempt=1, result={})
    assert store.purge_ended(utcnow() + timedelta(seconds=1)) == 1  # the parent first ...
    assert store.purge_ended(utcnow() + timedelta(seconds=1)) == 1  # ... then its child
    assert _count(store, events, child.id) == 0
