"""Crash safety end to end: the real service (`media-service serve`, API + supervised worker) as a
subprocess, 200 short jobs and 4 parents with 3 children each (`ctx.jobs`), kill -9 of the worker twice and
of the whole service once at random moments, restart; every job must end, each completed exactly once, and
every parent keeps exactly its three children."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from media_service.jobs.store import JobStore
from media_service.settings import load_settings

from tests.conftest import HANG_LIMIT_SEC, REQUEST_TIMEOUT_SEC, SERVE_LIMIT_SEC

from .conftest import FAST_ENV, python_path

KEY = "crash-test-key"
JOBS = 200
PARENTS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    """`media-service serve` in its own process group, so the whole service can be killed at once."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.env = {**os.environ, **FAST_ENV, "PYTHONPATH": python_path(), "REMOTION_SERVICE_API_KEY": KEY,
                    "RATE_LIMIT_ENABLED": "false", "DATA_DIR": str(tmp / "data"), "OUTPUT_DIR": str(tmp / "out"),
                    "TEMP_DIR": str(tmp / "tmp"), "REMOTION_SERVICE_CONFIG": str(tmp / "none.yaml"),
                    "REMOTION_SERVICE_LOG_LEVEL": "warning", "JOB_QUEUE_IO_WORKERS": "6", "JOB_QUEUE_CPU_WORKERS": "2"}
        self.proc: subprocess.Popen[bytes] | None = None
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", headers={"X-API-Key": KEY}, timeout=REQUEST_TIMEOUT_SEC)

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "media_service.cli", "serve", "--port", str(self.port)],
                                     env=self.env, start_new_session=True)
        until = time.monotonic() + SERVE_LIMIT_SEC
        while time.monotonic() < until:
            assert self.proc.poll() is None, "the service exited during start-up"
            try:
                deps = self.http.get("/health/ready").json()["dependencies"]
                if deps["workers"]["status"] == "ok":
                    return
            except (httpx.HTTPError, KeyError, ValueError):
                pass
            time.sleep(0.1)
        raise AssertionError("the service did not become ready with a live worker")

    def worker_pid(self, *, exclude: int | None = None) -> int | None:
        """The worker process the service supervises (its child running media_service.jobs)."""
        assert self.proc is not None
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                cmd = (entry / "cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.proc.pid and b"media_service.workers" in cmd and int(entry.name) != exclude:
                return int(entry.name)
        return None

    def wait_until_running(self, limit: float = HANG_LIMIT_SEC) -> None:
        """Return once some job is `processing` in a worker (a parent waiting on its children is not;
        or after `limit` seconds)."""
        until = time.monotonic() + limit
        while time.monotonic() < until:
            running = self.http.get("/api/v1/jobs", params={"status": "processing", "limit": 20}).json()["data"]
            if any(job["type"] != "test.parent" for job in running["jobs"]):
                return
            time.sleep(0.02)

    def kill_all(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill_all()
        self.http.close()


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    svc = Service(tmp_path)
    svc.start()
    yield svc
    svc.stop()


@pytest.mark.slow  # ~45 s on an idle 2-core machine, over 60 s when it is busy
def test_kill_9_worker_and_service_every_job_completes_once(service: Service, tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("CRASH_SEED", time.time())))
    done_file = tmp_path / "handler-completions"
    ids = []
    for i in range(JOBS):
        name = "cpu_sleep" if i % 2 else "sleep"
        body = {"seconds": rng.uniform(0.05, 0.3), "steps": 3, "max_retries": 10, "done_file": str(done_file)}
        r = service.http.post(f"/api/v1/test/{name}", json=body)
        assert r.status_code == 202, r.text
        ids.append(r.json()["data"]["job_id"])
    child_done = tmp_path / "child-completions"
    parents = []
    for _ in range(PARENTS):
        child = {"seconds": rng.uniform(0.3, 0.8), "steps": 3, "max_retries": 10, "done_file": str(child_done)}
        r = service.http.post("/api/v1/test/parent", json={"children": 3, "child_type": "test.cpu_sleep",
                                                           "child": child, "max_retries": 10})
        assert r.status_code == 202, r.text
        parents.append(r.json()["data"]["job_id"])

    for kill in ("worker", "service", "worker"):
        time.sleep(rng.uniform(0.1, 0.8))
        service.wait_until_running()  # a random moment, but one with a job in flight to interrupt
        if kill == "worker":
            old = service.worker_pid()
            assert old is not None, "no worker process found"
            os.kill(old, signal.SIGKILL)
            until = time.monotonic() + HANG_LIMIT_SEC  # the service restarts its worker
            while service.worker_pid(exclude=old) is None and time.monotonic() < until:
                time.sleep(0.1)
        else:
            service.kill_all()
            service.start()

    until = time.monotonic() + 2 * HANG_LIMIT_SEC  # on a loaded machine the 212 jobs take minutes
    while time.monotonic() < until:
        left = service.http.get("/api/v1/jobs", params={"status": "queued,processing", "limit": 100}).json()["data"]
        if not left["jobs"]:
            break
        time.sleep(0.25)
    assert not left["jobs"], [(j["id"], j["type"], j["status"], j["current_step"]) for j in left["jobs"]]
    store = JobStore.from_settings(load_settings({"DATA_DIR": service.env["DATA_DIR"]}, config_file=tmp_path / "x"))
    try:
        jobs = {j: store.get(j) for j in ids}
        completions = Counter(e.job_id for e in store.events_after(0, limit=1_000_000) if e.type == "job.completed")
        families = {p: (store.get(p), store.children(p)) for p in parents}
    finally:
        store.close()
    for parent, children in families.values():
        assert parent.status == "completed", parent
        assert len(children) == 3 and {c.status for c in children} == {"completed"}, children
        assert sorted(parent.result["children"]) == sorted(c.id for c in children)  # type: ignore[index]
        assert all(completions[c.id] == 1 for c in children) and completions[parent.id] == 1
    child_runs = Counter(line.split()[0] for line in child_done.read_text().splitlines())
    assert set(child_runs) == {c.id for _, children in families.values() for c in children}
    statuses = Counter(j.status for j in jobs.values())
    assert statuses == {"completed": JOBS}, statuses
    assert set(ids) <= set(completions) and set(completions.values()) == {1}  # nothing completed twice
    handler_runs = Counter(line.split()[0] for line in done_file.read_text().splitlines())
    assert set(handler_runs) == set(ids)
    retries = sum(j.retries for j in jobs.values()) + sum(c.retries for _, cs in families.values() for c in cs)
    assert retries >= 1, "no kill interrupted a running job"
