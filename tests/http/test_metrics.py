"""Prometheus metrics with the PRD names; endpoint labels are route templates."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI, Request
from prometheus_client.parser import text_string_to_metric_families

from media_service.http.auth import authorize
from media_service.http.envelope import success


def add_routes(app: FastAPI) -> None:
    router = APIRouter(prefix="/api/v1/test", dependencies=[Depends(authorize)])

    @router.get("/items/{item_id}")
    def get(item_id: int, request: Request) -> dict:
        return success(request, {"id": item_id})

    app.include_router(router)


def scrape(client) -> dict:
    resp = client.get("/metrics")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")
    return {f.name: f for f in text_string_to_metric_families(resp.text)}


def test_request_metrics_use_route_templates(make_client):
    client = make_client(setup=add_routes)
    for i in range(3):
        client.get(f"/api/v1/test/items/{i}")
    client.get("/api/v1/no/such/path/123")
    client.get("/health")
    families = scrape(client)
    samples = [s for s in families["remotion_requests"].samples if s.name == "remotion_requests_total"]
    by_endpoint = {(s.labels["endpoint"], s.labels["status"]): s.value for s in samples}
    assert by_endpoint[("/api/v1/test/items/{item_id}", "200")] == 3
    assert by_endpoint[("<unmatched>", "404")] == 1
    assert by_endpoint[("/health", "200")] == 1
    assert not any("/items/1" in e for e, _ in by_endpoint)  # never the raw path
    hist = families["remotion_request_duration_seconds"]
    count = [s for s in hist.samples if s.name.endswith("_count") and s.labels["endpoint"] == "/api/v1/test/items/{item_id}"]
    assert count[0].value == 3
    buckets = [s for s in hist.samples if s.name.endswith("_bucket")]
    assert any(s.labels["le"] == "0.1" for s in buckets)
