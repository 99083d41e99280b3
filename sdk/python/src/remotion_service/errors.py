"""Errors as a tree mirroring the service's envelope codes (`{"success": false, "error": {code, message,
details}}`): catch `RemotionError` for all of them, or a subclass for one kind."""

from __future__ import annotations

from typing import Any

__all__ = [
    "APIConnectionError", "AuthenticationError", "ConflictError", "JobFailedError", "NotFoundError",
    "PayloadTooLargeError", "PermissionDeniedError", "ProviderError", "RateLimitError", "RemotionError",
    "ServiceUnavailableError", "TimeoutError", "ValidationError", "error_from_response",
]


class RemotionError(Exception):
    """Any error the service answered (or the client met): `code`, `message`, `status`, `details`."""

    def __init__(self, message: str, *, code: str = "ERROR", status: int | None = None,
                 details: dict[str, Any] | None = None, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.details = details or {}
        self.request_id = request_id

    def __str__(self) -> str:
        where = f" [{self.status}]" if self.status else ""
        return f"{self.code}{where}: {self.message}"


class ValidationError(RemotionError):
    """400/422: the request is invalid. `field` names the first field at fault, `errors` lists them all."""

    @property
    def errors(self) -> list[dict[str, Any]]:
        errors = self.details.get("errors")
        if isinstance(errors, list):
            return [e for e in errors if isinstance(e, dict)]
        return [{"field": self.details["field"], "message": self.message}] if "field" in self.details else []

    @property
    def field(self) -> str | None:
        errors = self.errors
        return str(errors[0].get("field")) if errors else None


class AuthenticationError(RemotionError):
    """401: no key, or an unknown one."""


class PermissionDeniedError(RemotionError):
    """403: the key lacks the scope, or the resource belongs to another key."""


class NotFoundError(RemotionError):
    """404: no such job, upload, template, …"""


class ConflictError(RemotionError):
    """409: the resource is not in a state that allows this."""


class PayloadTooLargeError(RemotionError):
    """413: the body or file is over the service's limit."""


class RateLimitError(RemotionError):
    """429 after the client's retries: `retry_after` seconds is when to try again."""

    @property
    def retry_after(self) -> float | None:
        value = self.details.get("retry_after")
        return float(value) if isinstance(value, int | float) else None


class ProviderError(RemotionError):
    """502: a cloud provider (or a media URL's host) failed."""


class ServiceUnavailableError(RemotionError):
    """503: not configured (the message names the setting) or overloaded."""


class TimeoutError(RemotionError):  # noqa: A001 - the service's JOB_TIMEOUT / a wait that ran out
    """504, or `jobs.wait` running past its timeout."""


class APIConnectionError(RemotionError):
    """The service could not be reached (after the retries)."""


class JobFailedError(RemotionError):
    """`jobs.wait` on a job that failed, was cancelled or timed out: `job` is its final state."""

    def __init__(self, message: str, *, job: Any, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.job = job


_BY_CODE: dict[str, type[RemotionError]] = {
    "VALIDATION_ERROR": ValidationError, "UNSUPPORTED_MEDIA": ValidationError,
    "AUTHENTICATION_ERROR": AuthenticationError, "AUTHORIZATION_ERROR": PermissionDeniedError,
    "NOT_FOUND": NotFoundError, "CONFLICT": ConflictError, "PAYLOAD_TOO_LARGE": PayloadTooLargeError,
    "RATE_LIMIT_EXCEEDED": RateLimitError, "DOWNLOAD_FAILED": ProviderError, "PROVIDER_ERROR": ProviderError,
    "SERVICE_UNAVAILABLE": ServiceUnavailableError, "JOB_TIMEOUT": TimeoutError, "TIMEOUT": TimeoutError,
}
_BY_STATUS: dict[int, type[RemotionError]] = {
    400: ValidationError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError,
    409: ConflictError, 413: PayloadTooLargeError, 422: ValidationError, 429: RateLimitError, 502: ProviderError,
    503: ServiceUnavailableError, 504: TimeoutError,
}


def error_from_response(status: int, body: Any, headers: Any = None) -> RemotionError:
    """The exception for an error answer: by the envelope's `code`, else by the HTTP status."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        error = {"message": str(body)[:500] if body else f"HTTP {status}"}
    code = str(error.get("code") or f"HTTP_{status}")
    raw = error.get("details")
    details: dict[str, Any] = raw if isinstance(raw, dict) else {}
    meta = body.get("meta") if isinstance(body, dict) else None
    request_id = (meta or {}).get("request_id") if isinstance(meta, dict) else None
    if headers is not None and status == 429 and "retry_after" not in details:
        retry = headers.get("retry-after")
        if retry is not None and retry.replace(".", "", 1).isdigit():
            details = {**details, "retry_after": float(retry)}
    cls = _BY_CODE.get(code) or _BY_STATUS.get(status) or RemotionError
    return cls(str(error.get("message") or code), code=code, status=status, details=details, request_id=request_id)
