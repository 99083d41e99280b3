"""The capability registry (architecture §4): every job type declared once.

A capability package declares its types in its `jobs.py`:

    @job_type("tts.generate", request=TtsRequest, result=TtsResult, queue="io",
              default_timeout_sec=300, estimate=lambda req: 2 + len(req.text) / 200)
    def generate(ctx: JobContext, request: TtsRequest) -> TtsResult: ...

and its router exposes it with `job_route(router, "/tts/generate", generate)`. The group lists that module in
its `Capability` (media_service.capability); worker processes import the same modules
(`load_capabilities`) so the handler exists where the job runs; test- and bench-only types come in through
`MEDIA_SERVICE_EXTRA_JOB_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from media_service.jobs.schemas import QueueName
from media_service.settings import Settings

if TYPE_CHECKING:
    from media_service.jobs.context import JobContext

__all__ = ["JobRegistry", "JobType", "QueueName", "job_type", "load_capabilities", "registry"]

Handler = Callable[["JobContext", Any], Any]


@dataclass(frozen=True, slots=True)
class JobType:
    """One job type. `handler(ctx, request) -> result` runs in a worker on `queue`.

    - `estimate(request) -> seconds` feeds `estimated_duration_sec` (default: `estimated_duration_sec`).
    - `prepare(request, settings) -> request` runs at submission and on dry_run: check refs, bindings
      and provider availability, normalise the request; raise a ServiceError to refuse it.
    - `available(settings) -> (ok, reason)` tells /capabilities whether the type can run here.
    - `warm_up()` runs once in the forkserver that cpu/gpu children are forked from (fonts, caches), so
      each job starts warm; never in the API process.
    - `webhook_events`: the events a job of this type sends to its webhook, instead of what the request
      asks for (a type whose handler announces its own event with `ctx.notify`, e.g. `batch.completed`).
    """

    name: str
    request_model: type[BaseModel]
    handler: Handler
    result_model: type[BaseModel] | None = None
    queue: QueueName = "io"
    default_timeout_sec: float | None = None
    scope: Literal["read", "write", "admin"] = "write"
    estimated_duration_sec: float = 10.0
    estimate: Callable[[Any], float] | None = None
    prepare: Callable[[Any, Settings], Any] | None = None
    available: Callable[[Settings], tuple[bool, str | None]] | None = None
    summary: str | None = None
    warm_up: Callable[[], None] | None = None
    webhook_events: tuple[str, ...] | None = None

    def limits(self, request: BaseModel, settings: Settings) -> tuple[float, int]:
        """(time limit in seconds, retries) for `request`: its options, else this type's and the settings'."""
        timeout_sec = getattr(request, "timeout_sec", None)
        max_retries = getattr(request, "max_retries", None)
        default = self.default_timeout_sec or settings.job_default_timeout_ms / 1000
        timeout = min(timeout_sec or default, settings.job_max_timeout_ms / 1000)
        return timeout, (max_retries if max_retries is not None else settings.job_max_retries)

    def estimate_for(self, request: BaseModel) -> float:
        """Estimated seconds for `request`, never negative."""
        if self.estimate is None:
            return self.estimated_duration_sec
        return max(0.0, float(self.estimate(request)))


class JobRegistry:
    """Name → JobType. Registering the same name twice with another declaration is a bug."""

    def __init__(self) -> None:
        self._types: dict[str, JobType] = {}

    def register(self, jt: JobType) -> JobType:
        existing = self._types.get(jt.name)
        if existing is not None and existing.handler is not jt.handler:
            same_origin = (existing.handler.__module__, existing.handler.__qualname__) == (
                jt.handler.__module__, jt.handler.__qualname__)
            if not same_origin:  # a re-import of the same module (e.g. as __main__) is not a conflict
                raise ValueError(f"job type {jt.name!r} is already registered by {existing.handler.__module__}")
        self._types[jt.name] = jt
        return jt

    def get(self, name: str) -> JobType:
        """The type called `name`; KeyError if no module declared it in this process."""
        return self._types[name]

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self) -> Iterator[JobType]:
        return iter(list(self._types.values()))

    def names(self) -> list[str]:
        return sorted(self._types)


registry = JobRegistry()


def job_type(name: str, *, request: type[BaseModel], result: type[BaseModel] | None = None, queue: QueueName = "io",
             default_timeout_sec: float | None = None, scope: Literal["read", "write", "admin"] = "write",
             estimated_duration_sec: float = 10.0, estimate: Callable[[Any], float] | None = None,
             prepare: Callable[[Any, Settings], Any] | None = None,
             available: Callable[[Settings], tuple[bool, str | None]] | None = None,
             summary: str | None = None, warm_up: Callable[[], None] | None = None,
             webhook_events: tuple[str, ...] | None = None,
             into: JobRegistry | None = None) -> Callable[[Handler], JobType]:
    """Decorator: declare the decorated handler as job type `name` in the default registry."""

    def decorate(handler: Handler) -> JobType:
        jt = JobType(name=name, request_model=request, handler=handler, result_model=result, queue=queue,
                     default_timeout_sec=default_timeout_sec, scope=scope, estimated_duration_sec=estimated_duration_sec,
                     estimate=estimate, prepare=prepare, available=available, warm_up=warm_up,
                     webhook_events=webhook_events,
                     summary=summary or (handler.__doc__ or "").strip().split("\n")[0] or None)
        return (into or registry).register(jt)

    return decorate


def load_capabilities(settings: Settings) -> list[str]:
    """Import the job modules of every installed capability (`media_service.capability`) and the extra
    modules named in settings; returns the names of the modules imported, so a forkserver can preload
    exactly these. Safe to call more than once."""
    from media_service.capability import CAPABILITY_LIST, installed_capabilities

    loaded = [CAPABILITY_LIST]
    for capability in installed_capabilities(settings):
        loaded.extend(capability.job_modules)
    for name in settings.job_extra_modules:  # a plain job module, or the package of an extra capability
        importlib.import_module(name)
        loaded.append(name)
    return list(dict.fromkeys(loaded))
