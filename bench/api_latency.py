"""API latency: the real `media-service serve` on loopback under an open-loop load at a fixed offered rate.

For `/health` and `GET /api/v1/jobs/{id}` (a completed job with its result and log lines) at 200 and
500 requests/s offered, prints the achieved rate, p50/p99 latency and the load generator's own CPU.
Latency is measured from each request's *scheduled* send time, so a server that falls behind shows it
(no coordinated omission). The goal of issue #11 item 15: `GET /jobs/{id}` p99 < 10 ms at 500 rps; the
ratio printed is p99 / 10 ms. The client is lean (raw asyncio streams, keep-alive, uvloop when present)
and shares the machine's cores with the server, so these are conservative numbers.

    python bench/api_latency.py [--seconds 10] [--rates 200,500] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

KEY = "bench-key"
GOAL_P99_MS = 10.0
AD = {"template_id": "sale-badge", "bindings": {"text": {"headline": "Latency"}}, "format": "png"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(tmp: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REMOTION_SERVICE_PORT": str(port), "REMOTION_SERVICE_API_KEY": KEY,
           "RATE_LIMIT_ENABLED": "false", "DATA_DIR": f"{tmp}/data", "OUTPUT_DIR": f"{tmp}/out",
           "TEMP_DIR": f"{tmp}/tmp", "EXPORT_ROOTS": f"{tmp}/exports", "REMOTION_SERVICE_LOG_LEVEL": "warning",
           "REMOTION_SERVICE_CONFIG": f"{tmp}/absent.yaml", "JOB_QUEUE_CPU_WORKERS": "1", "JOB_QUEUE_IO_WORKERS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "media_service.cli", "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    while time.monotonic() < started + 300:  # generous: the machine may be loaded; a dead server ends it at once
        if proc.poll() is not None:
            raise SystemExit(f"server exited with code {proc.returncode} before answering /health")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=0.5).status_code == 200:
                print(f"  start-up: /health answered {time.monotonic() - started:.1f} s after `media-service serve`")
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def completed_job(base: str) -> str:
    """Submit a static ad and wait for it: the job read in the benchmark has a result and log lines."""
    headers = {"X-API-Key": KEY}
    r = httpx.post(f"{base}/api/v1/render/ad-template", json=AD, headers=headers, timeout=30)
    r.raise_for_status()
    job_id = str(r.json()["data"]["job_id"])
    until = time.monotonic() + 120
    while time.monotonic() < until:
        job = httpx.get(f"{base}/api/v1/jobs/{job_id}", headers=headers, timeout=30).json()["data"]
        if job["status"] == "completed":
            return job_id
        if job["status"] in ("failed", "cancelled", "timeout"):
            raise SystemExit(f"benchmark job ended {job['status']}: {job.get('error')}")
        time.sleep(0.2)
    raise SystemExit("benchmark job did not complete in 120 s")


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    await reader.readexactly(length)
    return status


async def open_loop(port: int, path: str, headers: dict[str, str], rate: float, seconds: float,
                    connections: int) -> tuple[float, list[float], float]:
    """Send `rate` requests/s for `seconds` over `connections` keep-alive connections, each request at its
    scheduled time (or as soon as a connection is free). Returns (elapsed, latencies, client CPU seconds)."""
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    raw = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}\r\n".encode()
    total = int(rate * seconds)
    loop = asyncio.get_running_loop()
    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(connections)]
    for reader, writer in conns:  # warm-up: every connection answered once
        if await _request(reader, writer, raw) != 200:
            raise SystemExit(f"{path}: not 200")
    latencies: list[float] = []
    start = loop.time() + 0.05

    async def worker(k: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for i in range(k, total, connections):
            due = start + i / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            status = await _request(reader, writer, raw)
            latencies.append(loop.time() - due)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")

    cpu0 = time.process_time()
    await asyncio.gather(*(worker(k, r, w) for k, (r, w) in enumerate(conns)))
    elapsed = loop.time() - start
    cpu = time.process_time() - cpu0
    for _, writer in conns:
        writer.close()
    return elapsed, latencies, cpu


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def _run(coro_factory: object) -> tuple[float, list[float], float]:
    try:
        import uvloop
        return uvloop.run(coro_factory)  # type: ignore[arg-type]
    except ImportError:
        return asyncio.run(coro_factory)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of load per rate and endpoint")
    parser.add_argument("--rates", default="200,500", help="offered requests/s, comma-separated")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = start_server(tmp, port)
        try:
            job_id = completed_job(f"http://127.0.0.1:{port}")
            load = os.getloadavg()[0]
            print(f"api_latency: {args.seconds:g} s per run, {args.connections} connections, open loop; "
                  f"{os.cpu_count()} cores shared by server and client (load average {load:.1f} before)")
            for rate in rates:
                for name, path, headers in (("/health", "/health", {}),
                                            ("GET /jobs/{id}", f"/api/v1/jobs/{job_id}", {"X-API-Key": KEY})):
                    elapsed, lat, cpu = _run(open_loop(port, path, headers, rate, args.seconds, args.connections))
                    p99 = pct(lat, 99)
                    print(f"  {name:15s} offered {rate:5.0f} rps: achieved {len(lat) / elapsed:6.0f} rps   "
                          f"p50 {pct(lat, 50):6.2f} ms   p99 {p99:6.2f} ms   p99/{GOAL_P99_MS:g}ms = "
                          f"{p99 / GOAL_P99_MS:5.2f}   client CPU {100 * cpu / elapsed:3.0f}% of a core")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    main()
