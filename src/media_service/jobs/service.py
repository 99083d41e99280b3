"""The jobs engine inside the API process: its store, queues and registry, wired into `Services`
(health checks, metrics, shutdown) by `install_jobs`, which `routes.include_routers` calls."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog
from fastapi import FastAPI

from media_service.http.system import CheckResult
from media_service.jobs.queue import JobQueue
from media_service.jobs.recovery import recover
from media_service.jobs.registry import JobRegistry, load_capabilities, registry
from media_service.jobs.store import JobStore
from media_service.settings import Settings

if TYPE_CHECKING:
    from media_service.app import Services

__all__ = ["JobsService", "install_jobs", "jobs_service"]

log = structlog.get_logger("media_service.jobs")
EXTRAS_KEY = "jobs"


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


def jobs_service(services: Services) -> JobsService:
    """The JobsService installed on `services`."""
    return services.extras[EXTRAS_KEY]  # type: ignore[no-any-return]


def _probes(jobs: JobsService) -> dict[str, object]:
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


def install_jobs(app: FastAPI, services: Services) -> JobsService:
    """Create the jobs engine for this API process and mount the jobs API (and the routes of extra job
    modules — MEDIA_SERVICE_EXTRA_JOB_MODULES — that define `mount(app)`)."""
    from media_service.jobs.metrics import JobsCollector
    from media_service.jobs.router import build_router

    settings = services.settings
    load_capabilities(settings)
    queue = JobQueue(settings)
    store = JobStore.from_settings(settings)
    store.on_ready = lambda job: queue.enqueue(job.queue, job.id, priority=job.priority)  # cancels wake parents
    jobs = JobsService(settings=settings, store=store, queue=queue, types=registry)
    services.extras[EXTRAS_KEY] = jobs

    def job_availability(name: str) -> tuple[bool, str | None]:
        jt = registry.get(name) if name in registry else None
        if jt is None:
            return False, f"job type {name} is not installed in this build"
        return jt.available(settings) if jt.available else (True, None)

    services.job_availability = job_availability
    try:
        stale, restored = recover(jobs.store, jobs.queue, settings)
        if stale or restored:
            log.warning("jobs.recovery.completed", stale=stale, restored=restored)
    except Exception:  # recovery also runs in every worker; the API must still come up
        log.exception("jobs.recovery.failed")
    probes = _probes(jobs)
    services.health.add("database", probes["database"])  # type: ignore[arg-type]
    services.health.add("queue", probes["queue"])  # type: ignore[arg-type]
    services.health.add("workers", probes["workers"], required=False)  # type: ignore[arg-type]
    services.metrics.register(JobsCollector(jobs.store, settings))
    services.on_shutdown.append(jobs.close)
    app.include_router(build_router(settings.api_prefix))
    for name in settings.job_extra_modules:  # test/bench/plugin modules may bring routes for their types
        mount = getattr(sys.modules[name], "mount", None)
        if callable(mount):
            mount(app)
    return jobs
