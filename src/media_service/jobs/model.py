"""The job store's tables (SQLAlchemy Core). Only `store.py` and `deliveries.py` issue SQL against them.

    jobs               one row per job: PRD §8.1 fields plus attempts, current step, lease owner, timestamps,
                       and the parent/child links and wait state of `ctx.jobs`
    job_events         every state/progress/log change; the autoincrement id is the SSE event id
    idempotency_keys   (key owner, Idempotency-Key) → job, with the body hash, for 24 h
    webhook_deliveries the outbox: one row per (event, receiver) with its attempt log
    workers            live worker processes and their heartbeats (the lease behind crash recovery)

Timestamps are stored as naive UTC and returned timezone-aware (`UTCDateTime`), so SQLite and
PostgreSQL compare them the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

__all__ = ["UTCDateTime", "deliveries", "events", "idempotency", "jobs", "metadata", "utcnow", "workers"]


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, naive UTC in the column, aware UTC out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime passed to the job store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

jobs = Table(
    "jobs", metadata,
    # `seq` orders jobs (newest first) and backs the list cursor; `id` is the public job_… id.
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("type", String(100), nullable=False),
    Column("queue", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("priority", String(8), nullable=False),
    Column("input", JSON, nullable=False),
    Column("result", JSON),
    Column("error", JSON),
    Column("progress", Float, nullable=False, default=0.0),
    Column("current_step", String(200)),
    Column("webhook_url", Text),
    Column("webhook_events", JSON),
    Column("retries", Integer, nullable=False, default=0),
    Column("max_retries", Integer, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("timeout_sec", Float, nullable=False),
    Column("estimated_duration_sec", Float, nullable=False),
    Column("created_by", String(100)),
    Column("worker_id", String(120)),
    Column("run_after", UTCDateTime()),
    Column("cancel_requested_at", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("started_at", UTCDateTime()),
    Column("completed_at", UTCDateTime()),
    Column("duration_sec", Float),
    # Child jobs (ctx.jobs): the parent, the key that makes a re-run's submit idempotent, and the
    # deadline the parent's time limit puts on the child (children never outlive their parent).
    Column("parent_id", String(40)),
    Column("child_key", String(200)),
    Column("not_after", UTCDateTime()),
    # When the live attempt was claimed: its deadline is this + timeout_sec (capped by not_after), and it
    # does not move while the job waits for its children.
    Column("attempt_started_at", UTCDateTime()),
    # A parent that waits on its children holds no worker: wait_state 'waiting' until `wait_count` of
    # the jobs in `waiting_for` have ended, then 'ready' (a message is on its queue) until re-claimed.
    Column("wait_state", String(8)),
    Column("waiting_for", JSON),
    Column("wait_count", Integer),
    Index("ix_jobs_status_queue", "status", "queue"),
    Index("ix_jobs_parent_id", "parent_id", "child_key"),
    Index("ix_jobs_type_status", "type", "status"),
    Index("ix_jobs_created_at", "created_at"),
)

events = Table(
    "job_events", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("job_id", String(40), nullable=False),
    Column("type", String(40), nullable=False),
    Column("data", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_job_events_job_id_id", "job_id", "id"),
)

idempotency = Table(
    "idempotency_keys", metadata,
    Column("owner", String(100), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("body_hash", String(64), nullable=False),
    Column("job_id", String(40), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)

deliveries = Table(
    "webhook_deliveries", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("message_id", String(64), nullable=False),
    Column("job_id", String(40), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("url", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("manual", Boolean, nullable=False, default=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("attempt_log", JSON, nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("locked_until", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_webhook_deliveries_job_id", "job_id"),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
)

workers = Table(
    "workers", metadata,
    Column("id", String(120), primary_key=True),
    Column("hostname", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("queues", String(100), nullable=False),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("heartbeat_at", UTCDateTime(), nullable=False),
)
