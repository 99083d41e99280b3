"""POST /render/batch through real workers: every video gets its job, at most `max_concurrent` run at once,
a video that cannot fetch its picture fails alone, GET /render/batch/:id aggregates, and one signed
`batch.completed` webhook (verified with `standardwebhooks`) arrives on a loopback receiver."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from brief_api import BriefApi
from standardwebhooks.webhooks import Webhook

from tests.conftest import free_port

SECRET = "whsec_" + base64.b64encode(b"brief-batch-test-secret-32bytes!").decode()


class Receiver:
    """A loopback webhook receiver that keeps what `standardwebhooks` verified."""

    def __init__(self) -> None:
        self.verified: list[dict[str, Any]] = []
        self.rejected = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    receiver.verified.append(Webhook(SECRET).verify(body, headers))
                except Exception:  # noqa: BLE001 - any failure to verify is counted, the test asserts on it
                    receiver.rejected += 1
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/batch-hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    yield rec
    rec.server.shutdown()


def _video(title: str, **extra: Any) -> dict[str, Any]:
    return {"format": "shorts_v1", "title": title, "topics": [f"{title}: in two words"], "duration_per_topic": 2,
            "fps": 24, "resolution": {"width": 180, "height": 320}, **extra}


def _wait_batch(api: BriefApi, batch_id: str, timeout: float = 150.0) -> dict[str, Any]:
    until = time.monotonic() + timeout
    while True:
        view = api.client.get(f"/api/v1/render/batch/{batch_id}").json()["data"]
        if view["status"] not in ("queued", "processing") or time.monotonic() > until:
            return dict(view)
        time.sleep(0.2)


def _interval(job: dict[str, Any]) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(job["started_at"]), datetime.fromisoformat(job["completed_at"])


def test_a_batch_renders_its_videos_one_failure_aside(brief_api: Callable[..., BriefApi],
                                                        receiver: Receiver) -> None:
    api = brief_api({"WEBHOOK_SECRET": SECRET, "EGRESS_ALLOW_HOSTS": "127.0.0.1"})  # receiver and origin are local
    closed = f"http://127.0.0.1:{free_port()}/missing.png"  # nothing listens there: the fetch fails
    body = {"videos": [_video("first"), _video("broken", images=[closed]), _video("third")],
            "quality": "preview", "max_concurrent": 1, "max_retries": 0, "webhook_url": receiver.url}
    r = api.post("batch", body)
    assert r.status_code == 202, r.text
    accepted = r.json()["data"]
    assert accepted["total"] == 3 and accepted["webhook_registered"]
    assert r.headers["location"] == accepted["poll_url"]

    view = _wait_batch(api, accepted["batch_id"])
    assert view["status"] == "partial", view
    assert view["counts"] == {"completed": 2, "failed": 1} and view["progress"] == 1.0
    by_title = {v["title"]: v for v in view["videos"]}
    assert by_title["broken"]["status"] == "failed" and "images[0]" in by_title["broken"]["error"]["message"]
    for title in ("first", "third"):
        assert by_title[title]["status"] == "completed" and by_title[title]["video_url"]

    jobs = [api.job(v["job_id"]) for v in view["videos"]]
    assert {j["type"] for j in jobs} == {"render.batch-item"}
    spans = sorted(_interval(j) for j in jobs)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start >= end, "max_concurrent=1 but two videos of the batch ran at once"
    coordinator = api.wait(accepted["job_id"])
    assert coordinator["status"] == "completed" and coordinator["result"]["status"] == "partial"

    until = time.monotonic() + 20
    while not receiver.verified and time.monotonic() < until:
        time.sleep(0.1)
    assert receiver.rejected == 0 and len(receiver.verified) == 1
    [hook] = receiver.verified
    assert hook["type"] == "batch.completed" and hook["data"]["batch_id"] == accepted["batch_id"]
    assert hook["data"]["counts"] == {"completed": 2, "failed": 1}


def test_unknown_batch_is_404(brief_api_only: BriefApi) -> None:
    r = brief_api_only.client.get("/api/v1/render/batch/bat_nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"


def test_cancelling_the_batch_job_stops_its_videos(brief_api: Callable[..., BriefApi]) -> None:
    api = brief_api()
    videos = [_video(f"v{i}", duration_per_topic=20) for i in range(3)]
    accepted = api.post("batch", {"videos": videos, "quality": "preview", "max_concurrent": 1}).json()["data"]
    until = time.monotonic() + 30
    while not any(v["job_id"] for v in api.client.get(f"/api/v1/render/batch/{accepted['batch_id']}")
                  .json()["data"]["videos"]) and time.monotonic() < until:
        time.sleep(0.05)
    assert api.client.delete(f"/api/v1/jobs/{accepted['job_id']}").status_code in (200, 202)
    assert api.wait(accepted["job_id"])["status"] == "cancelled"
    view = _wait_batch(api, accepted["batch_id"], timeout=30)
    assert view["status"] == "cancelled", view
    first, *rest = view["videos"]
    assert api.wait(first["job_id"])["status"] in ("cancelled", "completed")  # asked to stop, it does
    assert all(v["status"] == "cancelled" and v["job_id"] is None for v in rest)  # never started
