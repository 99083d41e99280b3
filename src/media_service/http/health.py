"""Readiness checks: what `/health/ready` runs, one entry per dependency."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["CheckResult", "HealthCheck", "HealthRegistry"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    status: Literal["ok", "down", "not_configured"]
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """One dependency of readiness. A `required` check that is down makes /health/ready answer 503."""

    name: str
    probe: Callable[[], CheckResult]
    required: bool = True


@dataclass
class HealthRegistry:
    """The readiness checks, run in the order they were added."""

    checks: list[HealthCheck] = field(default_factory=list)

    def add(self, name: str, probe: Callable[[], CheckResult], *, required: bool = True) -> None:
        """Report `probe` as `name`; a `required` one that is down makes the service not ready."""
        self.checks.append(HealthCheck(name, probe, required))

    def run(self) -> tuple[bool, dict[str, dict[str, Any]]]:
        """(ready, {name: {status, required, detail?}}); a probe that raises counts as down."""
        ready = True
        out: dict[str, dict[str, Any]] = {}
        for check in self.checks:
            try:
                result = check.probe()
            except Exception as exc:  # noqa: BLE001 -- a probe that raises is a dependency that is down
                result = CheckResult("down", f"{type(exc).__name__}: {exc}")
            out[check.name] = {"status": result.status, "required": check.required,
                               **({"detail": result.detail} if result.detail else {})}
            if check.required and result.status == "down":
                ready = False
        return ready, out
