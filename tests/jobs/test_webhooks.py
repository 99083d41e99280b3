"""Webhooks against a receiver on 127.0.0.1 that verifies each request with the independent
`standardwebhooks` package: signing, retries after failures, 410, filters, the delivery log, redelivery."""

from __future__ import annotations

import io
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import structlog
from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from media_service.jobs import Worker

from .conftest import post_job, wait_for, wait_job


@dataclass
class Receiver:
    """Answers with `statuses` in turn (then 200) and records what it got."""

    statuses: list[int] = field(default_factory=list)
    secret: str | None = None
    received: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def verified(self, job_id: str | None = None) -> list[dict[str, Any]]:
        return [r for r in self.received if r["verified"] and (job_id is None or r["payload"]["data"]["id"] == job_id)]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                payload, verified = Webhook(rec.secret or "").verify(body, headers), True
            except (WebhookVerificationError, ValueError, RuntimeError):
                payload, verified = None, False
            rec.received.append({"headers": headers, "payload": payload, "verified": verified, "at": time.time()})
            status = rec.statuses.pop(0) if rec.statuses else 200
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    rec.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield rec
    server.shutdown()


def _setup(jobs_client: Callable[..., TestClient], start_worker: Callable[..., Worker], receiver: Receiver,
           env: dict[str, str] | None = None) -> TestClient:
    client = jobs_client(env)
    start_worker(client)  # the worker generates DATA_DIR/webhook_secret when WEBHOOK_SECRET is unset
    settings = client.app.state.web.settings  # type: ignore[attr-defined]
    receiver.secret = (settings.webhook_secret.get_secret_value() if settings.webhook_secret
                       else (Path(settings.data_dir) / "webhook_secret").read_text().strip())
    return client


def _deliveries(client: TestClient, job_id: str) -> list[dict[str, Any]]:
    return list(client.get(f"/api/v1/jobs/{job_id}/webhooks").json()["data"]["deliveries"])


def test_completed_job_is_posted_signed(jobs_client: Callable[..., TestClient], start_worker: Callable[..., Worker],
                                        receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    log = io.StringIO()  # the service's JSON log lines, as an operator reads them
    monkeypatch.setattr(structlog.get_config()["logger_factory"], "_file", log)
    client = _setup(jobs_client, start_worker, receiver)
    assert receiver.secret and receiver.secret.startswith("whsec_")
    job_id = post_job(client, "echo", {"value": "hook", "webhook_url": receiver.url})
    wait_for(lambda: len(receiver.received) == 1, what="the webhook")
    got = receiver.received[0]
    assert got["verified"], "standardwebhooks rejected the signature"
    assert got["headers"]["webhook-signature"].startswith("v1,") and got["headers"]["webhook-id"].startswith("msg_")
    assert got["payload"]["type"] == "job.completed"
    assert got["payload"]["data"]["id"] == job_id and got["payload"]["data"]["result"] == {"echo": "hook"}
    wait_for(lambda: _deliveries(client, job_id)[0]["status"] == "delivered", what="the delivery log")
    [delivery] = _deliveries(client, job_id)
    assert delivery["event_type"] == "job.completed" and delivery["attempts"] == 1
    assert delivery["attempt_log"][0]["status_code"] == 200
    # Issue #11 item 7: the delivery is logged (it used to raise a TypeError inside the log call).
    err = log.getvalue()
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{") and "jobs.webhook." in line]
    delivered = [e for e in lines if e.get("event") == "jobs.webhook.delivered"]
    assert delivered and delivered[0]["job_id"] == job_id and delivered[0]["event_type"] == "job.completed", lines
    assert "TypeError" not in err


def test_failed_deliveries_are_retried_with_backoff(jobs_client: Callable[..., TestClient],
                                                    start_worker: Callable[..., Worker], receiver: Receiver) -> None:
    client = _setup(jobs_client, start_worker, receiver,
                    {"WEBHOOK_SECRET": "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "WEBHOOK_BACKOFF_MS": "200"})
    receiver.statuses = [500, 503]
    job_id = post_job(client, "echo", {"webhook_url": receiver.url})
    wait_for(lambda: any(d["status"] == "delivered" for d in _deliveries(client, job_id)), what="delivery")
    [delivery] = _deliveries(client, job_id)
    assert [a["status_code"] for a in delivery["attempt_log"]] == [500, 503, 200] and delivery["attempts"] == 3
    assert all(r["verified"] for r in receiver.received)
    assert len({r["headers"]["webhook-id"] for r in receiver.received}) == 1  # one message, three attempts
    gaps = [b["at"] - a["at"] for a, b in itertools.pairwise(receiver.received)]
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2  # 200 ms, then 400 ms, each at least half with jitter


def test_410_stops_and_attempts_are_bounded(jobs_client: Callable[..., TestClient],
                                            start_worker: Callable[..., Worker], receiver: Receiver) -> None:
    client = _setup(jobs_client, start_worker, receiver, {"WEBHOOK_MAX_ATTEMPTS": "2", "WEBHOOK_BACKOFF_MS": "50"})
    receiver.statuses = [410]
    gone = post_job(client, "echo", {"webhook_url": receiver.url})
    wait_for(lambda: _deliveries(client, gone) and _deliveries(client, gone)[0]["status"] == "gone", what="410")
    receiver.statuses = [500] * 10
    failing = post_job(client, "echo", {"webhook_url": receiver.url})
    wait_for(lambda: _deliveries(client, failing) and _deliveries(client, failing)[0]["status"] == "failed",
             what="giving up")
    time.sleep(0.3)
    assert len(receiver.verified(gone)) == 1 and len(receiver.verified(failing)) == 2
    assert _deliveries(client, failing)[0]["next_attempt_at"] is None


def test_event_filter_progress_and_redelivery(jobs_client: Callable[..., TestClient],
                                              start_worker: Callable[..., Worker], receiver: Receiver) -> None:
    client = _setup(jobs_client, start_worker, receiver, {"JOB_PROGRESS_INTERVAL_MS": "0"})
    progress = post_job(client, "sleep", {"seconds": 0.1, "steps": 2, "webhook_url": receiver.url,
                                          "webhook_progress": True})
    started_only = post_job(client, "sleep", {"seconds": 0.05, "steps": 1, "webhook_url": receiver.url,
                                              "webhook_events": ["job.started"]})
    wait_job(client, progress)
    wait_job(client, started_only)
    wait_for(lambda: len(receiver.verified(progress)) == 3 and len(receiver.verified(started_only)) == 1,
             what="filtered deliveries")
    assert sorted(r["payload"]["type"] for r in receiver.verified(progress)) == [
        "job.completed", "job.progress", "job.progress"]
    assert [r["payload"]["type"] for r in receiver.verified(started_only)] == ["job.started"]
    first_id = receiver.verified(started_only)[0]["headers"]["webhook-id"]
    r = client.post(f"/api/v1/jobs/{started_only}/webhooks/redeliver")
    assert r.status_code == 202 and r.json()["data"]["manual"] is True
    wait_for(lambda: len(receiver.verified(started_only)) == 2, what="the redelivery")
    assert receiver.verified(started_only)[1]["headers"]["webhook-id"] == first_id
    plain = post_job(client, "echo")
    assert client.post(f"/api/v1/jobs/{plain}/webhooks/redeliver").status_code == 409
