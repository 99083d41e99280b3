"""Fixtures for the audio API: an app with a real `cpu` worker, inputs written under TEMP_DIR (an input
root), and the shared capability client (submit, wait, download through the signed /files URL). The
music index and the worker fixture come from tests/capabilities/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi, errors_by_field  # noqa: F401  (re-exported to the tests)
from tests.fakes.fixtures import freesound_fake, jamendo_fake, start_fake  # noqa: F401  (fixtures for the music-source tests)

JOB_TIMEOUT = 60.0


class AudioApi(ServiceApi):
    """The /audio endpoints: `post`, `submit` and `run` take the path under /api/v1/audio."""

    prefix = "/api/v1/audio"
    timeout = JOB_TIMEOUT

    def get_job(self, job_id: str) -> dict[str, Any]:
        return self.job(job_id)


@pytest.fixture
def audio_api(make_client: Callable[..., TestClient], tmp_path: Path,
              start_worker: Callable[..., Any]) -> Callable[..., AudioApi]:
    """An AudioApi over a fresh app with one in-process worker on the `cpu` queue."""

    def factory(env: dict[str, str] | None = None) -> AudioApi:
        api = AudioApi.over(make_client, tmp_path, env)
        start_worker(api.client, queues=("cpu",))
        return api

    return factory


@pytest.fixture
def api_only(make_client: Callable[..., TestClient], tmp_path: Path) -> AudioApi:
    """An AudioApi with no worker: for what the API answers before any job runs."""
    return AudioApi.over(make_client, tmp_path)
