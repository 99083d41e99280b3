"""Webhooks: signed per Standard Webhooks, delivered from the outbox with retries, logged per job.

Each delivery is a POST of `{"type": "job.completed", "timestamp": …, "data": <Job>}` with headers
`webhook-id` (stable across retries and manual redeliveries of the same message), `webhook-timestamp`
(the attempt's time) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed by
WEBHOOK_SECRET (`whsec_<base64>`; generated into DATA_DIR/webhook_secret when unset).

A 2xx ends the delivery; 410 Gone stops it for good; anything else (other statuses, network errors)
is retried WEBHOOK_MAX_ATTEMPTS times with exponential backoff from WEBHOOK_BACKOFF_MS. Redirects are
not followed. Receiver URLs pass the same egress rules as media URLs, at submission and again on
every attempt (the guarded client also checks each resolved address).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import random
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import structlog

from media_service import __version__
from media_service.errors import ValidationError
from media_service.jobs.deliveries import DueDelivery
from media_service.jobs.model import utcnow
from media_service.settings import Settings

__all__ = ["WebhookDispatcher", "check_webhook_url", "ensure_webhook_secret", "sign", "webhook_client"]

log = structlog.get_logger("media_service.jobs")
SECRET_FILE = "webhook_secret"
_MAX_BACKOFF_SEC = 3600.0


def ensure_webhook_secret(settings: Settings) -> str:
    """WEBHOOK_SECRET, else the one generated into DATA_DIR (created once, mode 0600, race-free)."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    path = Path(settings.data_dir) / SECRET_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write("whsec_" + base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
        try:
            os.link(tmp, path)  # fails if another process (API or worker) created it first: use theirs
            log.info("jobs.webhook.secret_generated", path=str(path))
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text().strip()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header value for one attempt."""
    mac = hmac.new(_key(secret), f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


# The egress rules belong to the media layer; these two functions are all the jobs engine uses of them.
def _policy(settings: Settings) -> Any:
    from media_service.media.service import egress_rules

    return egress_rules(settings)


def check_webhook_url(url: str, settings: Settings, *, field: str = "webhook_url") -> None:
    """Refuse (ValidationError) a receiver URL the egress guard would not let us call."""
    from media_service.media import validate_url

    validate_url(url, _policy(settings), field=field)


def webhook_client(settings: Settings) -> httpx.Client:
    """The HTTP client deliveries use: the media layer's guarded client (checks every resolved
    address, follows no redirects)."""
    from media_service.media import make_guarded_client

    return make_guarded_client(_policy(settings), timeout=settings.webhook_timeout_ms / 1000)


class WebhookDispatcher:
    """Drains the outbox: a polling thread hands due deliveries to a small pool of senders."""

    def __init__(self, settings: Settings, store: Any, *, senders: int = 8, poll_sec: float = 0.2) -> None:
        self.settings = settings
        self.store = store
        self._senders = senders
        self._poll = poll_sec
        self._stopping = threading.Event()
        self._free = threading.BoundedSemaphore(senders)
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._client: httpx.Client | None = None
        self._secret = ""

    def start(self) -> None:
        self._secret = ensure_webhook_secret(self.settings)
        self._client = webhook_client(self.settings)
        self._pool = ThreadPoolExecutor(self._senders, thread_name_prefix="webhooks")
        self._thread = threading.Thread(target=self._loop, name="webhooks-dispatch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._client is not None:
            self._client.close()

    def _loop(self) -> None:
        lock_sec = self.settings.webhook_timeout_ms / 1000 + 30
        while not self._stopping.wait(self._poll):
            free = 0
            while self._free.acquire(blocking=False):
                free += 1
            try:
                due = self.store.deliveries.claim_due(limit=free, lock_sec=lock_sec) if free else []
            except Exception:
                log.exception("jobs.webhook.loop_error")
                due = []
            for _ in range(free - len(due)):
                self._free.release()
            for delivery in due:
                assert self._pool is not None
                self._pool.submit(self._send, delivery)

    def _send(self, d: DueDelivery) -> None:
        try:
            self.deliver(d)
        except Exception:
            log.exception("jobs.webhook.send_error", job_id=d.job_id, delivery_id=d.id)
        finally:
            self._free.release()

    def deliver(self, d: DueDelivery) -> None:
        """One attempt of one delivery, recorded in its log."""
        assert self._client is not None
        ts = int(time.time())
        headers = {"content-type": "application/json", "user-agent": f"remotion-media-service/{__version__}",
                   "webhook-id": d.message_id, "webhook-timestamp": str(ts),
                   "webhook-signature": sign(self._secret, d.message_id, ts, d.body)}
        started = time.monotonic()
        status: int | None = None
        error: str | None = None
        final = False
        try:
            check_webhook_url(d.url, self.settings)
            status = self._client.post(d.url, content=d.body.encode(), headers=headers).status_code
        except ValidationError as exc:
            error, final = f"refused by the egress rules: {exc.message}", True
        except httpx.HTTPError as exc:  # the category only: socket errors would map the receiver's ports
            error = "timed out" if isinstance(exc, httpx.TimeoutException) else "connection refused or dropped"
        elapsed_ms = (time.monotonic() - started) * 1000
        attempt = d.attempts + 1
        if status is not None and 200 <= status < 300:
            outcome = "delivered"
        elif status == 410:
            outcome = "gone"
        elif final or attempt >= self.settings.webhook_max_attempts:
            outcome = "failed"
        else:
            outcome = "retry"
        delay = min(_MAX_BACKOFF_SEC, self.settings.webhook_backoff_ms / 1000 * 2 ** (attempt - 1))
        next_at = utcnow() + timedelta(seconds=delay * random.uniform(0.5, 1.0)) if outcome == "retry" else None
        self.store.deliveries.record_attempt(d.id, outcome=outcome, status_code=status, error=error,
                                             duration_ms=elapsed_ms, next_attempt_at=next_at)
        # `event_type`, not `event`: structlog's first argument is named `event`, so `event=` raised a TypeError
        # and every delivery line was lost.
        log.info(f"jobs.webhook.{outcome}", job_id=d.job_id, event_type=d.event_type, delivery_id=d.id, attempt=attempt,
                 status_code=status, error=error)
