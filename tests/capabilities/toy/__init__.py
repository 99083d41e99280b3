"""A toy capability group, defined only here: one job type (`toy.echo`, queue `cpu`), one route
(`POST /api/v1/toy/echo`) and one readiness check. Registered by one line — this module's name in
MEDIA_SERVICE_EXTRA_JOB_MODULES — and nothing else; test_toy_capability.py shows that is enough."""

from __future__ import annotations

from collections.abc import Callable

from media_service.capability import Capability, ReadinessCheck
from media_service.http.health import CheckResult
from media_service.settings import Settings

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]


def _ready(settings: Settings) -> Callable[[], CheckResult]:
    return lambda: CheckResult("ok", f"echoing under {settings.api_prefix}")


CAPABILITY = Capability(name="toy", router=build_router, jobs=(jobs,),
                        checks=(ReadinessCheck("toy", _ready, required=False),))
