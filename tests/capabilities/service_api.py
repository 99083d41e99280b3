"""One test client for every capability: submit a job, wait for it, download its outputs through their
signed /files URLs, read its logs, progress and 400s. Each capability's tests subclass it with its
path prefix and job timeout; `post`, `submit` and `run` take the path under that prefix."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

from fastapi.testclient import TestClient
from jobs.conftest import FAST_ENV, get_job, wait_job

# The jobs tests' timings, without their test-only job module (these tests run the real capabilities).
CAPABILITY_ENV = {k: v for k, v in FAST_ENV.items() if k != "MEDIA_SERVICE_EXTRA_JOB_MODULES"}


@dataclass
class ServiceApi:
    """A client over the service, the input folder (under TEMP_DIR, an input root) and a scratch folder."""

    client: TestClient
    inputs: Path
    tmp: Path
    prefix: ClassVar[str] = "/api/v1"
    timeout: ClassVar[float] = 90.0

    def post(self, path: str, body: dict[str, Any], **kw: Any) -> Any:
        """POST `body` as JSON to the path under the prefix (`kw`: headers and the like)."""
        return self.client.post(f"{self.prefix}/{path}".rstrip("/"), json=body, **kw)

    def submit(self, path: str, body: dict[str, Any]) -> str:
        """POST a job; asserts 202 and returns its id."""
        r = self.post(path, body)
        assert r.status_code == 202, r.text
        return str(r.json()["data"]["job_id"])

    def run(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """Submit, wait, and return the completed job's result."""
        job = self.wait(self.submit(path, body))
        assert job["status"] == "completed", job
        return dict(job["result"])

    def wait(self, job_id: str, timeout: float | None = None) -> dict[str, Any]:
        return wait_job(self.client, job_id, timeout=timeout or self.timeout)

    def job(self, job_id: str) -> dict[str, Any]:
        return get_job(self.client, job_id)

    def fetch(self, output: dict[str, Any], name: str | None = None) -> Path:
        """Download an OutputRef through its signed URL into tmp (keeping its name unless `name`)."""
        r = self.client.get(output["url"])
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == output["mime"]
        path = self.tmp / "downloads" / (name or Path(output["path"]).name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(r.content)
        return path

    def upload(self, path: Path) -> str:
        r = self.client.post("/api/v1/uploads", files={"file": (path.name, path.read_bytes())})
        assert r.status_code == 201, r.text
        return str(r.json()["data"]["id"])

    def logs(self, job_id: str) -> list[str]:
        r = self.client.get(f"/api/v1/jobs/{job_id}/logs")
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        entries = data["logs"] if isinstance(data, dict) else data
        return [str(e["message"]) for e in entries]

    def progress(self, job_id: str) -> list[tuple[float, str | None]]:
        """(progress, step) of every job.progress event, replayed from the finished job's SSE stream."""
        text = self.client.get(f"/api/v1/jobs/{job_id}/events").text
        events = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
        return [(e["data"]["progress"], e["data"]["current_step"]) for e in events if e["type"] == "job.progress"]

    @classmethod
    def over(cls, make_client: Callable[..., TestClient], tmp_path: Path,
             env: dict[str, str] | None = None) -> Self:
        """A client over a fresh app (no worker: the caller's fixture starts one when it needs to)."""
        client = make_client({**CAPABILITY_ENV, **(env or {})})
        inputs = Path(client.app.state.web.settings.temp_dir).resolve() / "inputs"  # type: ignore[attr-defined]
        inputs.mkdir(parents=True, exist_ok=True)
        return cls(client=client, inputs=inputs, tmp=tmp_path)


def errors_by_field(response: Any) -> dict[str, str]:
    """The 400 body's `details.errors` as {field: message}."""
    body = response.json()
    assert response.status_code == 400 and body["error"]["code"] == "VALIDATION_ERROR", response.text
    return {e["field"]: e["message"] for e in body["error"]["details"]["errors"]}
