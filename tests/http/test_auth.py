"""Authentication, scopes, rotation and expiry (PRD §11) through real HTTP to the app."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Depends, FastAPI, Request
from structlog.testing import capture_logs

from media_service.http.auth import authorize, hash_key
from media_service.http.envelope import success

READ, WRITE, ADMIN = "key-read", "key-write", "key-admin"


def add_routes(app: FastAPI) -> None:
    router = APIRouter(prefix="/api/v1/test", dependencies=[Depends(authorize)])

    @router.get("/thing")
    def read(request: Request) -> dict:
        return success(request, {"ok": True})

    @router.post("/thing")
    def write(request: Request) -> dict:
        return success(request, {"ok": True})

    @router.delete("/thing")
    def delete(request: Request) -> dict:
        return success(request, {"ok": True})

    app.include_router(router)


def keys_env(*entries: dict) -> dict[str, str]:
    return {"REMOTION_SERVICE_API_KEY": "", "REMOTION_SERVICE_API_KEYS": json.dumps(list(entries))}


def scoped_client(make_client):
    env = keys_env({"key": READ, "scopes": ["read"]},
                   {"key_sha256": hash_key(WRITE), "scopes": ["read", "write"]},
                   {"key": ADMIN, "scopes": ["read", "write", "admin"], "name": "ops"})
    return make_client(env, setup=add_routes, key=None)


def test_health_needs_no_key_everything_else_does(make_client):
    client = make_client(setup=add_routes, key=None)
    for path in ("/health", "/health/live", "/health/ready", "/api/v1/openapi.json", "/api/v1/docs"):
        assert client.get(path).status_code == 200, path  # documentation is public by default (DOCS_PUBLIC)
    for path in ("/api/v1/test/thing", "/api/v1/capabilities", "/metrics"):
        resp = client.get(path)
        assert resp.status_code == 401, path
        assert resp.json()["error"]["code"] == "AUTHENTICATION_ERROR"


def test_bearer_and_x_api_key_both_work_invalid_rejected(make_client):
    client = make_client(setup=add_routes, key=None)
    from tests.conftest import API_KEY

    assert client.get("/api/v1/test/thing", headers={"Authorization": f"Bearer {API_KEY}"}).status_code == 200
    assert client.get("/api/v1/test/thing", headers={"X-API-Key": API_KEY}).status_code == 200
    resp = client.get("/api/v1/test/thing", headers={"Authorization": "Bearer wrong"})
    assert resp.status_code == 401 and resp.json()["error"]["message"] == "Invalid API key"
    assert client.get("/api/v1/test/thing", headers={"Authorization": "Basic abc"}).status_code == 401


def test_scopes_map_to_methods(make_client):
    client = scoped_client(make_client)
    expected = {READ: (200, 403, 403), WRITE: (200, 200, 403), ADMIN: (200, 200, 200)}
    for key, (get, post, delete) in expected.items():
        h = {"X-API-Key": key}
        assert client.get("/api/v1/test/thing", headers=h).status_code == get
        assert client.post("/api/v1/test/thing", headers=h).status_code == post
        resp = client.delete("/api/v1/test/thing", headers=h)
        assert resp.status_code == delete
        if delete == 403:
            err = resp.json()["error"]
            assert err["code"] == "AUTHORIZATION_ERROR" and err["details"]["required_scope"] == "admin"


def test_rotation_two_keys_valid_at_once_then_old_removed(make_client):
    both = make_client(keys_env({"key": "old-key"}, {"key": "new-key"}), setup=add_routes, key=None)
    for key in ("old-key", "new-key"):
        assert both.get("/api/v1/test/thing", headers={"X-API-Key": key}).status_code == 200
    rotated = make_client(keys_env({"key": "new-key"}), setup=add_routes, key=None)
    assert rotated.get("/api/v1/test/thing", headers={"X-API-Key": "new-key"}).status_code == 200
    assert rotated.get("/api/v1/test/thing", headers={"X-API-Key": "old-key"}).status_code == 401


def test_expired_key_is_401(make_client):
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    client = make_client(keys_env({"key": "expired", "expires_at": past}, {"key": "fresh", "expires_at": future}),
                         setup=add_routes, key=None)
    resp = client.get("/api/v1/test/thing", headers={"X-API-Key": "expired"})
    assert resp.status_code == 401 and "expired" in resp.json()["error"]["message"]
    assert client.get("/api/v1/test/thing", headers={"X-API-Key": "fresh"}).status_code == 200


def test_keys_are_never_logged(make_client):
    client = scoped_client(make_client)
    with capture_logs() as logs:
        client.get("/api/v1/test/thing", headers={"X-API-Key": ADMIN})
        client.get("/api/v1/test/thing", headers={"Authorization": "Bearer not-a-key-xyz"})
    text = " ".join(str(r) for r in logs)
    assert "http.request" in text
    for secret in (ADMIN, "not-a-key-xyz", READ, WRITE):
        assert secret not in text
    assert "'key_id': 'ops'" in text  # the named key shows up by its name, not its value


def test_generated_key_file_is_private_and_reused(make_settings):
    from media_service.http.auth import ensure_local_key

    settings = make_settings({"REMOTION_SERVICE_API_KEY": ""})
    key, generated = ensure_local_key(settings)
    assert generated and key and key.startswith("rms_")
    path = settings.data_dir / "api_key"
    assert path.stat().st_mode & 0o777 == 0o600
    again, generated_again = ensure_local_key(settings)
    assert again == key and not generated_again


def test_non_loopback_host_without_key_refused(make_settings):
    import pytest

    from media_service.http.auth import ensure_local_key
    from media_service.settings import ConfigError

    with pytest.raises(ConfigError, match="REMOTION_SERVICE_HOST"):
        ensure_local_key(make_settings({"REMOTION_SERVICE_API_KEY": "", "REMOTION_SERVICE_HOST": "0.0.0.0"}))
    key, _ = ensure_local_key(make_settings({"REMOTION_SERVICE_HOST": "0.0.0.0"}))  # configured key: fine
    assert key is None
