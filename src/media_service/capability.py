"""What a capability group declares, and the list the service runs.

Each group (`capabilities/<group>/__init__.py`) exports one `Capability` value; the explicit list
`media_service.capabilities.CAPABILITIES` is all the application and the workers read:

    CAPABILITY = Capability(
        name="audio",
        router=build_router,                      # (api_prefix) -> APIRouter, mounted by the app
        jobs=(jobs,),                             # modules declaring its job types (API and every worker)
        warm_up=(index_music_library,),           # (settings) -> None, once in the background at `serve`
        providers=(),                             # provider names it can use (docs/providers.md)
        checks=(ReadinessCheck("music_library", probe, required=False),),
    )

Adding a group is one package and one line in that list. Test, bench and plugin groups come in through
MEDIA_SERVICE_EXTRA_JOB_MODULES: a module there that exports `CAPABILITY` joins the list (in the API and
in every worker, which get the same settings); any other module is imported for its job types only.

Job types warm their worker processes themselves (`job_type(..., warm_up=...)`, run once in the forkserver
cpu/gpu children are forked from); a capability's `warm_up` hooks run in the API process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from media_service.settings import Settings

if TYPE_CHECKING:
    from fastapi import APIRouter

    from media_service.http.health import CheckResult

__all__ = ["CAPABILITY_LIST", "Capability", "ReadinessCheck", "installed_capabilities"]

#: The module whose `CAPABILITIES` list the service runs, found by name (as a worker finds its app) so
#: that the layers below the capabilities never import them.
CAPABILITY_LIST = "media_service.capabilities"


@dataclass(frozen=True, slots=True)
class ReadinessCheck:
    """A dependency `/health/ready` reports: `probe(settings)` builds, once at start-up, the callable
    that answers a CheckResult; `required=False` reports without making the service not ready."""

    name: str
    probe: Callable[[Settings], Callable[[], CheckResult]]
    required: bool = True


@dataclass(frozen=True, slots=True)
class Capability:
    """One capability group: its routes, job modules, warm-up hooks, providers and readiness checks."""

    name: str
    router: Callable[[str], APIRouter] | None = None
    jobs: Sequence[ModuleType] = ()
    warm_up: Sequence[Callable[[Settings], None]] = ()
    providers: Sequence[str] = ()
    checks: Sequence[ReadinessCheck] = ()

    @property
    def job_modules(self) -> list[str]:
        """The dotted names of its job modules (what a forkserver preloads)."""
        return [module.__name__ for module in self.jobs]


def installed_capabilities(settings: Settings) -> list[Capability]:
    """The service's list, then each extra module (MEDIA_SERVICE_EXTRA_JOB_MODULES) that exports
    `CAPABILITY`, imported in that order; two capabilities with one name are a ValueError."""
    listed: list[Capability] = list(importlib.import_module(CAPABILITY_LIST).CAPABILITIES)
    for name in settings.job_extra_modules:
        extra = getattr(importlib.import_module(name), "CAPABILITY", None)
        if isinstance(extra, Capability):
            listed.append(extra)
    seen: set[str] = set()
    unique = []
    for capability in listed:
        if capability.name in seen:
            raise ValueError(f"two capabilities are called {capability.name!r}")
        seen.add(capability.name)
        unique.append(capability)
    return unique
