"""Fixtures for the job engine: an app with the test job types mounted, and real workers
(in-process `Worker` threads + forkserver children, or the worker subprocess `serve` starts)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from media_service.jobs import Worker
from media_service.jobs.immediate import ImmediateJobs
from media_service.jobs.schemas import TERMINAL_STATUSES
from media_service.settings import Settings
from media_service.workers import context_services

from . import sample_jobs

# How a worker subprocess imports the test types: by this module's name, from this sys.path entry.
SAMPLE_MODULE = sample_jobs.__name__
SAMPLE_ROOT = str(Path(sample_jobs.__file__).resolve().parents[len(SAMPLE_MODULE.split(".")) - 1])

FAST_ENV = {
    "MEDIA_SERVICE_EXTRA_JOB_MODULES": SAMPLE_MODULE,
    "JOB_QUEUE_RETRY_BACKOFF_MS": "100",
    "JOB_QUEUE_POLL_INTERVAL_MS": "20",
    "JOB_QUEUE_LEASE_TTL_SEC": "3",
    "JOB_QUEUE_CANCEL_GRACE_MS": "400",
    "JOB_QUEUE_CPU_WORKERS": "2",
    "JOB_QUEUE_IO_WORKERS": "8",
    "JOB_QUEUE_SYNC_WAIT_SEC": "5",
    "WEBHOOK_BACKOFF_MS": "100",
    "WEBHOOK_TIMEOUT_MS": "2000",
    "EGRESS_ALLOW_HOSTS": "127.0.0.1",  # webhook receivers listen on loopback (refused by default)
}


def python_path() -> str:
    return ":".join(dict.fromkeys([SAMPLE_ROOT, *[p for p in sys.path if p]]))


@pytest.fixture
def jobs_client(make_client: Callable[..., TestClient]) -> Callable[..., TestClient]:
    """A TestClient over an app with the test job types mounted; `env` overrides FAST_ENV."""

    def factory(env: dict[str, str] | None = None, **kw: Any) -> TestClient:
        return make_client({**FAST_ENV, **(env or {})}, **kw)  # install_jobs mounts sample_jobs' routes

    return factory


@pytest.fixture
def start_worker() -> Iterator[Callable[..., Worker]]:
    """Start an in-process worker on a client's settings; stopped at teardown."""
    workers: list[Worker] = []

    def factory(client: TestClient, **kw: Any) -> Worker:
        kw.setdefault("context", context_services())
        worker = Worker(client.app.state.web.settings, **kw).start()  # type: ignore[attr-defined]
        workers.append(worker)
        return worker

    yield factory
    for w in workers:
        w.stop(grace=0)


@pytest.fixture
def immediate_jobs(make_settings: Callable[..., Settings]) -> Iterator[Callable[..., ImmediateJobs]]:
    """Immediate mode: `immediate_jobs(env).submit(type, request)` runs the job (and its children) in this
    thread on an in-memory store, with the media layer on its context, and returns the finished job."""
    made: list[ImmediateJobs] = []

    def factory(env: dict[str, str] | None = None) -> ImmediateJobs:
        jobs = ImmediateJobs(make_settings(env), context=context_services())
        made.append(jobs)
        return jobs

    yield factory
    for jobs in made:
        jobs.close()


def post_job(client: TestClient, name: str, body: dict[str, Any] | None = None, **kw: Any) -> str:
    """Submit a test job; returns its id."""
    r = client.post(f"/api/v1/test/{name}", json=body or {}, **kw)
    assert r.status_code == 202, r.text
    return str(r.json()["data"]["job_id"])


def get_job(client: TestClient, job_id: str) -> dict[str, Any]:
    r = client.get(f"/api/v1/jobs/{job_id}")
    assert r.status_code == 200, r.text
    return dict(r.json()["data"])


def wait_job(client: TestClient, job_id: str, *, statuses: frozenset[str] | set[str] = TERMINAL_STATUSES,
             timeout: float = 15.0) -> dict[str, Any]:
    """Poll GET /jobs/:id until its status is in `statuses`."""
    until = time.monotonic() + timeout
    while True:
        job = get_job(client, job_id)
        if job["status"] in statuses:
            return job
        if time.monotonic() > until:
            raise AssertionError(f"job {job_id} still {job['status']} after {timeout}s: {job}")
        time.sleep(0.02)


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    until = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > until:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
