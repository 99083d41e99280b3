"""The response envelope every endpoint uses (PRD §7.3).

Success: `{success: true, data, meta: {request_id, timestamp, duration_ms}}`.
Error:   `{success: false, error: {code, message, details}, meta}`.

A route group that implements someone else's contract (the Sparkfluence backend) registers an error style
for its path prefix with `register_error_style`; every error on those paths — the gateway's 401 and 429,
request validation, handler errors — is then rendered in that contract's envelope instead.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from pydantic_core import to_json

from media_service.errors import RateLimitError, ServiceError

__all__ = ["Envelope", "ErrorBody", "ErrorEnvelope", "ErrorStyle", "Meta", "absolute_file_urls", "error_response",
           "meta_for", "register_error_style", "success"]

T = TypeVar("T")
#: (error, request state) → (HTTP status, body) for a foreign contract's error envelope.
ErrorStyle = Callable[[ServiceError, dict[str, Any]], tuple[int, dict[str, Any]]]
_STYLES: dict[str, ErrorStyle] = {}


def register_error_style(path_prefix: str, style: ErrorStyle) -> None:
    """Render errors on paths starting with `path_prefix` with `style` (idempotent)."""
    _STYLES[path_prefix] = style


class Meta(BaseModel):
    request_id: str
    timestamp: str
    duration_ms: float | None = None


class Envelope(BaseModel, Generic[T]):
    """Successful response: the payload is under `data`."""

    success: bool = True
    data: T
    meta: Meta


class ErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any] = {}


class ErrorEnvelope(BaseModel):
    """Error response (PRD §9)."""

    success: bool = False
    error: ErrorBody
    meta: Meta


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def meta_for(scope_state: dict[str, Any]) -> dict[str, Any]:
    """Meta block from the request state the gateway middleware filled in."""
    started = scope_state.get("started")
    duration = round((time.perf_counter() - started) * 1000, 2) if started else None
    return {"request_id": scope_state.get("request_id", ""), "timestamp": _now_iso(), "duration_ms": duration}


# A presigned download path as the media layer writes it when PUBLIC_BASE_URL is unset: /…/files/<payload>.<mac>
_FILE_PATH = re.compile(r"/(?:[^/?#\s]+/)*files/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def absolute_file_urls(data: Any, base: str) -> Any:
    """`data` with every relative presigned file path (`/api/v1/files/<token>`) prefixed by `base`:
    a presigned URL is the credential and must work as it stands, in a browser or another service."""
    if isinstance(data, str):
        return base + data if data[:1] == "/" and "/files/" in data and _FILE_PATH.fullmatch(data) else data
    if isinstance(data, dict):
        return {k: absolute_file_urls(v, base) for k, v in data.items()}
    if isinstance(data, list):
        return [absolute_file_urls(v, base) for v in data]
    return data


def contract_response(request: Request, body: Any, *, status_code: int = 200,
                      headers: dict[str, str] | None = None) -> JSONResponse:
    """A body in another contract's envelope (Sparkfluence's), with its presigned file paths made absolute as
    `success` does: a `final_video_url` must work as it stands, in a browser or another service."""
    return JSONResponse(absolute_file_urls(body, str(request.base_url).rstrip("/")), status_code=status_code,
                        headers=headers)


def success(request: Request, data: Any) -> dict[str, Any]:
    """Wrap `data` in the success envelope. Routes declare `response_model=Envelope[Model]`.

    Relative presigned file URLs in `data` become absolute on the request's base URL (they are
    already absolute when PUBLIC_BASE_URL is set).
    """
    data = absolute_file_urls(data, str(request.base_url).rstrip("/"))
    return {"success": True, "data": data, "meta": meta_for(request.scope.get("state", {}))}


_FILE_STRING = re.compile(rb'"(/(?:[^/"?#\s\\]+/)*files/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)"')


def success_response(request: Request, data: Any, *, status_code: int = 200) -> Response:
    """`success(request, data)` as a ready response, for hot routes: encoded once (pydantic-core) and answered
    without validating it again against the route's response model. Relative presigned paths become absolute
    on the encoded text, which is what `absolute_file_urls` does on the tree."""
    body = to_json({"success": True, "data": data, "meta": meta_for(request.scope.get("state", {}))})
    if b"/files/" in body:
        base = str(request.base_url).rstrip("/").encode()
        body = _FILE_STRING.sub(lambda m: b'"' + base + m.group(1) + b'"', body)
    return Response(body, status_code=status_code, media_type="application/json")


def error_response(err: ServiceError, scope_state: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    """Render a ServiceError as the error envelope with its HTTP status."""
    hdrs = dict(headers or {})
    if isinstance(err, RateLimitError) and err.retry_after is not None:
        hdrs.setdefault("Retry-After", str(max(1, int(err.retry_after + 0.999))))
    path = str(scope_state.get("path", ""))
    for prefix, style in _STYLES.items():
        if path.startswith(prefix):
            status, styled = style(err, scope_state)
            return JSONResponse(styled, status_code=status, headers=hdrs)
    body = {"success": False, "error": err.to_dict(), "meta": meta_for(scope_state)}
    return JSONResponse(body, status_code=err.status, headers=hdrs)
