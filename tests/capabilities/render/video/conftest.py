"""Fixtures for POST /render/scene: an app with a real `cpu` worker (the jobs tests' `start_worker`), inputs
written under TEMP_DIR (an input root), and helpers that submit renders, wait for them and download the
video and poster through their signed /files URLs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jobs.conftest import FAST_ENV, start_worker  # noqa: F401  (start_worker is a fixture)
from scene_api import SceneApi

from media_service.capabilities.audio.music import INDEX_NAME
from media_service.engines.audio import MusicLibrary

# The jobs tests' timings, without their test job module (these tests run the real capability).
SCENE_ENV = {k: v for k, v in FAST_ENV.items() if k != "MEDIA_SERVICE_EXTRA_JOB_MODULES"}


@pytest.fixture(scope="session")
def music_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter music set analysed once per session (a few seconds); each test's DATA_DIR gets a copy."""
    path = tmp_path_factory.mktemp("music") / INDEX_NAME
    MusicLibrary(None, index_path=path).tracks()
    return path


@pytest.fixture
def seeded_music(tmp_path: Path, music_index: Path) -> Path:
    """The session's music index in this test's DATA_DIR (before its app starts); returns the copy."""
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(music_index, data / INDEX_NAME))


def _api(make_client: Callable[..., TestClient], tmp_path: Path, env: dict[str, str] | None) -> SceneApi:
    client = make_client({**SCENE_ENV, **(env or {})})
    inputs = Path(client.app.state.services.settings.temp_dir).resolve() / "inputs"  # type: ignore[attr-defined]
    inputs.mkdir(parents=True, exist_ok=True)
    return SceneApi(client=client, inputs=inputs, tmp=tmp_path)


@pytest.fixture
def scene_api(make_client: Callable[..., TestClient], tmp_path: Path, seeded_music: Path,
              start_worker: Callable[..., Any]) -> Callable[..., SceneApi]:
    """A SceneApi over a fresh app with one in-process worker on the `cpu` queue."""

    def factory(env: dict[str, str] | None = None) -> SceneApi:
        api = _api(make_client, tmp_path, env)
        start_worker(api.client, queues=("cpu",))
        return api

    return factory


@pytest.fixture
def scene_api_only(make_client: Callable[..., TestClient], tmp_path: Path, seeded_music: Path) -> SceneApi:
    """A SceneApi with no worker: for what the API answers before any job runs."""
    return _api(make_client, tmp_path, None)
