"""Fixtures for the audio API: an app with a real `cpu` worker (the jobs tests' `start_worker`), inputs
written under TEMP_DIR (an input root), the music index analysed once per session, and helpers that
submit a job, wait for it and download its output through the signed /files URL."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jobs import conftest as jobs_fixtures

from media_service.capabilities.audio.music import INDEX_NAME
from media_service.engines.audio import MusicLibrary

# Reused from the jobs tests: an in-process worker fixture, and job polling.
start_worker = jobs_fixtures.start_worker
get_job, wait_job = jobs_fixtures.get_job, jobs_fixtures.wait_job
# The jobs tests' timings, without their test job module (these tests run the real capability).
AUDIO_ENV = {k: v for k, v in jobs_fixtures.FAST_ENV.items() if k != "MEDIA_SERVICE_EXTRA_JOB_MODULES"}
JOB_TIMEOUT = 60.0


@dataclass
class AudioApi:
    """A client over the service, with a worker when `workers` is set, and where to put inputs."""

    client: TestClient
    inputs: Path
    tmp: Path

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1/audio/{path}", json=body)

    def submit(self, path: str, body: dict[str, Any]) -> str:
        """POST a job; asserts 202 and returns its id."""
        r = self.post(path, body)
        assert r.status_code == 202, r.text
        return str(r.json()["data"]["job_id"])

    def wait(self, job_id: str) -> dict[str, Any]:
        return wait_job(self.client, job_id, timeout=JOB_TIMEOUT)

    def run(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """Submit, wait, and return the completed job's result."""
        job = self.wait(self.submit(path, body))
        assert job["status"] == "completed", job
        return dict(job["result"])

    def fetch(self, output: dict[str, Any], name: str | None = None) -> Path:
        """Download an OutputRef through its signed URL into tmp, keeping the extension."""
        r = self.client.get(output["url"])
        assert r.status_code == 200, r.text
        path = self.tmp / "downloads" / (name or Path(output["path"]).name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(r.content)
        return path

    def upload(self, path: Path) -> str:
        r = self.client.post("/api/v1/uploads", files={"file": (path.name, path.read_bytes())})
        assert r.status_code == 201, r.text
        return str(r.json()["data"]["id"])

    def get_job(self, job_id: str) -> dict[str, Any]:
        return get_job(self.client, job_id)

    def progress(self, job_id: str) -> list[tuple[float, str | None]]:
        """(progress, step) of every job.progress event, replayed from the finished job's SSE stream."""
        text = self.client.get(f"/api/v1/jobs/{job_id}/events").text
        events = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
        return [(e["data"]["progress"], e["data"]["current_step"]) for e in events if e["type"] == "job.progress"]


@pytest.fixture(scope="session")
def music_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter set analysed once (≈6 s on two cores); each test's DATA_DIR gets a copy."""
    path = tmp_path_factory.mktemp("music") / INDEX_NAME
    MusicLibrary(None, index_path=path).tracks()
    return path


def _api(make_client: Callable[..., TestClient], tmp_path: Path, env: dict[str, str] | None) -> AudioApi:
    client = make_client({**AUDIO_ENV, **(env or {})})
    inputs = Path(client.app.state.services.settings.temp_dir).resolve() / "inputs"  # type: ignore[attr-defined]
    inputs.mkdir(parents=True, exist_ok=True)
    return AudioApi(client=client, inputs=inputs, tmp=tmp_path)


@pytest.fixture
def audio_api(make_client: Callable[..., TestClient], tmp_path: Path,
              start_worker: Callable[..., Any]) -> Callable[..., AudioApi]:
    """An AudioApi over a fresh app with one in-process worker on the `cpu` queue."""

    def factory(env: dict[str, str] | None = None) -> AudioApi:
        api = _api(make_client, tmp_path, env)
        start_worker(api.client, queues=("cpu",))
        return api

    return factory


@pytest.fixture
def api_only(make_client: Callable[..., TestClient], tmp_path: Path) -> AudioApi:
    """An AudioApi with no worker: for what the API answers before any job runs."""
    return _api(make_client, tmp_path, None)


@pytest.fixture
def seeded_music(tmp_path: Path, music_index: Path) -> None:
    """Put the session's music index into this test's DATA_DIR (before its app starts)."""
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(music_index, data / INDEX_NAME)


def errors_by_field(response: Any) -> dict[str, str]:
    """The 400 body's `details.errors` as {field: message}."""
    body = response.json()
    assert response.status_code == 400 and body["error"]["code"] == "VALIDATION_ERROR", response.text
    return {e["field"]: e["message"] for e in body["error"]["details"]["errors"]}
