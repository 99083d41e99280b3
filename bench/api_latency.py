"""API latency: the real `media-service serve` on loopback under a concurrent load generator.

Prints requests/s and p50/p95/p99 latency for `/health` and an authenticated GET
(`/api/v1/capabilities`). The PRD asks for sync p95 < 100 ms; the ratio printed is p95 / 100 ms.
The load generator shares the machine's cores with the server, so these are conservative numbers.

    python bench/api_latency.py [--requests 2000] [--concurrency 16]
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(tmp: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "REMOTION_SERVICE_PORT": str(port), "REMOTION_SERVICE_API_KEY": KEY,
           "RATE_LIMIT_ENABLED": "false", "DATA_DIR": f"{tmp}/data", "OUTPUT_DIR": f"{tmp}/out",
           "TEMP_DIR": f"{tmp}/tmp", "REMOTION_SERVICE_LOG_LEVEL": "warning",
           "REMOTION_SERVICE_CONFIG": f"{tmp}/absent.yaml"}
    proc = subprocess.Popen([sys.executable, "-m", "media_service.cli", "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    while time.monotonic() < started + 120:  # generous: the machine may be loaded; a dead server ends it at once
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


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    await reader.readexactly(length)
    return status


async def load(host: str, port: int, path: str, headers: dict[str, str], total: int,
               concurrency: int) -> tuple[float, list[float]]:
    """Keep-alive HTTP/1.1 over raw asyncio streams: a generator cheap enough not to starve the server."""
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    raw = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode()
    latencies: list[float] = []
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        reader, writer = await asyncio.open_connection(host, port)
        for _ in range(5):  # warm-up
            await _request(reader, writer, raw)
        await ready.wait()
        while remaining > 0:
            remaining -= 1
            t0 = time.perf_counter()
            status = await _request(reader, writer, raw)
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
        writer.close()

    ready = asyncio.Event()
    tasks = [asyncio.create_task(worker()) for _ in range(concurrency)]
    await asyncio.sleep(0.5)
    start = time.perf_counter()
    ready.set()
    await asyncio.gather(*tasks)
    return time.perf_counter() - start, latencies


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = start_server(tmp, port)
        try:
            print(f"api_latency: {args.requests} requests per endpoint, {args.concurrency} concurrent, "
                  f"{os.cpu_count()} cores shared by server and load generator")
            for name, path, headers in (("health", "/health", {}),
                                        ("authenticated GET", "/api/v1/capabilities", {"X-API-Key": KEY})):
                elapsed, lat = asyncio.run(load("127.0.0.1", port, path, headers, args.requests, args.concurrency))
                p95 = pct(lat, 95)
                print(f"  {name:18s} {len(lat) / elapsed:8.0f} req/s   p50 {pct(lat, 50):6.1f} ms   "
                      f"p95 {p95:6.1f} ms   p99 {pct(lat, 99):6.1f} ms   p95/100ms = {p95 / 100:.2f}")
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
