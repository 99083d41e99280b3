"""Fixtures for the AI video API: an app whose video providers point at the loopback fakes, with `io` and
`cpu` workers (the AI routes run on `io`, image-to-video on `cpu`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi
from tests.fakes import FakeServer
from tests.fakes.fixtures import fakes_env, fake_env, gemini_fake, geminigen_fake, replicate_fake, start_fake  # noqa: F401

#: Fast polling against the fakes (the defaults poll video every 5–30 s).
POLL_ENV = {"VIDEO_POLL_FIRST_SEC": "0.05", "VIDEO_POLL_CAP_SEC": "0.1", "PROVIDER_POLL_FIRST_SEC": "0.05"}


class AiVideoApi(ServiceApi):
    prefix = "/api/v1/video"
    timeout = 60.0


@pytest.fixture
def ai_video(make_client: Callable[..., TestClient], tmp_path: Path,
             start_worker: Callable[..., Any]) -> Iterator[Callable[..., AiVideoApi]]:
    """`ai_video(*fakes, **env)`: the API over those fakes, with workers."""

    def factory(*fakes: FakeServer, **env: str) -> AiVideoApi:
        merged = fakes_env(*fakes, **{**POLL_ENV, **env})
        api = AiVideoApi.over(make_client, tmp_path, merged)
        start_worker(api.client, queues=("io", "cpu"))
        return api

    yield factory
