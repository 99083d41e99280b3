"""Job engine: the real `media-service serve` (API + embedded worker, default SQLite store) on loopback.

Prints
- submit latency p50/p99 (POST of a trivial io job, one client, keep-alive; PRD sync p95 < 100 ms);
- queued → processing pickup latency with the workers idle (and submit → completed);
- end-to-end jobs/s for 1,000 trivial jobs (from the first submit to the last completion);
- how many io jobs run at once: with the defaults (JOB_QUEUE_MAX_CONCURRENT caps the total) and with
  the cap and io workers raised to 100 (PRD §1.3 asks for 100 concurrent).

The job types live in this file; the service imports it as `bench.jobs` (MEDIA_SERVICE_EXTRA_JOB_MODULES)
and mounts its routes. The load generator shares the machine's cores with the service.

    python bench/jobs.py [--jobs 1000] [--submits 300]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import httpx
from fastapi import APIRouter, FastAPI

from media_service.jobs import JobContext, JobOptions, job_route, job_type

KEY = "bench-key"
ROOT = Path(__file__).resolve().parents[1]


class WaitRequest(JobOptions):
    seconds: float = 0.0


def _wait(ctx: JobContext, req: WaitRequest) -> dict[str, float]:
    until = time.monotonic() + req.seconds
    while time.monotonic() < until and not ctx.cancelled():  # a provider poll loop, in miniature
        time.sleep(0.05)
    return {"waited": req.seconds}


bench_wait = job_type("bench.wait", request=WaitRequest, queue="io", estimated_duration_sec=0.0)(_wait)


def mount(app: FastAPI) -> None:
    router = APIRouter(prefix="/api/v1/bench")
    job_route(router, "/wait", bench_wait)
    app.include_router(router)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    def __init__(self, tmp: str, **env: str) -> None:
        port = _port()
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
                    "REMOTION_SERVICE_PORT": str(port), "REMOTION_SERVICE_API_KEY": KEY, "RATE_LIMIT_ENABLED": "false",
                    "DATA_DIR": f"{tmp}/data", "OUTPUT_DIR": f"{tmp}/out", "TEMP_DIR": f"{tmp}/tmp",
                    "REMOTION_SERVICE_LOG_LEVEL": "warning", "REMOTION_SERVICE_CONFIG": f"{tmp}/absent.yaml",
                    "MEDIA_SERVICE_EXTRA_JOB_MODULES": "bench.jobs", **env}
        self.proc = subprocess.Popen([sys.executable, "-m", "media_service.cli", "serve"], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": KEY}, timeout=60)
        until = time.monotonic() + 90
        while time.monotonic() < until:
            try:
                if self.http.get("/health/ready").json()["dependencies"]["workers"]["status"] == "ok":
                    return
            except (httpx.HTTPError, KeyError, ValueError):
                pass
            time.sleep(0.1)
        self.stop()
        raise SystemExit("the service did not start with a live worker")

    def submit(self, seconds: float = 0.0) -> str:
        r = self.http.post("/api/v1/bench/wait", json={"seconds": seconds})
        r.raise_for_status()
        return str(r.json()["data"]["job_id"])

    def job(self, job_id: str) -> dict:
        return dict(self.http.get(f"/api/v1/jobs/{job_id}").json()["data"])

    def drain(self) -> None:
        while self.http.get("/api/v1/jobs", params={"status": "queued,processing", "limit": 1}).json()["data"]["jobs"]:
            time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.http.close()


def _t(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def submit_latency(svc: Service, n: int) -> None:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        svc.submit()
        times.append((time.perf_counter() - start) * 1000)
    svc.drain()
    p95 = _pct(times, 0.95)
    print(f"submit latency ({n} POSTs): p50 {_pct(times, 0.5):.1f} ms  p95 {p95:.1f} ms  p99 {_pct(times, 0.99):.1f} ms"
          f"  (p95 / 100 ms bound = {p95 / 100:.2f})")


def pickup_latency(svc: Service, n: int) -> None:
    pickup, total = [], []
    for _ in range(n):
        job_id = svc.submit()
        while (job := svc.job(job_id))["status"] != "completed":
            time.sleep(0.01)
        pickup.append((_t(job["started_at"]) - _t(job["created_at"])) * 1000)
        total.append((_t(job["completed_at"]) - _t(job["created_at"])) * 1000)
        time.sleep(0.3)  # let the dispatcher go idle again
    print(f"pickup queued→processing, idle ({n} jobs): p50 {statistics.median(pickup):.1f} ms  "
          f"p99 {_pct(pickup, 0.99):.1f} ms; submit→completed p50 {statistics.median(total):.1f} ms")


def throughput(svc: Service, n: int, clients: int = 8) -> None:
    start = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        ids = list(pool.map(lambda _: svc.submit(), range(n)))
    submitted = time.monotonic() - start
    svc.drain()
    elapsed = time.monotonic() - start
    ok = sum(svc.job(i)["status"] == "completed" for i in ids[-50:])
    print(f"end to end, {n} trivial jobs ({clients} submitting clients): {n / elapsed:.0f} jobs/s "
          f"({elapsed:.1f} s; submitting alone took {submitted:.1f} s = {n / submitted:.0f}/s; last 50 completed: {ok})")


def io_concurrency(svc: Service, n: int, seconds: float, label: str) -> None:
    ids = [svc.submit(seconds) for _ in range(n)]
    svc.drain()
    edges = []
    for job_id in ids:
        job = svc.job(job_id)
        edges += [(_t(job["started_at"]), 1), (_t(job["completed_at"]), -1)]
    running = peak = 0
    for _, step in sorted(edges, key=lambda e: (e[0], e[1])):
        running += step
        peak = max(peak, running)
    print(f"io jobs running at once, {label}: {peak} of {n} ({seconds:g} s waits)  (ratio to 100 = {peak / 100:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--submits", type=int, default=300)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; SQLite store and queues in a temp DATA_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        svc = Service(tmp)
        try:
            submit_latency(svc, args.submits)
            pickup_latency(svc, 30)
            throughput(svc, args.jobs)
            io_concurrency(svc, 100, 3.0, "defaults (JOB_QUEUE_MAX_CONCURRENT=10, io workers 32)")
        finally:
            svc.stop()
    with tempfile.TemporaryDirectory() as tmp:
        svc = Service(tmp, JOB_QUEUE_MAX_CONCURRENT="110", JOB_QUEUE_IO_WORKERS="100")
        try:
            io_concurrency(svc, 100, 3.0, "JOB_QUEUE_MAX_CONCURRENT=110, JOB_QUEUE_IO_WORKERS=100")
        finally:
            svc.stop()


if __name__ == "__main__":
    main()
