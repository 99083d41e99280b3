"""Exception handlers: every error leaves the service as the PRD §9 envelope."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from media_service.errors import (
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    ServiceError,
    ValidationError,
)
from media_service.http.envelope import error_response

__all__ = ["field_path", "install_handlers", "validation_error_from"]

_LOCATION_ROOTS = {"body", "query", "path", "header", "cookie"}


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """`('body', 'tracks', 0, 'url')` → `tracks[0].url`; the location root is dropped."""
    parts = list(loc)
    if parts and parts[0] in _LOCATION_ROOTS:
        parts = parts[1:]
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "tagged-union[")):
            continue  # pydantic's internal union/validator step names say nothing to a user
        else:
            out += ("." if out else "") + str(part)
    return out or "body"


def validation_error_from(errors: list[dict[str, Any]]) -> ValidationError:
    """A ValidationError listing each pydantic error as `{field, message}` (`body` for the whole object)."""
    items = []
    for err in errors:
        field = field_path(err.get("loc", ()))
        message = "invalid JSON body" if err.get("type") == "json_invalid" else err.get("msg", "invalid value")
        items.append({"field": field, "message": message})
    return ValidationError("Request validation failed", errors=items)


async def _service_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return error_response(exc, request.scope.get("state", {}))


async def _request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(validation_error_from(list(exc.errors())), request.scope.get("state", {}))


async def _http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    state = request.scope.get("state", {})
    err: ServiceError
    if exc.status_code == 404:
        err = NotFoundError(f"No route for {request.method} {request.url.path}")
    elif exc.status_code == 405:
        err = MethodNotAllowedError(f"Method {request.method} is not allowed for {request.url.path}")
    elif exc.status_code == 413:
        err = PayloadTooLargeError(str(exc.detail))
    elif exc.status_code == 400:
        err = ValidationError(str(exc.detail), field="body")
    else:
        err = ServiceError(str(exc.detail))
        err.status = exc.status_code
        err.code = "HTTP_ERROR"
    return error_response(err, state, dict(exc.headers or {}))


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
