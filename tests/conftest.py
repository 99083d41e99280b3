"""Shared fixtures: settings on temporary directories and an app/client factory."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
                "TEMP_DIR": str(tmp_path / "tmp"), "REMOTION_SERVICE_API_KEY": API_KEY,
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
