"""Job events over Server-Sent Events and the WebSocket: order, ids, resuming, subscriptions, auth."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from media_service.jobs import Worker

from .conftest import post_job, wait_job

TERMINAL = {"job.completed", "job.failed", "job.cancelled", "job.timeout"}


def _parse_sse(lines: list[str]) -> list[dict[str, Any]]:
    events, current = [], {}
    for line in lines:
        if not line:
            if "data" in current:
                events.append(current)
            current = {}
        elif not line.startswith((":", "retry:")):
            name, _, value = line.partition(": ")
            current[name] = value
    return [{"id": int(e["id"]), "event": e["event"], **json.loads(e["data"])} for e in events]


def _read_sse(client: TestClient, job_id: str, headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    with client.stream("GET", f"/api/v1/jobs/{job_id}/events", headers=headers or {}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        return _parse_sse(list(r.iter_lines()))


def test_sse_streams_a_job_live_in_order(jobs_client: Callable[..., TestClient],
                                         start_worker: Callable[..., Worker]) -> None:
    client = jobs_client({"JOB_PROGRESS_INTERVAL_MS": "0"})
    job_id = post_job(client, "sleep", {"seconds": 0.2, "steps": 4})
    with client.stream("GET", f"/api/v1/jobs/{job_id}/events") as r:
        lines = r.iter_lines()
        first: list[str] = []
        while not first or first[-1] != "":  # the queued event arrives before any worker exists
            line = next(lines)
            if not line.startswith("retry:") and (line or first):
                first.append(line)
        start_worker(client)
        events = _parse_sse([*first, *lines])
    types = [e["event"] for e in events]
    assert types == ["job.queued", "job.started", "job.progress", "job.progress", "job.progress", "job.progress",
                     "job.log", "job.completed"]
    ids = [e["id"] for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [e["data"]["progress"] for e in events if e["event"] == "job.progress"] == [0.25, 0.5, 0.75, 1.0]
    assert events[-1]["data"]["result"] == {"slept": 0.2, "attempt": 1} and events[-1]["job_id"] == job_id


def test_sse_resumes_after_last_event_id(jobs_client: Callable[..., TestClient],
                                         start_worker: Callable[..., Worker]) -> None:
    client = jobs_client()
    start_worker(client)
    job_id = post_job(client, "sleep", {"seconds": 0.05, "steps": 1})
    wait_job(client, job_id)
    everything = _read_sse(client, job_id)
    assert everything[-1]["event"] == "job.completed"
    middle = everything[1]["id"]
    rest = _read_sse(client, job_id, {"Last-Event-ID": str(middle)})
    assert [e["id"] for e in rest] == [e["id"] for e in everything[2:]]
    assert _read_sse(client, job_id, {"Last-Event-ID": str(everything[-1]["id"])}) == []  # ends, does not hang
    assert client.get("/api/v1/jobs/job_nope/events").status_code == 404


def _collect(ws: Any, until_done: set[str]) -> list[dict[str, Any]]:
    """Events until each job in `until_done` had its terminal event (control messages dropped)."""
    got = []
    while until_done:
        message = ws.receive_json()
        if message.get("type", "").startswith("job."):
            got.append(message)
            if message["type"] in TERMINAL:
                until_done.discard(message["job_id"])
    return got


def test_websocket_one_several_and_all(jobs_client: Callable[..., TestClient],
                                       start_worker: Callable[..., Worker]) -> None:
    client = jobs_client()
    a, b, c = (post_job(client, "sleep", {"seconds": 0.05, "steps": 1}) for _ in range(3))
    with client.websocket_connect(f"/api/v1/events?job_id={a}") as one, \
            client.websocket_connect("/api/v1/events?all=true") as every:
        assert one.receive_json() == {"type": "subscribed", "job_ids": [a], "all": False}
        assert every.receive_json() == {"type": "subscribed", "job_ids": [], "all": True}
        one.send_json({"action": "subscribe", "job_ids": [b]})
        start_worker(client)
        several = _collect(one, {a, b})
        everything = _collect(every, {a, b, c})
    assert {e["job_id"] for e in several} == {a, b}
    for job in (a, b):
        mine = [e for e in several if e["job_id"] == job]
        assert mine[0]["type"] == "job.queued" and mine[-1]["type"] == "job.completed"  # history replayed
        assert [e["id"] for e in mine] == sorted({e["id"] for e in mine})  # in order, no duplicates
    assert {e["job_id"] for e in everything} == {a, b, c}
    assert "job.queued" not in {e["type"] for e in everything}  # `all` starts at the newest event
    live = [e["id"] for e in everything]
    assert live == sorted(live)


def test_websocket_resume_and_auth(jobs_client: Callable[..., TestClient],
                                   start_worker: Callable[..., Worker]) -> None:
    client = jobs_client()
    start_worker(client)
    job_id = post_job(client, "sleep", {"seconds": 0.05, "steps": 1})
    wait_job(client, job_id)
    history = _read_sse(client, job_id)
    resume_from = history[1]["id"]
    bare = TestClient(client.app)
    with bare.websocket_connect(f"/api/v1/events?job_id={job_id}&last_event_id={resume_from}",
                                subprotocols=["events.v1", f"bearer.{client.headers['X-API-Key']}"]) as ws:
        ws.receive_json()
        rest = _collect(ws, {job_id})
    assert [e["id"] for e in rest] == [e["id"] for e in history[2:]]
    with pytest.raises(WebSocketDisconnect) as refused, bare.websocket_connect("/api/v1/events?all=true") as ws:
        ws.send_json({"action": "subscribe", "all": True})  # no key given: the first message must carry one
        ws.receive_json()
    assert refused.value.code == 1008
    with client.websocket_connect("/api/v1/events") as ws:
        ws.receive_json()
        ws.send_text("hello")
        assert ws.receive_json()["type"] == "error"
        ws.send_json({"action": "subscribe", "job_ids": "x"})
        assert ws.receive_json() == {"type": "error", "message": "job_ids must be a list of job ids"}
