"""The small shared set every vendor failure maps to (style rule 7).

    ProviderError (502 PROVIDER_ERROR, media_service.errors)   details: provider, status_code, provider_message, reason
    ├── ProviderRetryableError    reason "rate_limited" | "server_error" | "network": another attempt may
    │                             succeed; `retry_after` (seconds) when the vendor said how long to wait
    ├── ProviderRejectedError     reason "rejected" (bad input, content refused, unknown model) | "invalid_response"
    ├── ProviderAuthError         reason "auth": the key is missing, wrong or lacks access; fix the configuration
    ├── ProviderQuotaError        reason "quota_exhausted": out of credits; never retried
    └── ProviderUnavailableError  reason "unavailable": gave up (deadline, paid work possibly received, job failed)
    ProviderNotConfiguredError (503 SERVICE_UNAVAILABLE)         details: provider, setting (the variable to set)

The API renders these with the PRD §9.2 envelope; `retryable` is a hint for the job runtime, which alone
decides whether to run the job again. Messages never contain keys: `scrub` removes them from anything a
vendor echoes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from media_service.errors import ProviderError, ServiceUnavailableError

__all__ = [
    "FailureReason",
    "ProviderAuthError",
    "ProviderError",
    "ProviderNotConfiguredError",
    "ProviderQuotaError",
    "ProviderRejectedError",
    "ProviderRetryableError",
    "ProviderUnavailableError",
    "scrub",
]

FailureReason = Literal["rate_limited", "server_error", "network", "rejected", "invalid_response", "auth",
                        "quota_exhausted", "unavailable"]
_MAX_MESSAGE = 500


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced by `***` and cut to a readable length."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "…"


class _Mapped(ProviderError):
    reason: FailureReason = "rejected"
    default_retryable = False

    def __init__(self, message: str, *, provider: str, status_code: int | None = None,
                 provider_message: str | None = None, retry_after: float | None = None,
                 reason: FailureReason | None = None) -> None:
        super().__init__(message, provider=provider, status_code=status_code, provider_message=provider_message,
                         retryable=self.default_retryable, retry_after=retry_after)
        self.details["reason"] = reason or self.reason
        if retry_after is not None:
            self.details["retry_after"] = round(retry_after, 3)


class ProviderRetryableError(_Mapped):
    """Rate limited, a server error or a network failure: a later attempt may succeed."""

    reason = "server_error"
    default_retryable = True


class ProviderRejectedError(_Mapped):
    """The vendor refused the request as asked (validation, content policy, unknown model), or answered nonsense."""

    reason = "rejected"


class ProviderAuthError(_Mapped):
    """The credentials were refused; retrying cannot help."""

    reason = "auth"


class ProviderQuotaError(_Mapped):
    """Out of credits or quota; retrying cannot help until the account is topped up."""

    reason = "quota_exhausted"


class ProviderUnavailableError(_Mapped):
    """The provider could not finish: deadline passed, its job failed, or paid work may already be running."""

    reason = "unavailable"


class ProviderNotConfiguredError(ServiceUnavailableError):
    """A provider was asked for but its credentials are not set; names the variable to set."""

    def __init__(self, provider: str, setting: str) -> None:
        super().__init__(f"provider {provider!r} is not configured: set {setting}",
                         details={"provider": provider, "setting": setting})
        self.provider = provider
        self.setting = setting
