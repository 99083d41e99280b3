"""The execution queues: one Huey instance per queue (`cpu`, `io`, `gpu`) holding messages that name a
job. Huey stores, orders and schedules them; it never runs them: a worker's dispatcher takes a message
(`dequeue`), checks it is due (`due`) and runs the job itself.

- Storage: `SqliteHuey` files `DATA_DIR/queue-<name>.db` by default; `PriorityRedisHuey` when
  `QUEUE_URL=redis://…` (needs the `redis` package; the scale-out issue finishes that path).
- Priorities map to Huey priorities (higher runs first); within one priority the order is FIFO.
- Messages are JSON (`JsonSerializer`), never pickles, and carry only the job id: the job store is
  the source of truth, the queue only says "look at this job".
- Retries are scheduled with Huey's `eta` (a delayed message); the worker moves due messages back
  into the queue (`promote_due`).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from huey import Huey, PriorityRedisHuey, SqliteHuey  # type: ignore[import-untyped]
from huey.api import Task, TaskWrapper  # type: ignore[import-untyped]
from huey.registry import Message  # type: ignore[import-untyped]
from huey.serializer import Serializer  # type: ignore[import-untyped]

from media_service.jobs.schemas import Priority, QueueName
from media_service.settings import Settings

__all__ = ["PRIORITY_RANK", "QUEUES", "JobQueue", "JsonSerializer"]

QUEUES: tuple[QueueName, ...] = ("cpu", "io", "gpu")
PRIORITY_RANK: dict[Priority, int] = {"urgent": 30, "high": 20, "normal": 10, "low": 0}
_DATETIME_FIELDS = ("eta", "expires_resolved")


class JsonSerializer(Serializer):  # type: ignore[misc]
    """Huey messages as JSON: our payload is one job id, so nothing needs pickling."""

    def _serialize(self, data: Any) -> bytes:
        if not isinstance(data, Message):
            raise TypeError("only task messages are stored (results are disabled)")
        fields = data._asdict()
        if fields["on_complete"] or fields["on_error"] or fields["chord_config"]:
            raise TypeError("pipelines are not used by the job engine")
        for name in _DATETIME_FIELDS:
            if fields[name] is not None:
                fields[name] = fields[name].isoformat()
        fields["args"] = list(fields["args"])
        return json.dumps(fields, separators=(",", ":")).encode()

    def _deserialize(self, data: bytes) -> Message:
        fields = json.loads(bytes(data))
        for name in _DATETIME_FIELDS:
            if fields.get(name):
                fields[name] = datetime.fromisoformat(fields[name])
        fields["args"] = tuple(fields.get("args") or ())
        return Message(**{k: v for k, v in fields.items() if k in Message._fields})


class JobQueue:
    """The Huey instances of this process."""

    def __init__(self, settings: Settings) -> None:
        # Huey logs two INFO lines per message; our jobs.job.* events say more, once.
        logging.getLogger("huey").setLevel(logging.WARNING)
        self.settings = settings
        self._hueys: dict[str, Huey] = {}
        self._tasks: dict[str, TaskWrapper] = {}
        for name in QUEUES:
            huey = self._make_huey(name)
            self._hueys[name] = huey
            self._tasks[name] = self._bind(huey)

    def _make_huey(self, name: str) -> Huey:
        url = self.settings.queue_url
        if url and url.startswith(("redis://", "rediss://", "unix://")):
            return PriorityRedisHuey(name=f"media-service-{name}", url=url, results=False, serializer=JsonSerializer())
        path = Path(self.settings.data_dir).resolve() / f"queue-{name}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        # fsync off: a lost message is recovered from the job store at start-up (see recovery.py).
        return SqliteHuey(name=name, filename=str(path), results=False, serializer=JsonSerializer(),
                          strict_fifo=True, fsync=False, timeout=30)

    @staticmethod
    def _bind(huey: Huey) -> TaskWrapper:
        def execute(job_id: str) -> None:  # the message's name; workers never let Huey call it
            raise RuntimeError("job messages are run by the worker's dispatcher, not by Huey")

        return huey.task(name="media_service.jobs.execute")(execute)

    def huey(self, queue: str) -> Huey:
        """The Huey instance behind `queue`."""
        return self._hueys[queue]

    def enqueue(self, queue: QueueName, job_id: str, *, priority: Priority = "normal",
                delay: float | None = None) -> None:
        """Put a message for `job_id` on `queue`; with `delay` (seconds) it becomes due later."""
        delayed = delay is not None and delay > 0
        task = self._tasks[queue].s(job_id, priority=PRIORITY_RANK[priority], delay=delay if delayed else None)
        if delayed:  # straight into the schedule, so no worker slot is spent re-scheduling it
            self._hueys[queue].add_schedule(task)
        else:
            self._hueys[queue].enqueue(task)

    def dequeue(self, queue: str) -> Task | None:
        """The highest-priority message of `queue`, removed from it; None when empty."""
        return self._hueys[queue].dequeue()

    def due(self, queue: str, task: Task) -> str | None:
        """The job id of a dequeued message when it is due; else the message goes back into the schedule.

        (Not `Huey.execute`: its revocation checks cost two queries per message, and cancellation
        lives in the job store.)"""
        huey = self._hueys[queue]
        if not huey.ready_to_run(task):
            huey.add_schedule(task)
            return None
        return str(task.args[0])

    def promote_due(self, queue: str) -> int:
        """Move delayed messages that are now due into the queue."""
        huey = self._hueys[queue]
        if not huey.scheduled_count():
            return 0
        due = huey.read_schedule()
        for task in due:
            huey.enqueue(task)
        return len(due)

    def job_ids(self, queue: str) -> set[str]:
        """Job ids with a message on `queue`, waiting or delayed."""
        huey = self._hueys[queue]
        return {str(t.args[0]) for t in [*huey.pending(), *huey.scheduled()] if t.args}

    def depth(self, queue: str) -> int:
        return int(self._hueys[queue].pending_count())

    def ping(self) -> None:
        for huey in self._hueys.values():
            huey.pending_count()

    def close(self) -> None:
        for huey in self._hueys.values():
            close = getattr(huey.storage, "close", None)
            if close is not None:
                close()
