"""Issue #11 item 3: API keys travel in headers, the WebSocket subprotocol or its first message —
never in a URL — and uvicorn's log lines never carry a query string."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

import pytest
import uvicorn
import websockets
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.conftest import API_KEY, free_port


def bare(client: TestClient) -> TestClient:
    return TestClient(client.app)  # no key header


def test_a_key_in_the_url_is_refused(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    for url in (f"/api/v1/events?api_key={API_KEY}", f"/api/v1/events?all=true&token={API_KEY}"):
        with pytest.raises(WebSocketDisconnect) as refused, bare(client).websocket_connect(url) as ws:
            ws.receive_json()
        assert refused.value.code == 1008 and "URL" in refused.value.reason


def test_the_key_in_a_subprotocol(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    with bare(client).websocket_connect("/api/v1/events?all=true",
                                        subprotocols=["events.v1", f"bearer.{API_KEY}"]) as ws:
        assert ws.accepted_subprotocol == "events.v1"  # never the one carrying the key
        assert ws.receive_json() == {"type": "subscribed", "job_ids": [], "all": True}
    with pytest.raises(WebSocketDisconnect) as refused, \
            bare(client).websocket_connect("/api/v1/events", subprotocols=["events.v1", "bearer.wrong"]) as ws:
        ws.receive_json()
    assert refused.value.code == 1008


def test_the_key_in_the_first_message(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    with bare(client).websocket_connect("/api/v1/events?all=true") as ws:
        ws.send_json({"action": "authenticate", "api_key": API_KEY})
        assert ws.receive_json() == {"type": "authenticated"}
        assert ws.receive_json() == {"type": "subscribed", "job_ids": [], "all": True}
    for first in ({"action": "authenticate", "api_key": "wrong"}, {"action": "subscribe", "all": True}):
        with pytest.raises(WebSocketDisconnect) as refused, \
                bare(client).websocket_connect("/api/v1/events?all=true") as ws:
            ws.send_json(first)
            ws.receive_json()
        assert refused.value.code == 1008


def test_uvicorn_log_lines_carry_no_query_string(make_settings: Callable[..., object],
                                                 caplog: pytest.LogCaptureFixture) -> None:
    from media_service.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(make_settings()), host="127.0.0.1", port=port,  # type: ignore[arg-type]
                                           log_config=None, access_log=True, ws="websockets-sansio"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)

    async def connect() -> None:
        url = f"ws://127.0.0.1:{port}/api/v1/events?job_id=j1&api_key=rms_secret_in_url"
        try:
            async with websockets.connect(url, open_timeout=5) as ws:
                await ws.recv()
        except Exception:  # noqa: BLE001 - refused is the expected outcome; the log is what we check
            pass

    with caplog.at_level(logging.INFO):
        asyncio.run(connect())
        time.sleep(0.2)
    server.should_exit = True
    thread.join(10)
    uvicorn_lines = [r.getMessage() for r in caplog.records if r.name.startswith("uvicorn")]
    assert any("/api/v1/events?[redacted]" in line for line in uvicorn_lines), uvicorn_lines
    assert not any("rms_secret_in_url" in r.getMessage() for r in caplog.records)


def test_the_documented_subscribe_message_works(make_client: Callable[..., TestClient]) -> None:
    """README and the OpenAPI description show the subscribe message; the server accepts it as shown."""
    import json
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = re.search(r"<!-- example: WebSocket /api/v1/events -->\s*```json\n(.*?)```", readme, re.S)
    assert block is not None
    client = make_client()
    job = client.post("/api/v1/render/ad-template", json={"template_id": "sale-badge", "format": "png",
                                                           "bindings": {"text": {"headline": "x"}}})
    job_id = job.json()["data"]["job_id"]
    message = json.loads(block.group(1).replace("job_01J...", job_id))
    with client.websocket_connect("/api/v1/events") as ws:
        assert ws.receive_json()["type"] == "subscribed"
        ws.send_json(message)
        assert ws.receive_json() == {"type": "subscribed", "job_ids": [job_id], "all": False}
        assert ws.receive_json()["type"] == "job.queued"  # the job's history is replayed
    description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert '{"action": "subscribe", "job_ids": ["job_…"]}' in description and "bearer.<key>" in description
