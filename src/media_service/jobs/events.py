"""Job events for clients: Server-Sent Events per job and a WebSocket for one, several or all jobs.

Both read the `job_events` table (polling it every 0.25 s), so they see events written by any
worker process, survive restarts, and resume exactly: an event's id is its row id, and a client that
reconnects with `Last-Event-ID` (SSE) or `last_event_id` (WebSocket) gets every event after it.
GET /jobs/:id stays the authoritative state; events are a convenience.

WebSocket protocol (`/api/v1/events`; key in `Authorization`/`X-API-Key`, the subprotocol `bearer.<key>`
or the first message `{"action": "authenticate", "api_key": …}`; never in the URL — see `authenticate_websocket`):
    query:   ?job_id=…&job_id=… | ?all=true, optional &last_event_id=N
    client → {"action": "subscribe" | "unsubscribe", "job_ids": [...]}  or  {..., "all": true}
    server → {"type": "subscribed", "job_ids": [...], "all": false}, then each event as
             {"id", "job_id", "type": "job.…", "data", "created_at"}; {"type": "error", "message"} on bad input
Subscribing to a job replays its history; `all` starts at the newest event (or `last_event_id`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from media_service.http.auth import authenticate_websocket
from media_service.http.state import web_state
from media_service.jobs.schemas import JobEvent
from media_service.jobs.store import JobStore

__all__ = ["WEBSOCKET_PROTOCOL", "events_websocket", "sse_stream"]

WEBSOCKET_PROTOCOL = """\
**Job events over WebSocket** — `GET /api/v1/events` (upgrade). Authenticate with a header
(`Authorization: Bearer <key>` / `X-API-Key`), the subprotocol `bearer.<key>` next to `events.v1`
(`new WebSocket(url, ["events.v1", "bearer." + key])`), or the first message
`{"action": "authenticate", "api_key": "<key>"}` (answered `{"type": "authenticated"}`); a key in the URL
is refused. Query: `?job_id=…&job_id=…` or `?all=true`, optionally `&last_event_id=N` to resume.
Then send `{"action": "subscribe", "job_ids": ["job_…"]}` (or `{"action": "subscribe", "all": true}`;
`"unsubscribe"` alike); the server answers `{"type": "subscribed", "job_ids": […], "all": false}` and then
sends each event as `{"id", "job_id", "type": "job.progress"|…, "data", "created_at"}`, or
`{"type": "error", "message"}` for a bad message. Subscribing to a job replays its history."""

POLL_SEC = 0.25
KEEPALIVE_SEC = 15.0
TERMINAL_EVENTS = frozenset({"job.completed", "job.failed", "job.cancelled", "job.timeout"})


def _sse(event: JobEvent) -> str:
    return f"id: {event.id}\nevent: {event.type}\ndata: {event.model_dump_json()}\n\n"


async def sse_stream(store: JobStore, job_id: str, *, after: int = 0) -> AsyncIterator[str]:
    """The job's events after `after` as SSE frames; ends after the terminal event."""
    yield "retry: 2000\n\n"
    cursor, idle = after, 0.0
    while True:
        batch = await run_in_threadpool(store.events_after, cursor, job_ids=[job_id], limit=500)
        for event in batch:
            cursor = event.id
            yield _sse(event)
            if event.type in TERMINAL_EVENTS:
                return
        if batch:
            idle = 0.0
            continue
        job = await run_in_threadpool(store.get, job_id)
        if job.finished:  # the terminal event is before `after`: nothing more will come
            return
        idle += POLL_SEC
        if idle >= KEEPALIVE_SEC:  # a comment keeps proxies from closing a quiet stream
            idle = 0.0
            yield ": keep-alive\n\n"
        await anyio.sleep(POLL_SEC)


@dataclass
class _Subscription:
    all: bool = False
    job_ids: set[str] = field(default_factory=set)
    replay: list[str] = field(default_factory=list)

    def ack(self) -> dict[str, Any]:
        return {"type": "subscribed", "job_ids": sorted(self.job_ids), "all": self.all}


def _apply(sub: _Subscription, message: Any) -> dict[str, Any]:
    if not isinstance(message, dict) or message.get("action") not in ("subscribe", "unsubscribe"):
        return {"type": "error", "message": "send {\"action\": \"subscribe\"|\"unsubscribe\", \"job_ids\": [...]} "
                                            "or {\"action\": ..., \"all\": true}"}
    ids = message.get("job_ids") or []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        return {"type": "error", "message": "job_ids must be a list of job ids"}
    if message["action"] == "subscribe":
        sub.all = sub.all or bool(message.get("all"))
        new = [i for i in ids if i not in sub.job_ids]
        sub.job_ids.update(new)
        sub.replay.extend(new)
    else:
        sub.all = sub.all and not message.get("all")
        sub.job_ids.difference_update(ids)
    return sub.ack()


async def events_websocket(websocket: WebSocket, store: JobStore) -> None:
    """Serve one WebSocket client (see the module docstring)."""
    if await authenticate_websocket(websocket, web_state(websocket.app).keyring, scope="read") is None:
        return
    params = websocket.query_params
    sub = _Subscription(all=params.get("all") in ("1", "true", "yes"))
    _apply(sub, {"action": "subscribe", "job_ids": params.getlist("job_id")})
    last = params.get("last_event_id")
    cursor = int(last) if last and last.isdigit() else await run_in_threadpool(store.last_event_id)
    if last and last.isdigit():
        sub.replay.clear()  # resuming: everything after `last` comes through the live feed
    outbox: list[dict[str, Any]] = [sub.ack()]

    async def read() -> None:
        try:
            while True:
                text = await websocket.receive_text()
                try:
                    outbox.append(_apply(sub, json.loads(text)))
                except json.JSONDecodeError:
                    outbox.append({"type": "error", "message": "messages must be JSON"})
        except WebSocketDisconnect:
            tg.cancel_scope.cancel()

    async def write() -> None:
        try:
            await feed()
        except (WebSocketDisconnect, RuntimeError, anyio.ClosedResourceError):  # the client went away mid-send
            tg.cancel_scope.cancel()

    async def feed() -> None:
        nonlocal cursor
        while True:
            while outbox:
                await websocket.send_json(outbox.pop(0))
            if sub.replay:
                replay, sub.replay = sub.replay, []
                for event in await run_in_threadpool(store.events_after, 0, job_ids=replay, limit=10_000, up_to=cursor):
                    await websocket.send_text(event.model_dump_json())
            if sub.all or sub.job_ids:
                batch = await run_in_threadpool(store.events_after, cursor, limit=500,
                                                job_ids=None if sub.all else sorted(sub.job_ids))
                for event in batch:
                    await websocket.send_text(event.model_dump_json())
                if batch:
                    cursor = batch[-1].id
                    continue
            await anyio.sleep(POLL_SEC)

    async with anyio.create_task_group() as tg:
        tg.start_soon(read)
        tg.start_soon(write)
