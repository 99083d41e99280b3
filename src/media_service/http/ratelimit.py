"""Per-key rate limits (PRD §10: requests per minute, per hour, and a burst per second).

Built on the `limits` library: moving windows in memory by default, in Redis when `REDIS_URL` is set
so several API processes share one budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from media_service.settings import Settings

__all__ = ["Decision", "RateLimiter"]


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
        self._items: list[tuple[str, RateLimitItem]] = [
            ("second", RateLimitItemPerSecond(settings.rate_limit_burst)),
            ("minute", RateLimitItemPerMinute(settings.rate_limit_per_minute)),
            ("hour", RateLimitItemPerHour(settings.rate_limit_per_hour)),
        ]

    def hit(self, key_id: str) -> Decision:
        now = time.time()
        for name, item in self._items:
            if not self._limiter.test(item, "rl", key_id):
                stats = self._limiter.get_window_stats(item, "rl", key_id)
                return Decision(False, item.amount, 0, max(0.0, stats.reset_time - now), name)
        for _, item in self._items:
            self._limiter.hit(item, "rl", key_id)
        # Report the per-minute window, the one clients plan against; remaining is the tightest of all.
        remaining = []
        for name, item in self._items:
            stats = self._limiter.get_window_stats(item, "rl", key_id)
            remaining.append((stats.remaining, max(0.0, stats.reset_time - now), name, item.amount))
        minute = next(r for r in remaining if r[2] == "minute")
        return Decision(True, minute[3], min(r[0] for r in remaining), minute[1], "minute")
