"""Per-key rate limits: 429 RATE_LIMIT_EXCEEDED with Retry-After and RateLimit-* headers."""

from __future__ import annotations

import json
import time

ENV = {"RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_BURST_SIZE": "3", "RATE_LIMIT_REQUESTS_PER_MINUTE": "5",
       "RATE_LIMIT_REQUESTS_PER_HOUR": "100", "REMOTION_SERVICE_API_KEY": "",
       "REMOTION_SERVICE_API_KEYS": json.dumps([{"key": "a"}, {"key": "b"}])}


def limited_client(make_client):
    client = make_client(ENV, key=None)
    client.app.openapi()  # built once on first use (about a second): keep it out of the timed windows
    return client


def test_burst_then_429_with_retry_after(make_client):
    client = limited_client(make_client)
    h = {"X-API-Key": "a"}
    oks = [client.get("/api/v1/capabilities", headers=h) for _ in range(3)]
    assert [r.status_code for r in oks] == [200, 200, 200]
    assert oks[0].headers["RateLimit-Limit"] == "5"
    assert [int(r.headers["RateLimit-Remaining"]) for r in oks] == [2, 1, 0]  # tightest window: the 3/s burst
    refused = client.get("/api/v1/capabilities", headers=h)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert 1 <= int(refused.headers["Retry-After"]) <= 2
    assert refused.headers["RateLimit-Remaining"] == "0"
    # Another key has its own budget; health probes are never limited.
    assert client.get("/api/v1/capabilities", headers={"X-API-Key": "b"}).status_code == 200
    assert client.get("/health").status_code == 200


def test_minute_window_reports_its_reset(make_client):
    client = limited_client(make_client)
    h = {"X-API-Key": "a"}
    statuses = []
    for _ in range(6):
        statuses.append(client.get("/api/v1/capabilities", headers=h))
        time.sleep(0.4)  # stay under the 3/s burst so the per-minute window binds
    assert [r.status_code for r in statuses] == [200] * 5 + [429]
    assert statuses[-1].json()["error"]["details"]["window"] == "minute"
    assert 55 <= int(statuses[-1].headers["Retry-After"]) <= 60
