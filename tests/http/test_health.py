"""Health probes: liveness, readiness with one entry per dependency, 503 when a required one is down."""

from __future__ import annotations

import shutil

from tests.conftest import API_KEY


def test_health_and_live(make_client):
    client = make_client(key=None)
    body = client.get("/health").json()
    assert body["status"] == "healthy" and body["version"] and body["uptime"] >= 0
    assert client.get("/health/live").json() == {"status": "alive"}


def test_ready_lists_dependencies_and_providers(make_client):
    client = make_client({"OPENAI_API_KEY": "sk-test"})
    resp = client.get("/health/ready")
    assert resp.status_code == 200
    deps = resp.json()["dependencies"]
    assert deps["storage"]["status"] == "ok" and deps["media_libraries"]["status"] == "ok"
    assert deps["provider:openai"]["status"] == "ok" and deps["provider:openai"]["required"] is False
    assert deps["provider:elevenlabs"]["status"] == "not_configured"
    assert "sk-test" not in resp.text
    unset = {name: dep for name, dep in deps.items() if dep["status"] == "not_configured"}
    assert deps["provider:pexels"]["detail"] == "set PEXELS_API_KEY"
    assert all((dep.get("detail") or "").startswith("set ") for dep in unset.values()), unset  # what to set


def test_ready_is_503_when_storage_is_gone(make_client, make_settings):
    client = make_client(key=None)
    shutil.rmtree(make_settings().output_dir)
    resp = client.get("/health/ready", headers={"X-API-Key": API_KEY})
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "not_ready" and body["dependencies"]["storage"]["status"] == "down"
    assert client.get("/health/ready").json() == {"status": "not_ready"}


def test_ready_without_a_read_key_answers_status_only(make_client):
    """Issue #11 item 4: no versions, no providers for anyone without a read key."""
    keys = '[{"key": "writer-only-key", "scopes": ["write"]}, {"key": "reader-key", "scopes": ["read"]}]'
    client = make_client({"OPENAI_API_KEY": "sk-test", "REMOTION_SERVICE_API_KEYS": keys}, key=None)
    for headers in ({}, {"X-API-Key": "wrong"}, {"X-API-Key": "writer-only-key"}):
        resp = client.get("/health/ready", headers=headers)
        assert resp.status_code == 200 and resp.json() == {"status": "ready"}, headers
        assert "skia" not in resp.text and "openai" not in resp.text
    detailed = client.get("/health/ready", headers={"Authorization": "Bearer reader-key"}).json()
    assert "skia" in detailed["dependencies"]["media_libraries"]["detail"]
