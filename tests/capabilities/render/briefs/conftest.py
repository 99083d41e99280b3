"""Fixtures for the brief formats: an app with real workers (the jobs tests' `start_worker`), inputs under
TEMP_DIR (an input root), and the music index analysed once per session (the audio tests' fixtures)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from brief_api import BriefApi
from capabilities.audio.conftest import music_index, seeded_music  # noqa: F401  (fixtures: the analysed music set)
from fastapi.testclient import TestClient
from jobs.conftest import FAST_ENV, start_worker  # noqa: F401  (start_worker is a fixture)

# The jobs tests' timings, without their test job module (these tests run the real capability).
BRIEF_ENV = {k: v for k, v in FAST_ENV.items() if k != "MEDIA_SERVICE_EXTRA_JOB_MODULES"}


def _api(make_client: Callable[..., TestClient], tmp_path: Path, env: dict[str, str] | None) -> BriefApi:
    client = make_client({**BRIEF_ENV, **(env or {})})
    inputs = Path(client.app.state.services.settings.temp_dir).resolve() / "inputs"  # type: ignore[attr-defined]
    inputs.mkdir(parents=True, exist_ok=True)
    return BriefApi(client=client, inputs=inputs, tmp=tmp_path)


@pytest.fixture
def brief_api(make_client: Callable[..., TestClient], tmp_path: Path,
              start_worker: Callable[..., Any]) -> Callable[..., BriefApi]:  # noqa: F811
    """A BriefApi over a fresh app with one in-process worker (all queues unless `queues` is given)."""

    def factory(env: dict[str, str] | None = None, queues: tuple[str, ...] = ("cpu", "io")) -> BriefApi:
        api = _api(make_client, tmp_path, env)
        start_worker(api.client, queues=queues)
        return api

    return factory


@pytest.fixture
def brief_api_only(make_client: Callable[..., TestClient], tmp_path: Path) -> BriefApi:
    """A BriefApi with no worker: for what the API answers before any job runs."""
    return _api(make_client, tmp_path, None)
