"""The service's error tree. Every expected failure is one of these; one handler renders the envelope.

    ServiceError (500 INTERNAL_ERROR)
    ├── ValidationError (400 VALIDATION_ERROR)      details.errors = [{field, message}]
    │   └── UnsupportedMediaError (400 VALIDATION_ERROR)  an input whose content is not what the field accepts
    ├── AuthenticationError (401 AUTHENTICATION_ERROR)
    ├── AuthorizationError (403 AUTHORIZATION_ERROR)
    ├── NotFoundError (404 NOT_FOUND)
    ├── MethodNotAllowedError (405 METHOD_NOT_ALLOWED)
    ├── ConflictError (409 CONFLICT)
    ├── PayloadTooLargeError (413 PAYLOAD_TOO_LARGE)
    ├── RateLimitError (429 RATE_LIMIT_EXCEEDED)      retry_after seconds
    ├── DownloadError (502 DOWNLOAD_FAILED)          a media URL that could not be fetched
    ├── ProviderError (502 PROVIDER_ERROR)           details.provider, status_code, provider_message
    ├── ServiceUnavailableError (503 SERVICE_UNAVAILABLE)
    ├── JobTimeoutError (504 JOB_TIMEOUT)
    └── JobCancelledError (499 JOB_CANCELLED)       raised inside a handler that saw ctx.cancelled()

`retryable` tells the job runtime whether another attempt may succeed; only the runtime decides retries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "AuthenticationError",
    "AuthorizationError",
    "ConflictError",
    "DownloadError",
    "FieldError",
    "JobCancelledError",
    "JobTimeoutError",
    "MethodNotAllowedError",
    "NotFoundError",
    "PayloadTooLargeError",
    "ProviderError",
    "RateLimitError",
    "ServiceError",
    "ServiceUnavailableError",
    "UnsupportedMediaError",
    "ValidationError",
]

FieldError = dict[str, str]


class ServiceError(Exception):
    """Base of every expected failure: a code, an HTTP status, a message and details."""

    code = "INTERNAL_ERROR"
    status = 500
    retryable = False

    def __init__(self, message: str, *, details: dict[str, Any] | None = None, retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details or {}
        if retryable is not None:
            self.retryable = retryable

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class ValidationError(ServiceError):
    code = "VALIDATION_ERROR"
    status = 400

    def __init__(self, message: str = "Request validation failed", *, errors: list[FieldError] | None = None,
                 field: str | None = None, details: dict[str, Any] | None = None) -> None:
        details = dict(details or {})
        errs = list(errors or [])
        if field is not None and not errs:
            errs.append({"field": field, "message": message})
        if errs:
            details["errors"] = errs
        super().__init__(message, details=details)

    @property
    def errors(self) -> list[FieldError]:
        """The `{field, message}` entries (empty when the error names no field)."""
        return list(self.details.get("errors", []))

    def with_field_prefix(self, prefix: str, *, where: Callable[[str], bool] | None = None,
                          renames: Mapping[str, str] | None = None, brackets: bool = False) -> ValidationError:
        """A copy whose fields are named as the caller knows them: an engine's `scenes.0.src` becomes the
        request's `timeline.scenes.0.src`. A field in `renames` takes that name instead; otherwise it is put
        under `prefix` (an empty field becomes `prefix`; one already under it stays) when `where(field)` says
        so (default: always). `brackets` writes indexes as the API reports them (`scenes[0].src`). A message
        that starts with the first field's old name starts with its new one. Same class, same details."""
        def rename(field: str) -> str:
            if renames and field in renames:
                return renames[field]
            if where is None or where(field):
                if not field:
                    field = prefix
                elif prefix and field != prefix and not field.startswith(f"{prefix}."):
                    field = f"{prefix}.{field}"
            return _INDEX.sub(r"[\1]", field) if brackets else field

        old = self.errors
        new = [{**error, "field": rename(error.get("field", ""))} for error in old]
        message = self.message
        if old and old[0].get("field") and message.startswith(old[0]["field"]):
            message = new[0]["field"] + message[len(old[0]["field"]):]
        details = {k: v for k, v in self.details.items() if k != "errors"}
        return type(self)(message, errors=new, details=details)


_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


class UnsupportedMediaError(ValidationError):
    """An input whose content (not name) is not a kind the field accepts."""


class AuthenticationError(ServiceError):
    code = "AUTHENTICATION_ERROR"
    status = 401


class AuthorizationError(ServiceError):
    code = "AUTHORIZATION_ERROR"
    status = 403


class NotFoundError(ServiceError):
    code = "NOT_FOUND"
    status = 404


class MethodNotAllowedError(ServiceError):
    code = "METHOD_NOT_ALLOWED"
    status = 405


class ConflictError(ServiceError):
    code = "CONFLICT"
    status = 409


class PayloadTooLargeError(ServiceError):
    code = "PAYLOAD_TOO_LARGE"
    status = 413


class RateLimitError(ServiceError):
    code = "RATE_LIMIT_EXCEEDED"
    status = 429
    retryable = True

    def __init__(self, message: str = "Too many requests", *, retry_after: float | None = None,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message, details=details)
        self.retry_after = retry_after
        if retry_after is not None:
            self.details.setdefault("retry_after", retry_after)


class DownloadError(ServiceError):
    code = "DOWNLOAD_FAILED"
    status = 502
    retryable = True


class ProviderError(ServiceError):
    """A cloud provider failed. `retry_after` (seconds) is honoured by the job runtime when retryable."""

    code = "PROVIDER_ERROR"
    status = 502

    def __init__(self, message: str, *, provider: str, status_code: int | None = None,
                 provider_message: str | None = None, retryable: bool = False,
                 retry_after: float | None = None) -> None:
        details: dict[str, Any] = {"provider": provider}
        if status_code is not None:
            details["status_code"] = status_code
        if provider_message is not None:
            details["provider_message"] = provider_message
        super().__init__(message, details=details, retryable=retryable)
        self.retry_after = retry_after


class ServiceUnavailableError(ServiceError):
    code = "SERVICE_UNAVAILABLE"
    status = 503


class JobTimeoutError(ServiceError):
    code = "JOB_TIMEOUT"
    status = 504


class JobCancelledError(ServiceError):
    code = "JOB_CANCELLED"
    status = 499
