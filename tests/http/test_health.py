"""Health probes: liveness, readiness with one entry per dependency, 503 when a required one is down."""

from __future__ import annotations

import shutil


def test_health_and_live(make_client):
    client = make_client(key=None)
    body = client.get("/health").json()
    assert body["status"] == "healthy" and body["version"] and body["uptime"] >= 0
    assert client.get("/health/live").json() == {"status": "alive"}


def test_ready_lists_dependencies_and_providers(make_client):
    client = make_client({"OPENAI_API_KEY": "sk-test"}, key=None)
    resp = client.get("/health/ready")
    assert resp.status_code == 200
    deps = resp.json()["dependencies"]
    assert deps["storage"]["status"] == "ok" and deps["media_libraries"]["status"] == "ok"
    assert deps["provider:openai"]["status"] == "ok" and deps["provider:openai"]["required"] is False
    assert deps["provider:elevenlabs"]["status"] == "not_configured"
    assert "sk-test" not in resp.text


def test_ready_is_503_when_storage_is_gone(make_client, make_settings):
    client = make_client(key=None)
    shutil.rmtree(make_settings().output_dir)
    resp = client.get("/health/ready")
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "not_ready" and body["dependencies"]["storage"]["status"] == "down"
