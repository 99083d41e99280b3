"""Every error leaves as the PRD §9 envelope with the right status; every response has X-Request-ID."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI, Request
from pydantic import BaseModel, Field
from structlog.testing import capture_logs

from media_service.http.auth import authorize
from media_service.http.envelope import Envelope, success


class Item(BaseModel):
    text: str
    count: int = Field(ge=1)
    tags: list[str] = []


def add_routes(app: FastAPI) -> None:
    router = APIRouter(prefix="/api/v1/test", dependencies=[Depends(authorize)])

    @router.post("/items", response_model=Envelope[Item])
    def create(item: Item, request: Request) -> dict:
        return success(request, item.model_dump())

    @router.get("/items/{item_id}")
    def get(item_id: int, request: Request) -> dict:
        return success(request, {"id": item_id})

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    app.include_router(router)


def assert_error(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert body["meta"]["request_id"] == resp.headers["x-request-id"]
    return body


def test_success_envelope_and_request_id(make_client):
    client = make_client(setup=add_routes)
    resp = client.post("/api/v1/test/items", json={"text": "hi", "count": 2})
    assert resp.status_code == 200
    body = resp.json()
    assert body["success"] is True and body["data"] == {"text": "hi", "count": 2, "tags": []}
    assert set(body["meta"]) == {"request_id", "timestamp", "duration_ms"}
    assert body["meta"]["request_id"] == resp.headers["x-request-id"]


def test_sane_incoming_request_id_is_honoured_and_insane_one_replaced(make_client):
    client = make_client(setup=add_routes)
    assert client.get("/health", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    replaced = client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"}).headers["x-request-id"]
    assert replaced.startswith("req_") and " " not in replaced


def test_validation_error_is_400_with_field_list(make_client):
    client = make_client(setup=add_routes)
    body = assert_error(client.post("/api/v1/test/items", json={"count": 0, "tags": [1, {}]}), 400, "VALIDATION_ERROR")
    fields = {e["field"] for e in body["error"]["details"]["errors"]}
    assert {"text", "count", "tags[1]"} <= fields
    assert all(e["message"] for e in body["error"]["details"]["errors"])


def test_invalid_json_and_bad_path_param_are_400(make_client):
    client = make_client(setup=add_routes)
    body = assert_error(client.post("/api/v1/test/items", content=b"{nope", headers={"Content-Type": "application/json"}),
                        400, "VALIDATION_ERROR")
    assert body["error"]["details"]["errors"][0] == {"field": "body", "message": "invalid JSON at line 1 column 2: "
                                                     "Expecting property name enclosed in double quotes"}
    body = assert_error(client.get("/api/v1/test/items/abc"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"]["errors"][0]["field"] == "item_id"


def test_unknown_route_404_and_wrong_method_405(make_client):
    client = make_client(setup=add_routes)
    assert_error(client.get("/api/v1/nothing-here"), 404, "NOT_FOUND")
    resp = client.delete("/api/v1/test/items")
    assert_error(resp, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in resp.headers.get("allow", "")


def test_body_too_large_413_with_and_without_content_length(make_client):
    client = make_client({"MAX_REQUEST_BODY_MB": "0.001"}, setup=add_routes)  # ~1 KiB
    big = b'{"text": "' + b"x" * 5000 + b'", "count": 1}'
    assert_error(client.post("/api/v1/test/items", content=big, headers={"Content-Type": "application/json"}),
                 413, "PAYLOAD_TOO_LARGE")

    def chunks():
        for i in range(0, len(big), 512):
            yield big[i:i + 512]

    # A generator body is sent chunked: no Content-Length, the limit is enforced while reading.
    assert_error(client.post("/api/v1/test/items", content=chunks(), headers={"Content-Type": "application/json"}),
                 413, "PAYLOAD_TOO_LARGE")


def test_unexpected_error_is_500_without_stack_trace(make_client):
    client = make_client(setup=add_routes)
    with capture_logs() as logs:
        resp = client.get("/api/v1/test/boom")
    body = assert_error(resp, 500, "INTERNAL_ERROR")
    assert "secret internal detail" not in resp.text and "Traceback" not in resp.text
    assert body["error"]["details"] == {}
    # The log has the traceback, tied to the request id.
    records = [r for r in logs if r["event"] == "http.request.unhandled"]
    assert records and records[0]["request_id"] == resp.headers["x-request-id"]
    assert records[0]["exc_info"] is True and records[0]["log_level"] == "error"


def test_request_body_logged_only_when_enabled_and_secrets_redacted(make_client):
    payload = {"text": "hello", "count": 1, "tags": [], "api_key": "sk-very-secret"}
    for enabled in (False, True):
        client = make_client({"LOG_INCLUDE_REQUEST_BODY": str(enabled).lower()}, setup=add_routes)
        with capture_logs() as logs:
            client.post("/api/v1/test/items", json=payload)
        line = next(r for r in logs if r["event"] == "http.request")
        if enabled:
            assert '"text": "hello"' in line["body"] or '"text":"hello"' in line["body"]
            assert "sk-very-secret" not in line["body"] and "[redacted]" in line["body"]
        else:
            assert "body" not in line
