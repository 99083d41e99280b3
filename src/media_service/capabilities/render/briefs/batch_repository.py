"""Batch records in the job store's database: every SQL statement about batches, and nothing else.

    render_batches       one row per POST /render/batch: its coordinating job, limits, webhook, outcome
    render_batch_items   one row per video: title and format (for listings), the job once started, or the
                         error that kept it from starting

The tables live next to the job tables (same engine, same transactions as the webhook outbox) but in their
own metadata, created on first use: the job engine knows nothing about batches.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Engine, Integer, MetaData, String, Table, Text, delete, insert, select, update

from media_service.jobs.db import read_tx, write_tx
from media_service.jobs.deliveries import insert_delivery
from media_service.jobs.model import UTCDateTime, utcnow

__all__ = ["BatchItemRow", "BatchRepository", "BatchRow"]

metadata = MetaData()

batches = Table(
    "render_batches", metadata,
    Column("id", String(40), primary_key=True),
    Column("job_id", String(40)),  # set right after the coordinating job is created
    Column("max_concurrent", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("webhook_url", Text),
    Column("outcome", String(16)),
    Column("created_by", String(100)),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("completed_at", UTCDateTime()),
)

items = Table(
    "render_batch_items", metadata,
    Column("batch_id", String(40), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("format", String(32), nullable=False),
    Column("job_id", String(40)),
    Column("error", JSON),
)


@dataclass(frozen=True, slots=True)
class BatchItemRow:
    index: int
    title: str
    format: str
    job_id: str | None
    error: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: str
    job_id: str | None
    max_concurrent: int
    total: int
    webhook_url: str | None
    outcome: str | None
    created_at: datetime
    completed_at: datetime | None
    items: list[BatchItemRow]


_created: weakref.WeakSet[Engine] = weakref.WeakSet()
_lock = threading.Lock()


class BatchRepository:
    """Reads and writes of batch records on the job store's engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with _lock:  # once per engine and process: create_all is cheap but not free
            if engine not in _created:
                metadata.create_all(engine)
                _created.add(engine)

    def create(self, batch_id: str, *, videos: list[tuple[str, str]], max_concurrent: int,
               webhook_url: str | None, created_by: str | None) -> None:
        """The batch and one pending item per (title, format)."""
        with write_tx(self.engine) as conn:
            conn.execute(insert(batches).values(id=batch_id, max_concurrent=max_concurrent,
                                                total=len(videos), webhook_url=webhook_url, created_by=created_by,
                                                created_at=utcnow()))
            conn.execute(insert(items), [{"batch_id": batch_id, "idx": i, "title": title, "format": fmt}
                                         for i, (title, fmt) in enumerate(videos)])

    def attach_job(self, batch_id: str, job_id: str) -> None:
        """Name the batch's coordinating job."""
        with write_tx(self.engine) as conn:
            conn.execute(update(batches).where(batches.c.id == batch_id).values(job_id=job_id))

    def delete(self, batch_id: str) -> None:
        """Remove a batch whose coordinating job could not be created."""
        with write_tx(self.engine) as conn:
            conn.execute(delete(items).where(items.c.batch_id == batch_id))
            conn.execute(delete(batches).where(batches.c.id == batch_id))

    def get(self, batch_id: str) -> BatchRow | None:
        with read_tx(self.engine) as conn:
            row = conn.execute(select(batches).where(batches.c.id == batch_id)).first()
            if row is None:
                return None
            rows = conn.execute(select(items).where(items.c.batch_id == batch_id).order_by(items.c.idx)).all()
        return BatchRow(id=row.id, job_id=row.job_id, max_concurrent=row.max_concurrent, total=row.total,
                        webhook_url=row.webhook_url, outcome=row.outcome, created_at=row.created_at,
                        completed_at=row.completed_at,
                        items=[BatchItemRow(r.idx, r.title, r.format, r.job_id, r.error) for r in rows])

    def start_item(self, batch_id: str, index: int, *, job_id: str | None = None,
                   error: dict[str, Any] | None = None) -> bool:
        """Record the job of a pending item (or why it could not start); False if it was recorded already."""
        with write_tx(self.engine) as conn:
            done = conn.execute(update(items).where(items.c.batch_id == batch_id, items.c.idx == index,
                                                    items.c.job_id.is_(None), items.c.error.is_(None))
                                .values(job_id=job_id, error=error)).rowcount
        return bool(done)

    def finish(self, batch_id: str, *, outcome: str, webhook_body: str | None) -> bool:
        """Mark the batch finished and, in the same transaction, queue its webhook delivery (the job store's
        outbox: signed and retried like job webhooks). False when it was finished already."""
        with write_tx(self.engine) as conn:
            row = conn.execute(update(batches).where(batches.c.id == batch_id, batches.c.outcome.is_(None))
                               .values(outcome=outcome, completed_at=utcnow())
                               .returning(batches.c.webhook_url)).first()
            if row is None:
                return False
            if row.webhook_url and webhook_body is not None:
                insert_delivery(conn, job_id=batch_id, event_type="batch.completed", url=row.webhook_url,
                                body=webhook_body)
        return True
