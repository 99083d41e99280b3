"""What went wrong in an attempt, and whether to try again (PRD §9.3). Only the runtime uses this.

    retryable: network errors and timeouts (httpx.TransportError, ConnectionError, TimeoutError),
               HTTP 408/429/5xx, and any ServiceError marked `retryable` (RateLimitError, DownloadError,
               ProviderError(retryable=True)); 429s and providers' `retry_after` set the delay
    never:     validation (4xx), authentication/authorisation, anything unexpected (a bug does not fix
               itself by running again)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from pydantic import ValidationError as PydanticValidationError

from media_service.errors import ServiceError
from media_service.settings import Settings

__all__ = ["Failure", "backoff_seconds", "classify", "parse_retry_after"]

_RETRYABLE_STATUS = frozenset({408, 429}) | frozenset(range(500, 600))


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed attempt, in a form that crosses process boundaries (picklable, JSON-able)."""

    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    retryable: bool = False
    retry_after: float | None = None

    def to_error(self) -> dict[str, Any]:
        """The job's `error` object."""
        return {"code": self.code, "message": self.message, "details": self.details}


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def classify(exc: BaseException) -> Failure:
    """Map any exception raised by a handler to a Failure."""
    if isinstance(exc, ServiceError):
        retry_after = getattr(exc, "retry_after", None)
        return Failure(exc.code, exc.message, dict(exc.details), bool(exc.retryable),
                       float(retry_after) if retry_after is not None else None)
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        return Failure("PROVIDER_ERROR", f"HTTP {status} from {exc.request.url.host}",
                       {"status_code": status}, status in _RETRYABLE_STATUS,
                       parse_retry_after(exc.response.headers.get("retry-after")))
    if isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError):
        kind = "timeout" if isinstance(exc, httpx.TimeoutException | TimeoutError) else "error"
        # the category only: socket errors would tell a client which ports are open where
        return Failure("PROVIDER_ERROR", f"network {kind} reaching the provider", {"reason": kind}, True)
    if isinstance(exc, PydanticValidationError):
        errors = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]} for e in exc.errors()]
        return Failure("VALIDATION_ERROR", "Validation failed", {"errors": errors}, False)
    # The exception text is for the operator (the service log has it with the traceback), not the client.
    return Failure("INTERNAL_ERROR", "Unexpected error in the job handler; the service log has the details "
                   "under this job's id", {}, False)


def backoff_seconds(settings: Settings, retry_number: int, retry_after: float | None = None) -> float:
    """Delay before retry number `retry_number` (1-based): exponential with jitter, or the server's
    Retry-After (plus up to 10 % jitter so many jobs told the same time do not return together)."""
    if retry_after is not None:
        return retry_after * random.uniform(1.0, 1.1)
    base = settings.job_retry_backoff_ms / 1000 * settings.job_retry_backoff_multiplier ** max(0, retry_number - 1)
    delay = min(settings.job_retry_max_backoff_ms / 1000, base)
    return delay * random.uniform(0.5, 1.0)  # "equal jitter": never less than half the step
