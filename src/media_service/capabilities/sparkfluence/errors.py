"""The Edge Functions' error envelope: `{"success": false, "error": {code, message, details}}`.

    ValidationError            → 400 INVALID_INPUT   details: field, errors[{field, message}]
    AuthenticationError/403    → 401 UNAUTHORIZED
    RateLimitError             → 429 RATE_LIMITED    (Retry-After kept by the envelope layer)
    ProviderError              → 502 API_ERROR       details: provider, status_code, provider_message
    ServiceUnavailableError    → 503 API_ERROR       details: provider, setting (what to configure)
    JobTimeoutError            → 504 TIMEOUT         details: job_id, poll_url (our addition: the work goes on)
    NotFoundError              → 404 NOT_FOUND
    anything else              → 500 INTERNAL_ERROR
"""

from __future__ import annotations

from typing import Any

from media_service.errors import ServiceError

__all__ = ["PATH_PREFIX", "edge_error"]

PATH_PREFIX = "/functions/v1/"


# Our codes (PRD §9.1) → the contract's code and status; job failures arrive as plain ServiceErrors with a code.
_CODES: dict[str, tuple[str, int]] = {
    "VALIDATION_ERROR": ("INVALID_INPUT", 400), "AUTHENTICATION_ERROR": ("UNAUTHORIZED", 401),
    "AUTHORIZATION_ERROR": ("UNAUTHORIZED", 401), "RATE_LIMIT_EXCEEDED": ("RATE_LIMITED", 429),
    "PROVIDER_ERROR": ("API_ERROR", 502), "DOWNLOAD_FAILED": ("API_ERROR", 502),
    "SERVICE_UNAVAILABLE": ("API_ERROR", 503), "JOB_TIMEOUT": ("TIMEOUT", 504), "NOT_FOUND": ("NOT_FOUND", 404),
    "METHOD_NOT_ALLOWED": ("INVALID_INPUT", 405), "PAYLOAD_TOO_LARGE": ("INVALID_INPUT", 413),
}


def edge_error(err: ServiceError, state: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The contract's status and envelope for `err` (an error style for `register_error_style`)."""
    code, status = _CODES.get(err.code, ("INTERNAL_ERROR", 500))
    details: dict[str, Any] = dict(err.details)
    errors = details.get("errors")
    if code == "INVALID_INPUT" and isinstance(errors, list) and errors:
        details.setdefault("field", errors[0].get("field"))
    message = err.message if code != "INTERNAL_ERROR" else "Internal server error"
    return status, {"success": False, "error": {"code": code, "message": message, "details": details}}
