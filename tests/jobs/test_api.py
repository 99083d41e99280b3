"""The jobs API without workers: submission contract, idempotency, dry run, listing, cancel of queued jobs."""

from __future__ import annotations

import json
from collections.abc import Callable

from fastapi.testclient import TestClient

from .conftest import get_job, post_job

KEYS = json.dumps([
    {"key": "writer-a", "scopes": ["read", "write"], "name": "writer-a"},
    {"key": "writer-b", "scopes": ["read", "write"], "name": "writer-b"},
    {"key": "reader", "scopes": ["read"], "name": "reader"},
])


def test_submit_answers_202_with_the_prd_body(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client()
    r = client.post("/api/v1/test/echo", json={"value": "x", "priority": "high", "webhook_url": "http://127.0.0.1:9/h"})
    assert r.status_code == 202
    data = r.json()["data"]
    assert set(data) == {"job_id", "status", "estimated_duration_sec", "poll_url", "webhook_registered"}
    assert data["status"] == "queued" and data["webhook_registered"] is True
    assert data["poll_url"] == f"/api/v1/jobs/{data['job_id']}" == r.headers["location"]
    job = get_job(client, data["job_id"])
    assert job["type"] == "test.echo" and job["priority"] == "high" and job["queue"] == "io"
    assert job["input"]["value"] == "x" and job["max_retries"] == 3 and job["retries"] == 0
    assert job["timeout_sec"] == 1800 and job["created_by"] and job["logs"] == []


def test_timeout_is_capped_and_bad_options_are_400(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client({"JOB_QUEUE_MAX_TIMEOUT_MS": "60000"})
    job = get_job(client, post_job(client, "echo", {"timeout_sec": 3600, "max_retries": 0}))
    assert job["timeout_sec"] == 60 and job["max_retries"] == 0
    r = client.post("/api/v1/test/echo", json={"priority": "asap", "timeout_sec": -1})
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["error"]["details"]["errors"]}
    assert fields == {"priority", "timeout_sec"}


def test_webhook_url_passes_the_egress_rules(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client()
    for url in ("http://169.254.169.254/latest", "ftp://127.0.0.1/x", "http://user:pw@127.0.0.1/"):
        r = client.post("/api/v1/test/echo", json={"webhook_url": url})
        assert r.status_code == 400, url
        assert r.json()["error"]["details"]["errors"][0]["field"] == "webhook_url"
    assert client.get("/api/v1/jobs").json()["data"]["jobs"] == []


def test_dry_run_validates_and_estimates_without_a_job(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client()
    r = client.post("/api/v1/test/strict_echo", json={"value": "  padded  ", "dry_run": True, "timeout_sec": 5})
    assert r.status_code == 200
    data = r.json()["data"]
    assert data["dry_run"] is True and data["type"] == "test.strict_echo" and data["queue"] == "io"
    assert data["request"]["value"] == "padded" and data["estimated_duration_sec"] == 0.6
    assert data["timeout_sec"] == 5
    bad = client.post("/api/v1/test/strict_echo", json={"value": "  ", "dry_run": True})
    assert bad.status_code == 400 and bad.json()["error"]["details"]["errors"][0]["field"] == "value"
    assert client.get("/api/v1/jobs").json()["data"]["jobs"] == []
    # the same check runs on a real submission, and the normalised request is what is stored
    job = get_job(client, post_job(client, "strict_echo", {"value": " ok "}))
    assert job["input"]["value"] == "ok"


def test_idempotency_key_replays_the_same_job(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client()
    body = {"value": "once", "priority": "low"}
    first = client.post("/api/v1/test/echo", json=body, headers={"Idempotency-Key": "k-1"})
    again = client.post("/api/v1/test/echo", json=dict(reversed(list(body.items()))), headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 202
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["data"]["job_id"] == first.json()["data"]["job_id"]
    other = client.post("/api/v1/test/echo", json={"value": "twice"}, headers={"Idempotency-Key": "k-1"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "CONFLICT"
    fresh = client.post("/api/v1/test/echo", json=body, headers={"Idempotency-Key": "k-2"})
    assert fresh.json()["data"]["job_id"] != first.json()["data"]["job_id"]
    assert len(client.get("/api/v1/jobs").json()["data"]["jobs"]) == 2


def test_list_filters_and_paginates_newest_first(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client()
    ids = [post_job(client, "echo", {"priority": "low" if i % 2 else "normal"}) for i in range(5)]
    cancelled = post_job(client, "sleep")
    assert client.delete(f"/api/v1/jobs/{cancelled}").status_code == 200
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/jobs", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()["data"]
        seen += [j["id"] for j in page["jobs"]]
        cursor = page["next_cursor"]
        assert page["has_more"] is (cursor is not None)
        if not cursor:
            break
    assert seen == [cancelled, *reversed(ids)]
    low = client.get("/api/v1/jobs", params={"priority": "low"}).json()["data"]["jobs"]
    assert [j["id"] for j in low] == [ids[3], ids[1]]
    by_status = client.get("/api/v1/jobs", params={"status": "cancelled,failed"}).json()["data"]["jobs"]
    assert [j["id"] for j in by_status] == [cancelled]
    by_type = client.get("/api/v1/jobs", params={"type": "test.sleep"}).json()["data"]["jobs"]
    assert [j["id"] for j in by_type] == [cancelled]
    created = get_job(client, ids[2])["created_at"]
    after = client.get("/api/v1/jobs", params={"created_after": created}).json()["data"]["jobs"]
    assert [j["id"] for j in after] == [cancelled, ids[4], ids[3]]
    before = client.get("/api/v1/jobs", params={"created_before": created}).json()["data"]["jobs"]
    assert [j["id"] for j in before] == [ids[1], ids[0]]
    assert client.get("/api/v1/jobs", params={"status": "done"}).status_code == 400
    assert client.get("/api/v1/jobs", params={"cursor": "nonsense"}).status_code == 400


def test_cancel_queued_job_at_once_then_409(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client()
    job_id = post_job(client, "sleep")
    r = client.delete(f"/api/v1/jobs/{job_id}")
    assert r.status_code == 200 and r.json()["data"]["status"] == "cancelled"
    again = client.delete(f"/api/v1/jobs/{job_id}")
    assert again.status_code == 409
    assert "already ended (cancelled)" in again.json()["error"]["message"]
    result = client.get(f"/api/v1/jobs/{job_id}/result")
    assert result.status_code == 409 and result.json()["error"]["details"]["status"] == "cancelled"
    assert client.get("/api/v1/jobs/job_missing").status_code == 404
    assert client.delete("/api/v1/jobs/job_missing").status_code == 404


def test_result_is_409_until_completed(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client()
    job_id = post_job(client, "echo")
    r = client.get(f"/api/v1/jobs/{job_id}/result")
    assert r.status_code == 409 and "queued" in r.json()["error"]["message"]


def test_cancel_needs_admin_or_the_creating_key(jobs_client: Callable[..., TestClient]) -> None:
    admin = jobs_client({"REMOTION_SERVICE_API_KEYS": KEYS, "REMOTION_SERVICE_API_KEY": "admin-key"}, key="admin-key")
    a, b, reader = (TestClient(admin.app, headers={"X-API-Key": k}) for k in ("writer-a", "writer-b", "reader"))
    mine = post_job(a, "sleep")
    assert get_job(a, mine)["created_by"] == "writer-a"
    denied = b.delete(f"/api/v1/jobs/{mine}")
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "AUTHORIZATION_ERROR"
    assert reader.delete(f"/api/v1/jobs/{mine}").status_code == 403
    assert reader.post("/api/v1/test/sleep", json={}).status_code == 403
    assert a.delete(f"/api/v1/jobs/{mine}").status_code == 200
    theirs = post_job(b, "sleep")
    assert admin.delete(f"/api/v1/jobs/{theirs}").status_code == 200
    caps = admin.get("/api/v1/capabilities").json()["data"]["endpoints"]
    scope = {(e["method"], e["path"]): e["scope"] for e in caps}
    assert scope[("DELETE", "/api/v1/jobs/{job_id}")] == "admin"
    assert scope[("POST", "/api/v1/test/sleep")] == "write"


def test_health_and_metrics_include_the_job_engine(jobs_client: Callable[..., TestClient]) -> None:
    client = jobs_client()
    post_job(client, "echo")
    post_job(client, "cpu_sleep")
    deps = client.get("/health/ready").json()["dependencies"]
    assert deps["database"]["status"] == deps["queue"]["status"] == "ok"
    assert deps["workers"]["status"] == "down" and deps["workers"]["required"] is False
    text = client.get("/metrics").text
    assert 'remotion_jobs_total{status="queued",type="test.echo"} 1.0' in text
    assert 'remotion_queue_depth{queue="cpu"} 1.0' in text and 'remotion_queue_depth{queue="io"} 1.0' in text
    assert "remotion_jobs_active" in text and "remotion_job_duration_seconds" in text


def test_openapi_documents_job_routes(jobs_client: Callable[..., TestClient]) -> None:
    spec = jobs_client().get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/test/echo"]["post"]
    assert "202" in post["responses"] and post["requestBody"]["content"]["application/json"]["schema"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    for path in ("/api/v1/jobs", "/api/v1/jobs/{job_id}", "/api/v1/jobs/{job_id}/result", "/api/v1/jobs/{job_id}/logs",
                 "/api/v1/jobs/{job_id}/events", "/api/v1/jobs/{job_id}/webhooks",
                 "/api/v1/jobs/{job_id}/webhooks/redeliver"):
        assert path in spec["paths"], path


def test_capabilities_report_job_type_availability(make_client):
    from media_service.jobs.registry import registry

    client = make_client()
    jt = registry.get("audio.mix")
    original = jt.available
    object.__setattr__(jt, "available", lambda settings: (False, "needs ELEVENLABS_API_KEY"))
    try:
        entries = client.get("/api/v1/capabilities").json()["data"]["endpoints"]
    finally:
        object.__setattr__(jt, "available", original)
    by_path = {(e["method"], e["path"]): e for e in entries}
    assert by_path[("POST", "/api/v1/audio/mix")] == {**by_path[("POST", "/api/v1/audio/mix")],
                                                      "available": False, "reason": "needs ELEVENLABS_API_KEY"}
    assert by_path[("POST", "/api/v1/render/static-ad")]["available"] is True


def test_list_gives_summaries_and_include_adds_input_and_result(jobs_client: Callable[..., TestClient]) -> None:
    # #11 item 5: a listing does not return every job's input and result unless asked, and then boundedly.
    client = jobs_client()
    job_id = post_job(client, "echo", {"value": "x" * 5000})
    summary = client.get("/api/v1/jobs").json()["data"]["jobs"][0]
    assert summary["id"] == job_id and summary["input"] is None and summary["result"] is None
    assert summary["status"] == "queued" and summary["type"] == "test.echo" and summary["logs"] is None
    full = client.get("/api/v1/jobs", params={"include": "input,result"}).json()["data"]["jobs"][0]
    assert full["input"]["value"] == "x" * 5000 and full["result"] is None
    only_input = client.get("/api/v1/jobs", params={"include": "input"}).json()["data"]["jobs"][0]
    assert only_input["input"] == full["input"]
    bad = client.get("/api/v1/jobs", params={"include": "logs"})
    assert bad.status_code == 400 and bad.json()["error"]["details"]["errors"][0]["field"] == "include"
    too_many = client.get("/api/v1/jobs", params={"include": "input", "limit": 50})
    assert too_many.status_code == 400 and too_many.json()["error"]["details"]["errors"][0]["field"] == "limit"
