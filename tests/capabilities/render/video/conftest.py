"""Fixtures for POST /render/scene: an app with a real `cpu` worker (the jobs tests' `start_worker`), inputs
written under TEMP_DIR (an input root), and helpers that submit renders, wait for them and download the
video and poster through their signed /files URLs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from scene_api import SceneApi


@pytest.fixture
def scene_api(make_client: Callable[..., TestClient], tmp_path: Path, seeded_music: Path,
              start_worker: Callable[..., Any]) -> Callable[..., SceneApi]:
    """A SceneApi over a fresh app with one in-process worker on the `cpu` queue."""

    def factory(env: dict[str, str] | None = None) -> SceneApi:
        api = SceneApi.over(make_client, tmp_path, env)
        start_worker(api.client, queues=("cpu",))
        return api

    return factory


@pytest.fixture
def scene_api_only(make_client: Callable[..., TestClient], tmp_path: Path, seeded_music: Path) -> SceneApi:
    """A SceneApi with no worker: for what the API answers before any job runs."""
    return SceneApi.over(make_client, tmp_path)
