"""Fixtures for the visuals API: an app with real `io` and `cpu` workers and the stock fakes on loopback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi, errors_by_field  # noqa: F401  (re-exported to the tests)
from tests.fakes import FakeServer
from tests.fakes.fixtures import (  # noqa: F401  (fixtures)
    fake_env,
    fakes_env,
    giphy_fake,
    imgflip_fake,
    pexels_fake,
    pixabay_fake,
    start_fake,
)


class VisualsApi(ServiceApi):
    """The /visuals endpoints: `post`, `submit` and `run` take the path under /api/v1/visuals."""

    prefix = "/api/v1/visuals"
    timeout = 60.0


@pytest.fixture
def visuals_api(make_client: Callable[..., TestClient], tmp_path: Path,
                start_worker: Callable[..., Any]) -> Callable[..., VisualsApi]:
    """`visuals_api(*fakes, worker=True, **env)`: a VisualsApi whose stock sources point at the fakes."""

    def factory(*fakes: FakeServer, worker: bool = True, queues: tuple[str, ...] = ("io",), **env: str) -> VisualsApi:
        merged = fakes_env(*fakes, **env)
        api = VisualsApi.over(make_client, tmp_path, merged)
        if worker:
            start_worker(api.client, queues=queues)
        return api

    return factory
