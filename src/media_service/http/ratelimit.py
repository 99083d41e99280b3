"""Per-key rate limits (PRD §10: requests per minute, per hour, and a burst per second).

Two budgets per key: the PRD's (`RATE_LIMIT_*`) for everything, and a larger one for reads of a job by id
(`GET /jobs/{id}`, its events, logs and result: `RATE_LIMIT_READS_*`), so that a client polling the job
it submitted does not spend the budget of its writes. The gateway picks the budget by path; a read of a
job another key created is charged to the PRD budget as well (`charge_foreign_read`).

Built on the `limits` library: moving windows in memory by default, in Redis when `REDIS_URL` is set
so several API processes share one budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from typing import Any, Literal

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from media_service.errors import RateLimitError
from media_service.settings import Settings

__all__ = ["Budget", "Decision", "RateLimiter", "charge_foreign_read", "refuse"]

Budget = Literal["default", "reads"]


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_after: float  # seconds until the binding window frees a slot
    window: str

    def headers(self) -> dict[str, str]:
        """IETF `RateLimit-*` headers, plus `Retry-After` when refused."""
        hdrs = {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(self.remaining),
                "RateLimit-Reset": str(max(0, int(self.reset_after + 0.999)))}
        if not self.allowed:
            hdrs["Retry-After"] = str(max(1, int(self.reset_after + 0.999)))
        return hdrs


class RateLimiter:
    """Checks and counts one request against every window of a key's budget."""

    def __init__(self, settings: Settings) -> None:
        self._storage = storage_from_string(settings.redis_url or "memory://")
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._budgets: dict[Budget, list[tuple[str, RateLimitItem]]] = {
            "default": [
                ("second", RateLimitItemPerSecond(settings.rate_limit_burst)),
                ("minute", RateLimitItemPerMinute(settings.rate_limit_per_minute)),
                ("hour", RateLimitItemPerHour(settings.rate_limit_per_hour)),
            ],
            "reads": [
                ("second", RateLimitItemPerSecond(settings.rate_limit_reads_burst)),
                ("minute", RateLimitItemPerMinute(settings.rate_limit_reads_per_minute)),
            ],
        }

    def hit(self, key_id: str, budget: Budget = "default") -> Decision:
        """Count one request of `key_id` against every window of `budget` (nothing is counted when refused)."""
        now = time.time()
        items = self._budgets[budget]
        namespace = "rl" if budget == "default" else f"rl-{budget}"
        for name, item in items:
            if not self._limiter.test(item, namespace, key_id):
                stats = self._limiter.get_window_stats(item, namespace, key_id)
                return Decision(False, item.amount, 0, max(0.0, stats.reset_time - now), name)
        for _, item in items:
            self._limiter.hit(item, namespace, key_id)
        # Report the per-minute window, the one clients plan against; remaining is the tightest of all.
        remaining = []
        for name, item in items:
            stats = self._limiter.get_window_stats(item, namespace, key_id)
            remaining.append((stats.remaining, max(0.0, stats.reset_time - now), name, item.amount))
        minute = next(r for r in remaining if r[2] == "minute")
        return Decision(True, minute[3], min(r[0] for r in remaining), minute[1], "minute")


def refuse(decision: Decision) -> RateLimitError:
    """The 429 for a refused decision."""
    return RateLimitError(f"Rate limit exceeded ({decision.limit} requests per {decision.window})",
                          retry_after=decision.reset_after,
                          details={"limit": decision.limit, "window": decision.window})


def charge_foreign_read(scope_state: dict[str, Any], owner: str | None) -> None:
    """A job read on the reads budget whose job another key created also spends the PRD budget (the
    larger budget is for polling one's own jobs); raises the 429 when that budget is spent."""
    limiter: RateLimiter | None = scope_state.get("rate_limiter")
    principal = scope_state.get("principal")
    if limiter is None or principal is None or scope_state.get("rate_budget") != "reads":
        return
    if owner is None or owner == principal.key_id:
        return
    decision = limiter.hit(principal.key_id)
    if not decision.allowed:
        raise refuse(decision)
