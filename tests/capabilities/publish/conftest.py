"""Fixtures for the publishing API: an app whose platforms point at the loopback fakes, with an `io` worker,
PUBLIC_BASE_URL set (Instagram needs an absolute URL for Meta to fetch) and fast polling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi
from tests.fakes import FakeServer
from tests.fakes.fixtures import fakes_env, instagram_fake, start_fake, tiktok_fake, youtube_upload_fake  # noqa: F401

FAST = {"PUBLISH_POLL_FIRST_SEC": "0.02", "PUBLISH_POLL_CAP_SEC": "0.05", "YOUTUBE_CHUNK_MB": "0.25",
        "PUBLIC_BASE_URL": "https://media.example.com"}


class PublishApi(ServiceApi):
    prefix = "/api/v1/publish"
    timeout = 90.0


@pytest.fixture
def publish_api(make_client: Callable[..., TestClient], tmp_path: Path,
                start_worker: Callable[..., Any]) -> Iterator[Callable[..., PublishApi]]:
    """`publish_api(*fakes, worker=True, **env)`: the API over those fakes."""

    def factory(*fakes: FakeServer, worker: bool = True, **env: str) -> PublishApi:
        api = PublishApi.over(make_client, tmp_path, fakes_env(*fakes, **{**FAST, **env}))
        if worker:
            start_worker(api.client, queues=("io",))
        return api

    yield factory
