"""Shared fixtures: settings on temporary directories and an app/client factory."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from media_service.app import create_app
from media_service.logs import configure_logging
from media_service.settings import Settings, load_settings

configure_logging("info", "json")  # as the service does; before any logger is first used and cached

API_KEY = "test-key-all-scopes"


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings isolated in tmp_path; `env` entries use the PRD variable names."""

    def factory(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        base = {"DATA_DIR": str(tmp_path / "data"), "OUTPUT_DIR": str(tmp_path / "output"),
                "TEMP_DIR": str(tmp_path / "tmp"), "EXPORT_ROOTS": str(tmp_path / "exports"),
                "REMOTION_SERVICE_API_KEY": API_KEY,
                "RATE_LIMIT_ENABLED": "false", "EMBEDDED_WORKER": "false"}
        return load_settings({**base, **(env or {})}, config_file=tmp_path / "absent.yaml", **overrides)

    return factory


@pytest.fixture
def make_client(make_settings: Callable[..., Settings]) -> Iterator[Callable[..., TestClient]]:
    """A TestClient over a fresh app; `setup(app)` may add test-only routes before the first request."""
    clients: list[TestClient] = []

    def factory(env: dict[str, str] | None = None, setup: Callable[[FastAPI], None] | None = None,
                key: str | None = API_KEY) -> TestClient:
        app = create_app(make_settings(env))
        if setup:
            setup(app)
        client = TestClient(app, raise_server_exceptions=False)
        if key:
            client.headers["X-API-Key"] = key
        client.__enter__()
        clients.append(client)
        return client

    yield factory
    for c in clients:
        c.__exit__(None, None, None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: How long a test waits for a server it started: generous, because a loaded machine (the suite with
#: `-n 2` beside another CPU-heavy process) can take tens of seconds to import and bind; a server that
#: dies fails the wait at once, so the limit only matters for one that hangs.
SERVE_LIMIT_SEC = 300.0
#: Per-request timeout against such a server (its first OpenAPI build or job submission can take seconds,
#: and tens of seconds on a machine loaded ten times over).
REQUEST_TIMEOUT_SEC = 120.0
#: The limit of any other wait for an event (a job finishing, a worker restarting, a command exiting): the
#: wait ends when the event happens, so only a hang ever reaches it. Measured need: the suite with `-n 2` at
#: load average 20-27 on 2 cores failed 60 s start-up and 30 s job waits.
HANG_LIMIT_SEC = 300.0


def wait_until_serving(url: str, proc: subprocess.Popen[Any], *, limit: float = SERVE_LIMIT_SEC,
                       verify: Any = True) -> float:
    """Seconds until `GET {url}/health` answers 200. Fails at once when `proc` exits (with its exit code),
    or after `limit` seconds; connection refusals in between mean "not listening yet"."""
    start = time.monotonic()
    delay = 0.05
    while True:
        code = proc.poll()
        if code is not None:
            raise AssertionError(f"the server exited with code {code} before answering {url}/health")
        try:
            if httpx.get(f"{url}/health", timeout=REQUEST_TIMEOUT_SEC, verify=verify).status_code == 200:
                return time.monotonic() - start
        except httpx.TransportError:
            pass
        if time.monotonic() - start > limit:
            raise AssertionError(f"{url}/health did not answer within {limit:.0f} s")
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)
