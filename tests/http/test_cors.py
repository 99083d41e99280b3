"""CORS per CORS_ENABLED/CORS_ORIGINS, including port wildcards."""

from __future__ import annotations


def preflight(client, origin: str):
    return client.options("/api/v1/capabilities", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,idempotency-key"})


def test_port_wildcard_origins_allowed_without_a_key(make_client):
    client = make_client(key=None)
    for origin in ("http://localhost:5173", "http://127.0.0.1:8080"):
        resp = preflight(client, origin)
        assert resp.status_code == 200
        assert resp.headers["access-control-allow-origin"] == origin
        assert "idempotency-key" in resp.headers["access-control-allow-headers"].lower()


def test_other_origins_refused(make_client):
    client = make_client(key=None)
    for origin in ("http://evil.example", "http://localhost.evil.example:80", "https://localhost:5173"):
        resp = preflight(client, origin)
        assert resp.status_code == 400
        assert "access-control-allow-origin" not in resp.headers


def test_simple_request_gets_allow_origin_and_exposed_headers(make_client):
    client = make_client()
    resp = client.get("/api/v1/capabilities", headers={"Origin": "http://localhost:3000"})
    assert resp.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "x-request-id" in resp.headers["access-control-expose-headers"].lower()


def test_cors_disabled(make_client):
    client = make_client({"CORS_ENABLED": "false"}, key=None)
    resp = preflight(client, "http://localhost:5173")
    assert "access-control-allow-origin" not in resp.headers
