"""Exception handlers: every error leaves the service as the PRD §9 envelope."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from media_service.errors import (
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    ServiceError,
    ValidationError,
)
from media_service.http.envelope import error_response

__all__ = ["body_model_of", "field_path", "install_handlers", "validation_error_from"]

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


_NOT_AN_OBJECT = frozenset({"model_attributes_type", "dict_type", "model_type"})


def _json_position(doc: Any, pos: Any) -> str:
    """`line L column C` (1-based) of character offset `pos` in the request text `doc`."""
    text = doc.decode("utf-8", "replace") if isinstance(doc, bytes) else str(doc)
    offset = pos if isinstance(pos, int) else 0
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line} column {column}"


def _body_message(err: dict[str, Any], content_type: str | None, body: Any) -> str | None:
    """A message for errors about the body as a whole (not JSON, not an object, empty), or None."""
    kind = err.get("type")
    if kind == "json_invalid":
        loc = err.get("loc", ())
        reason = (err.get("ctx") or {}).get("error", "not valid JSON")
        return f"invalid JSON at {_json_position(body, loc[1] if len(loc) > 1 else 0)}: {reason}"
    if tuple(err.get("loc", ())) != ("body",) or content_type is None:
        return None
    is_json = content_type.split(";")[0].strip().lower().endswith(("/json", "+json"))
    if not is_json and kind in (*_NOT_AN_OBJECT, "missing"):
        shown = content_type.split(";")[0].strip() or "none"
        return f"send the body as a JSON object with 'Content-Type: application/json' (got Content-Type: {shown})"
    if kind == "missing":
        return "the body is empty; send a JSON object"
    if kind in _NOT_AN_OBJECT:
        return "the body must be a JSON object"
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation (`X`, `X | None`, `list[X]`, `Annotated[X, …]`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _known_fields(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """The field names (and aliases) accepted where `loc` (body-relative, ending in the unknown key) points."""
    for part in loc[:-1]:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        model = _model_in(info.annotation) if info is not None else None
    if model is None:
        return []
    names = list(model.model_fields)
    names += [f.alias for f in model.model_fields.values() if isinstance(f.alias, str)]
    return names


def _unknown_field_message(err: dict[str, Any], body_model: type[BaseModel] | None) -> str:
    """`unknown field 'qualty'; did you mean 'quality'?` (the suggestion when one is close enough)."""
    loc = tuple(err.get("loc", ()))
    if loc and loc[0] in _LOCATION_ROOTS:
        loc = loc[1:]
    name = str(loc[-1]) if loc else "?"
    known = _known_fields(body_model, loc)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown field '{name}'; did you mean '{close[0]}'?"
    nested = {f"{child}.{leaf}": leaf for child in known for leaf in _known_fields(body_model, (*loc[:-1], child, "?"))}
    close = difflib.get_close_matches(name, list(nested.values()), n=1, cutoff=0.6)
    if close:  # a field one level down (`query` of `search_criteria`)
        return f"unknown field '{name}'; did you mean '{next(k for k, v in nested.items() if v == close[0])}'?"
    return f"unknown field '{name}'" + (f"; known fields: {', '.join(sorted(set(known)))}" if known else "")


def body_model_of(route: Any) -> type[BaseModel] | None:
    """The pydantic model a route reads its JSON body into (None without one)."""
    field = getattr(route, "body_field", None)
    return _model_in(getattr(getattr(field, "field_info", None), "annotation", None))


def validation_error_from(errors: list[dict[str, Any]], *, content_type: str | None = None,
                          body: Any = None, body_model: type[BaseModel] | None = None) -> ValidationError:
    """A ValidationError listing each pydantic error as `{field, message}` (`body` for the whole object).

    With `content_type` (a request's header, "" when absent) errors about the body as a whole say
    what to send instead; broken JSON is reported by line and column of `body`.
    """
    items = []
    for err in errors:
        field = field_path(err.get("loc", ()))
        whole = _body_message(err, content_type, body)
        if whole is not None:
            field = "body"
        if whole is None and err.get("type") == "extra_forbidden":
            whole = _unknown_field_message(err, body_model)
        items.append({"field": field, "message": whole or err.get("msg", "invalid value")})
    return ValidationError("Request validation failed", errors=items)


async def _service_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return error_response(exc, request.scope.get("state", {}))


async def _request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    err = validation_error_from(list(exc.errors()), content_type=request.headers.get("content-type", ""),
                                body=exc.body, body_model=body_model_of(request.scope.get("route")))
    return error_response(err, request.scope.get("state", {}))


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
