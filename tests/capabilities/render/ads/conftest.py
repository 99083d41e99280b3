"""Fixtures for the static-ad API: an app with a real `cpu` worker (the jobs tests' `start_worker`), inputs
written under TEMP_DIR (an input root), and helpers that submit renders, wait for them and download the
picture through its signed /files URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ad_helpers import AdsApi
from fastapi.testclient import TestClient
from jobs.conftest import FAST_ENV, start_worker  # noqa: F401  (start_worker is a fixture)

# The jobs tests' timings, without their test job module (these tests run the real capability); sync waits
# long enough for a first render while a fresh worker's forkserver is still importing on a busy machine.
ADS_ENV = {**{k: v for k, v in FAST_ENV.items() if k != "MEDIA_SERVICE_EXTRA_JOB_MODULES"},
           "JOB_QUEUE_SYNC_WAIT_SEC": "30"}


@pytest.fixture
def ads_api(make_client: Callable[..., TestClient], start_worker: Callable[..., Any],  # noqa: F811
            tmp_path: Path) -> Callable[..., AdsApi]:
    """An AdsApi over a fresh app with one in-process worker on the `cpu` queue; `env` adds settings."""

    def factory(env: dict[str, str] | None = None) -> AdsApi:
        api = AdsApi.over(make_client, tmp_path, {**ADS_ENV, **(env or {})})
        start_worker(api.client, queues=("cpu",))
        return api

    return factory


@pytest.fixture
def ads_api_only(make_client: Callable[..., TestClient], tmp_path: Path) -> Callable[..., AdsApi]:
    """An AdsApi with no worker: for what the API answers before any job runs."""
    return lambda env=None: AdsApi.over(make_client, tmp_path, {**ADS_ENV, **(env or {})})

