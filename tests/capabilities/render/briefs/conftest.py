"""Fixtures for the brief formats: an app with real workers (the jobs tests' `start_worker`), inputs under
TEMP_DIR (an input root), and the music index analysed once per session (the audio tests' fixtures)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from brief_api import BriefApi
from fastapi.testclient import TestClient


@pytest.fixture
def brief_api(make_client: Callable[..., TestClient], tmp_path: Path,
              start_worker: Callable[..., Any]) -> Callable[..., BriefApi]:
    """A BriefApi over a fresh app with one in-process worker (all queues unless `queues` is given)."""

    def factory(env: dict[str, str] | None = None, queues: tuple[str, ...] = ("cpu", "io")) -> BriefApi:
        api = BriefApi.over(make_client, tmp_path, env)
        start_worker(api.client, queues=queues)
        return api

    return factory


@pytest.fixture
def brief_api_only(make_client: Callable[..., TestClient], tmp_path: Path) -> BriefApi:
    """A BriefApi with no worker: for what the API answers before any job runs."""
    return BriefApi.over(make_client, tmp_path)
