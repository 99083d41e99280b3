"""Fixtures for the image API: an app with a real `io` worker, fake vendors on loopback, the shared client."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi, errors_by_field  # noqa: F401  (re-exported to the tests)
from tests.fakes import FakeServer
from tests.fakes.fixtures import fakes_env, fake_env, hf_fake, openai_fake, start_fake  # noqa: F401  (fixtures)


class ImageApi(ServiceApi):
    """The /image endpoints: `post`, `submit` and `run` take the path under /api/v1/image."""

    prefix = "/api/v1/image"
    timeout = 60.0

    def get(self, path: str) -> Any:
        return self.client.get(f"{self.prefix}/{path}")


@pytest.fixture
def image_api(make_client: Callable[..., TestClient], tmp_path: Path,
              start_worker: Callable[..., Any]) -> Callable[..., ImageApi]:
    """`image_api(*fakes, **env)`: an ImageApi whose vendors point at the given fakes, with an `io` worker."""

    def factory(*fakes: FakeServer, worker: bool = True, **env: str) -> ImageApi:
        merged = fakes_env(*fakes, **{"PROVIDER_POLL_FIRST_SEC": "0.05", **env})
        api = ImageApi.over(make_client, tmp_path, merged)
        if worker:
            start_worker(api.client, queues=("io",))
        return api

    return factory
