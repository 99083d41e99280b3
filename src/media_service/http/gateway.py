"""The gateway middleware (pure ASGI, for speed): request id, logging, metrics, errors, body limit,
authentication and rate limiting.

Two layers so CORS sits between them (PRD §5.1 order: request id → logging → metrics → CORS → auth →
rate limit): `Observe` is outermost; `Guard` runs inside CORS so pre-flight requests need no key.
"""

from __future__ import annotations

import re
import time
import itertools
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import structlog
from starlette.exceptions import HTTPException

from media_service.errors import PayloadTooLargeError, ServiceError
from media_service.http.auth import KeyRing, presented_key
from media_service.http.envelope import error_response
from media_service.http.metrics import UNMATCHED, Metrics
from media_service.http.ratelimit import Budget, RateLimiter, refuse
from media_service.logs import get_logger

__all__ = ["Guard", "Observe", "PUBLIC_PATHS"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC_PATHS = frozenset({"/health", "/health/live", "/health/ready"})
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
log = get_logger("media_service.http")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}



_ID_PREFIX = uuid.uuid4().hex[:8]  # unique per process; the counter makes ids unique within it
_ID_COUNTER = itertools.count(1)


def _new_request_id() -> str:
    """`req_` + 20 hex characters, unique without a system call per request (ids correlate, they are no secret)."""
    return f"req_{_ID_PREFIX}{next(_ID_COUNTER):012x}"

class _ResponseTracker:
    """Wraps `send`: records the status, adds headers to the response start."""

    def __init__(self, send: Send, extra: list[tuple[bytes, bytes]]) -> None:
        self._send = send
        self._extra = extra
        self.status = 0

    async def __call__(self, message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            message["headers"] = [*message.get("headers", []), *self._extra]
        await self._send(message)


class Observe:
    """Request id, one log line per request, request metrics, and the last-resort 500 envelope."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, include_body: bool = False) -> None:
        self.app = app
        self.metrics = metrics
        self.include_body = include_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        incoming = headers.get("x-request-id", "")
        request_id = incoming if _SANE_REQUEST_ID.match(incoming) else _new_request_id()
        started = time.perf_counter()
        state = scope.setdefault("state", {})
        state.update(request_id=request_id, started=started, path=scope["path"])  # path: for error styles
        if scope["type"] == "websocket":
            with structlog.contextvars.bound_contextvars(request_id=request_id):
                await self.app(scope, receive, send)
            return
        tracker = _ResponseTracker(send, [(b"x-request-id", request_id.encode())])
        if self.include_body and not headers.get("content-type", "").startswith("multipart/"):
            receive = _recording(receive, state)
        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, tracker)
            except Exception:
                log.exception("http.request.unhandled", request_id=request_id, method=scope["method"],
                              path=scope["path"])
                if tracker.status == 0:
                    err = ServiceError("Internal server error; see the service log for this request id")
                    await error_response(err, state)(scope, receive, tracker)
            finally:
                self._record(scope, state, tracker.status or 500, started)

    def _record(self, scope: Scope, state: dict[str, Any], status: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        route = scope.get("route")
        endpoint = getattr(route, "path", None) or (scope["path"] if scope["path"] in PUBLIC_PATHS else UNMATCHED)
        self.metrics.observe_request(scope["method"], endpoint, status, elapsed)
        principal = state.get("principal")
        extra = {"body": _redacted_body(state["body"])} if "body" in state else {}
        log.info("http.request", request_id=state.get("request_id"), method=scope["method"], path=scope["path"],
                 status=status, duration_ms=round(elapsed * 1000, 2), key_id=getattr(principal, "key_id", None),
                 **extra)


class Guard:
    """Body size limit, authentication and per-key rate limiting for every non-public path."""

    def __init__(self, app: ASGIApp, *, keyring: KeyRing, limiter: RateLimiter | None,
                 body_limit: Callable[[str], int], public_prefixes: tuple[str, ...] = (),
                 job_reads: re.Pattern[str] | None = None) -> None:
        self.app = app
        self.public_prefixes = public_prefixes
        self.keyring = keyring
        self.limiter = limiter
        self.body_limit = body_limit
        self.job_reads = job_reads  # GET paths on the reads budget (a job by id, its events, logs, result)

    def _budget(self, scope: Scope) -> Budget:
        if self.job_reads is not None and scope["method"] in ("GET", "HEAD") and self.job_reads.fullmatch(scope["path"]):
            return "reads"
        return "default"

    def _is_public(self, path: str) -> bool:
        return path in PUBLIC_PATHS or bool(self.public_prefixes and path.startswith(self.public_prefixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._is_public(scope["path"]):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        headers = _headers(scope)
        limit = self.body_limit(scope["path"])
        rate_headers: dict[str, str] = {}
        try:
            declared = headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise PayloadTooLargeError(f"Request body over {limit} bytes", details={"limit_bytes": limit})
            principal = self.keyring.authenticate(presented_key(headers))
            state["principal"] = principal
            if self.limiter is not None:
                budget = self._budget(scope)
                state["rate_limiter"], state["rate_budget"] = self.limiter, budget
                decision = self.limiter.hit(principal.key_id, budget)
                rate_headers = decision.headers()
                if not decision.allowed:
                    raise refuse(decision)
        except ServiceError as err:
            await error_response(err, state, rate_headers)(scope, receive, send)
            return
        extra = [(k.lower().encode(), v.encode()) for k, v in rate_headers.items()]
        await self.app(scope, _limited(receive, limit), _ResponseTracker(send, extra) if extra else send)


_BODY_LOG_LIMIT = 4096
_SECRET_FIELD = re.compile(r'("(?:[^"]*(?:key|token|secret|password|authorization)[^"]*)"\s*:\s*)"[^"]*"', re.I)


def _recording(receive: Receive, state: dict[str, Any]) -> Receive:
    """A receive that keeps the first few KiB of the body for the request log (`logging.include_request_body`)."""
    state["body"] = b""

    async def inner() -> MutableMapping[str, Any]:
        message = await receive()
        if message["type"] == "http.request" and len(state["body"]) < _BODY_LOG_LIMIT:
            state["body"] += message.get("body", b"")[: _BODY_LOG_LIMIT - len(state["body"])]
        return message

    return inner


def _redacted_body(body: bytes) -> str:
    """The logged body, with values of secret-looking JSON fields replaced."""
    return _SECRET_FIELD.sub(r'\1"[redacted]"', body.decode("utf-8", "replace"))


def _limited(receive: Receive, limit: int) -> Receive:
    """A receive that raises 413 once a streamed (e.g. chunked) body passes the limit."""
    seen = 0

    async def inner() -> MutableMapping[str, Any]:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                # An HTTPException passes through FastAPI's body parsing unchanged (other errors become 400).
                raise HTTPException(413, f"Request body over {limit} bytes")
        return message

    return inner
