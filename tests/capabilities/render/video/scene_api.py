"""The /render/scene test client: submit renders, wait for them, download outputs, read logs and 400s."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from jobs.conftest import get_job, wait_job

JOB_TIMEOUT = 90.0


@dataclass
class SceneApi:
    """A client over the service (with a worker unless built by `scene_api_only`) and where inputs go."""

    client: TestClient
    inputs: Path
    tmp: Path

    def post(self, body: dict[str, Any]) -> Any:
        return self.client.post("/api/v1/render/scene", json=body)

    def submit(self, body: dict[str, Any]) -> str:
        """POST a render; asserts 202 and returns the job id."""
        r = self.post(body)
        assert r.status_code == 202, r.text
        return str(r.json()["data"]["job_id"])

    def wait(self, job_id: str) -> dict[str, Any]:
        return wait_job(self.client, job_id, timeout=JOB_TIMEOUT)

    def run(self, body: dict[str, Any]) -> dict[str, Any]:
        """Submit, wait, and return the completed job's result."""
        job = self.wait(self.submit(body))
        assert job["status"] == "completed", job
        return dict(job["result"])

    def fetch(self, output: dict[str, Any]) -> Path:
        """Download an OutputRef through its signed URL into tmp."""
        r = self.client.get(output["url"])
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == output["mime"]
        path = self.tmp / "downloads" / Path(output["path"]).name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(r.content)
        return path

    def job(self, job_id: str) -> dict[str, Any]:
        return get_job(self.client, job_id)

    def logs(self, job_id: str) -> list[str]:
        r = self.client.get(f"/api/v1/jobs/{job_id}/logs")
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        entries = data["logs"] if isinstance(data, dict) else data
        return [str(e["message"]) for e in entries]



def errors_by_field(response: Any) -> dict[str, str]:
    """The 400 body's `details.errors` as {field: message}."""
    body = response.json()
    assert response.status_code == 400 and body["error"]["code"] == "VALIDATION_ERROR", response.text
    return {e["field"]: e["message"] for e in body["error"]["details"]["errors"]}
