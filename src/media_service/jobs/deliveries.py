"""The webhook outbox's SQL: deliveries are written with the event that causes them (`insert_delivery`,
called inside the job store's transaction) and drained by the webhook dispatcher (`DeliveryStore`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Engine, insert, or_, select, update

from media_service.errors import ConflictError, NotFoundError
from media_service.jobs.db import read_tx, write_tx
from media_service.jobs.model import deliveries, utcnow
from media_service.jobs.schemas import WebhookDelivery

__all__ = ["DeliveryStore", "DueDelivery", "insert_delivery"]

Outcome = Literal["delivered", "gone", "retry", "failed"]


def insert_delivery(conn: Connection, *, job_id: str, event_type: str, url: str, body: str, manual: bool = False,
                    message_id: str | None = None) -> int:
    """Queue one delivery, due now, in the caller's transaction."""
    now = utcnow()
    result = conn.execute(insert(deliveries).values(
        message_id=message_id or "msg_" + uuid.uuid4().hex, job_id=job_id, event_type=event_type, url=url, body=body,
        status="pending", manual=manual, attempts=0, attempt_log=[], next_attempt_at=now, created_at=now,
        updated_at=now))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


@dataclass(frozen=True, slots=True)
class DueDelivery:
    id: int
    message_id: str
    job_id: str
    event_type: str
    url: str
    body: str
    attempts: int


def _view(row: Any) -> WebhookDelivery:
    m = dict(row._mapping)
    if m["status"] != "pending":
        m["next_attempt_at"] = None
    return WebhookDelivery(**{k: v for k, v in m.items() if k in WebhookDelivery.model_fields})


class DeliveryStore:
    """Reads and state changes of webhook deliveries."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def claim_due(self, *, limit: int, lock_sec: float) -> list[DueDelivery]:
        """Lock up to `limit` due deliveries for `lock_sec` (so one dispatcher sends each attempt)."""
        now = utcnow()
        free = or_(deliveries.c.locked_until.is_(None), deliveries.c.locked_until < now)
        with write_tx(self._engine) as conn:
            ids = [r.id for r in conn.execute(select(deliveries.c.id).where(
                deliveries.c.status == "pending", deliveries.c.next_attempt_at <= now, free
            ).order_by(deliveries.c.next_attempt_at).limit(limit)).all()]
            if not ids:
                return []
            rows = conn.execute(update(deliveries).where(deliveries.c.id.in_(ids), free).values(
                locked_until=now + timedelta(seconds=lock_sec)).returning(*deliveries.c)).all()
        return [DueDelivery(r.id, r.message_id, r.job_id, r.event_type, r.url, r.body, r.attempts) for r in rows]

    def record_attempt(self, delivery_id: int, *, outcome: Outcome, status_code: int | None, error: str | None,
                       duration_ms: float, next_attempt_at: datetime | None = None) -> None:
        """Append an attempt to the delivery's log and move it to its next state."""
        now = utcnow()
        with write_tx(self._engine) as conn:
            row = conn.execute(select(deliveries).where(deliveries.c.id == delivery_id)).first()
            if row is None:
                return
            log = [*row.attempt_log, {"at": now.isoformat(), "status_code": status_code, "error": error,
                                      "duration_ms": round(duration_ms, 2)}]
            status = "pending" if outcome == "retry" else outcome
            conn.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(
                status=status, attempts=row.attempts + 1, attempt_log=log, locked_until=None, updated_at=now,
                next_attempt_at=next_attempt_at or now))

    def for_job(self, job_id: str) -> list[WebhookDelivery]:
        with read_tx(self._engine) as conn:
            rows = conn.execute(select(deliveries).where(deliveries.c.job_id == job_id).order_by(deliveries.c.id)).all()
        return [_view(r) for r in rows]

    def redeliver(self, job_id: str, delivery_id: int | None = None) -> WebhookDelivery:
        """A new manual delivery of `delivery_id` (default: the job's latest), same message id and body."""
        with write_tx(self._engine) as conn:
            q = select(deliveries).where(deliveries.c.job_id == job_id)
            q = q.where(deliveries.c.id == delivery_id) if delivery_id is not None else q.order_by(deliveries.c.id.desc())
            src = conn.execute(q.limit(1)).first()
            if src is None:
                if delivery_id is not None:
                    raise NotFoundError(f"Delivery {delivery_id} of job {job_id} not found")
                raise ConflictError(f"Job {job_id} has no webhook delivery to redeliver yet",
                                    details={"job_id": job_id})
            new_id = insert_delivery(conn, job_id=job_id, event_type=src.event_type, url=src.url, body=src.body,
                                     manual=True, message_id=src.message_id)
            return _view(conn.execute(select(deliveries).where(deliveries.c.id == new_id)).first())
