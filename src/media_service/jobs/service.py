"""The jobs engine inside the API process: its store, queues and registry (`JobsService`, kept on the app
and reached by routers as the `JobsDep` dependency), installed by `create_app` through `install_jobs`.

What the engine needs from the application that installs it is the small `JobsHost` protocol: settings,
somewhere to add readiness checks and metrics collectors, shutdown hooks, and a slot telling /capabilities
whether a job type can run here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Protocol

import structlog
from fastapi import Depends, FastAPI
from starlette.requests import HTTPConnection

from media_service.http.health import CheckResult
from media_service.http.state import app_state
from media_service.jobs.metrics import JobsCollector
from media_service.jobs.queue import JobQueue
from media_service.jobs.recovery import recover
from media_service.jobs.registry import JobRegistry, load_capabilities, registry
from media_service.jobs.store import JobStore
from media_service.settings import Settings

__all__ = ["JobsDep", "JobsHost", "JobsService", "get_jobs", "install_jobs", "jobs_service"]

log = structlog.get_logger("media_service.jobs")


class _Checks(Protocol):
    def add(self, name: str, probe: Callable[[], CheckResult], *, required: bool = True) -> None: ...


class _Collectors(Protocol):
    def register(self, collector: JobsCollector) -> None: ...


class JobsHost(Protocol):
    """What the jobs engine needs from the application it is installed in (the app's WebState is one)."""

    job_availability: Callable[[str], tuple[bool, str | None]] | None  # set here: tells /capabilities

    @property
    def settings(self) -> Settings: ...

    @property
    def health(self) -> _Checks: ...

    @property
    def metrics(self) -> _Collectors: ...

    @property
    def on_shutdown(self) -> list[Callable[[], None]]: ...


@dataclass
class JobsService:
    """What routers need to submit and read jobs."""

    settings: Settings
    store: JobStore
    queue: JobQueue
    types: JobRegistry

    def close(self) -> None:
        self.queue.close()
        self.store.close()


def jobs_service(app: FastAPI) -> JobsService:
    """The JobsService installed on `app`."""
    return app_state(app, "jobs", JobsService)


def get_jobs(connection: HTTPConnection) -> JobsService:
    """Dependency: the jobs engine of the app serving the request (or WebSocket)."""
    return jobs_service(connection.app)


JobsDep = Annotated[JobsService, Depends(get_jobs)]


def _probes(jobs: JobsService) -> dict[str, Callable[[], CheckResult]]:
    def database() -> CheckResult:
        jobs.store.ping()
        return CheckResult("ok")

    def queue() -> CheckResult:
        jobs.queue.ping()
        return CheckResult("ok", "redis" if jobs.settings.queue_url else "sqlite")

    def workers() -> CheckResult:
        alive = jobs.store.workers(alive_within=jobs.settings.job_lease_ttl_sec)
        if not alive:
            return CheckResult("down", "no worker has a live heartbeat; jobs stay queued until one starts")
        return CheckResult("ok", f"{len(alive)} worker(s): " + ", ".join(f"pid {w['pid']} [{w['queues']}]" for w in alive))

    return {"database": database, "queue": queue, "workers": workers}


def install_jobs(app: FastAPI, host: JobsHost) -> JobsService:
    """Create the jobs engine for this API process, keep it on `app` and mount the jobs API (and the
    routes of extra job modules — MEDIA_SERVICE_EXTRA_JOB_MODULES — that define `mount(app)`)."""
    from media_service.jobs.router import build_router

    settings = host.settings
    load_capabilities(settings)
    queue = JobQueue(settings)
    store = JobStore.from_settings(settings)
    store.on_ready = lambda job: queue.enqueue(job.queue, job.id, priority=job.priority)  # cancels wake parents
    jobs = JobsService(settings=settings, store=store, queue=queue, types=registry)
    app.state.jobs = jobs

    def job_availability(name: str) -> tuple[bool, str | None]:
        jt = registry.get(name) if name in registry else None
        if jt is None:
            return False, f"job type {name} is not installed in this build"
        return jt.available(settings) if jt.available else (True, None)

    host.job_availability = job_availability
    try:
        stale, restored = recover(jobs.store, jobs.queue, settings)
        if stale or restored:
            log.warning("jobs.recovery.completed", stale=stale, restored=restored)
    except Exception:  # recovery also runs in every worker; the API must still come up
        log.exception("jobs.recovery.failed")
    probes = _probes(jobs)
    host.health.add("database", probes["database"])
    host.health.add("queue", probes["queue"])
    host.health.add("workers", probes["workers"], required=False)
    host.metrics.register(JobsCollector(jobs.store, settings))
    host.on_shutdown.append(jobs.close)
    app.include_router(build_router(settings.api_prefix))
    for name in settings.job_extra_modules:  # test/bench/plugin modules may bring routes for their types
        mount = getattr(sys.modules[name], "mount", None)
        if callable(mount):
            mount(app)
    return jobs
