"""The Sparkfluence backend (contract Endpoints 5 and 6), checked against JSON schemas written from the
contract's examples and field tables: 202, 200 already-combined, job status while processing, completed
and failed (naming the segment that could not be downloaded), and the backend error envelope."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi
from tests.capabilities.video.conftest import clips, origin  # noqa: F401  (fixtures)
from tests.engines.assembly.clips import video_packets
from tests.media.origin import Origin

_STEP = {"type": "string", "minLength": 1}
ACCEPTED = {"type": "object", "additionalProperties": False, "required": ["success", "data"], "properties": {
    "success": {"const": True}, "data": {
        "type": "object", "additionalProperties": False,
        "required": ["job_id", "status", "estimated_time_seconds", "polling_endpoint"],
        "properties": {"job_id": {"type": "string"}, "status": {"const": "processing"},
                       "estimated_time_seconds": {"type": "number", "minimum": 0},
                       "polling_endpoint": {"type": "string", "pattern": "^/api/job-status/job_"}}}}}
_META = {"duration_seconds": {"type": "number"}, "file_size_mb": {"type": "number"},
         "resolution": {"type": "string", "pattern": "^[0-9]+x[0-9]+$"}, "format": {"const": "mp4"},
         "codec": {"const": "h264"}}
COMPLETED = {"type": "object", "additionalProperties": False, "required": ["success", "data"], "properties": {
    "success": {"const": True}, "data": {
        "type": "object", "additionalProperties": False,
        "required": ["job_id", "status", "final_video_url", *_META],
        "properties": {"job_id": {"type": "string"}, "status": {"const": "completed"},
                       "final_video_url": {"type": "string", "pattern": "^(https?://|/)"}, **_META}}}}


def status_schema(status: str) -> dict[str, Any]:
    """Endpoint 6's data for one status: metadata only when completed, URL only then, error only on failure."""
    completed = status == "completed"
    data: dict[str, Any] = {
        "type": "object", "additionalProperties": False,
        "required": ["job_id", "status", "progress_percentage", "current_step", "final_video_url", "error_message"]
                    + (["metadata"] if completed else []),
        "properties": {
            "job_id": {"type": "string"}, "status": {"const": status},
            "progress_percentage": {"type": "integer", "minimum": 0, "maximum": 100},
            "current_step": _STEP,
            "final_video_url": {"type": "string"} if completed else {"type": "null"},
            "error_message": {"type": "string"} if status == "failed" else {"type": "null"}}}
    if completed:
        data["properties"]["metadata"] = {"type": "object", "additionalProperties": False, "required": list(_META),
                                          "properties": _META}
    return {"type": "object", "additionalProperties": False, "required": ["success", "data"],
            "properties": {"success": {"const": True}, "data": data}}


ERROR = {"type": "object", "additionalProperties": False, "required": ["success", "error"], "properties": {
    "success": {"const": False}, "error": {
        "type": "object", "additionalProperties": False, "required": ["code", "message", "failed_step"],
        "properties": {"code": {"enum": ["INVALID_REQUEST", "UNAUTHORIZED", "JOB_NOT_FOUND", "DOWNLOAD_FAILED",
                                         "FFMPEG_ERROR", "UPLOAD_FAILED", "INTERNAL_ERROR"]},
                       "message": {"type": "string", "minLength": 1},
                       "failed_step": {"type": ["string", "null"]}, "details": {"type": "object"}}}}}


@pytest.fixture
def backend(make_client: Callable[..., TestClient], tmp_path: Path, start_worker: Callable[..., Any]) -> ServiceApi:
    api = ServiceApi.over(make_client, tmp_path)
    start_worker(api.client, queues=("cpu",))
    return api


def poll(client: TestClient, job_id: str, timeout: float = 120.0) -> list[dict[str, Any]]:
    """Every status answer until the job ends (each validated against its status's schema)."""
    seen = []
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        r = client.get(f"/api/job-status/{job_id}")
        assert r.status_code == 200, r.text
        body = r.json()
        jsonschema.validate(body, status_schema(body["data"]["status"]))
        seen.append(body["data"])
        if body["data"]["status"] != "processing":
            return seen
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still processing after {timeout} s")


def request_for(origin: Origin, names: list[str], bgm: str | None = None) -> dict[str, Any]:  # noqa: F811
    kinds = ["HOOK", "BODY_1", "BODY_2", "ENDING_CTA"]
    return {"project_id": "123e4567-e89b-12d3-a456-426614174000",
            "segments": [{"type": kinds[i], "video_url": origin.url(f"/{n}"), "duration_seconds": 1}
                         for i, n in enumerate(names)],
            "options": {"bgm_url": bgm, "bgm_volume": 0.15}}


def test_combine_then_poll_then_the_same_request_is_already_completed(backend: ServiceApi, origin: Origin,  # noqa: F811
                                                                      clips: dict[str, Path]) -> None:  # noqa: F811
    body = request_for(origin, ["seg0.mp4", "seg1.mp4", "seg2.mp4"], bgm=origin.url("/bgm.wav"))
    first = backend.client.post("/api/combine-final-video", json=body)
    assert first.status_code == 202, first.text
    jsonschema.validate(first.json(), ACCEPTED)
    job_id = first.json()["data"]["job_id"]
    history = poll(backend.client, job_id)
    final = history[-1]
    assert final["status"] == "completed" and final["current_step"] == "Upload complete", final
    assert final["metadata"]["resolution"] == "72x128" and abs(final["metadata"]["duration_seconds"] - 3.0) < 0.05
    video = backend.client.get(final["final_video_url"])
    assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
    path = backend.tmp / "final.mp4"
    path.write_bytes(video.content)
    assert video_packets(path) == [p for k in range(3) for p in video_packets(clips[f"seg{k}"])]
    again = backend.client.post("/api/combine-final-video", json=body)
    assert again.status_code == 200, again.text
    jsonschema.validate(again.json(), COMPLETED)
    assert again.json()["data"]["job_id"] == job_id
    assert again.json()["data"]["final_video_url"]
    assert origin.hits("/seg0.mp4") == 1  # nothing was downloaded again


def test_final_video_url_works_without_our_key(backend: ServiceApi, origin: Origin) -> None:  # noqa: F811
    accepted = backend.client.post("/api/combine-final-video", json=request_for(origin, ["seg0.mp4"]))
    final = poll(backend.client, accepted.json()["data"]["job_id"])[-1]
    assert final["final_video_url"].startswith("http://testserver/api/v1/files/")  # absolute, as it must work
    anonymous = TestClient(backend.client.app)  # no X-API-Key: the signed URL is the credential
    video = anonymous.get(final["final_video_url"])
    assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"


def test_a_segment_that_cannot_be_downloaded_fails_naming_it(backend: ServiceApi, origin: Origin) -> None:  # noqa: F811
    body = request_for(origin, ["seg0.mp4", "missing.mp4"])
    accepted = backend.client.post("/api/combine-final-video", json=body)
    assert accepted.status_code == 202, accepted.text
    final = poll(backend.client, accepted.json()["data"]["job_id"])[-1]
    assert final["status"] == "failed"
    assert final["current_step"] == "Downloading segment 2 (BODY_1)"
    assert final["error_message"].startswith("Failed to download video from URL:")
    assert "missing.mp4" in final["error_message"] and "404" in final["error_message"]
    # A retry after a failure runs again rather than answering with the failed job.
    retry = backend.client.post("/api/combine-final-video", json=body)
    assert retry.status_code == 202 and retry.json()["data"]["job_id"] != accepted.json()["data"]["job_id"]


def test_errors_use_the_backend_envelope(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    bad = client.post("/api/combine-final-video", json={"project_id": "p", "segments": []})
    refused = client.post("/api/combine-final-video", json={"project_id": "p", "segments": [
        {"type": "HOOK", "video_url": "http://169.254.169.254/latest/meta-data", "duration_seconds": 6}]})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "INVALID_REQUEST"
    assert "segments[0].video_url" in str(refused.json()["error"]["details"])
    assert bad.status_code == 400
    jsonschema.validate(bad.json(), ERROR)
    assert bad.json()["error"]["code"] == "INVALID_REQUEST" and "segments" in str(bad.json()["error"]["details"])
    unknown = client.get("/api/job-status/job_doesnotexist")
    assert unknown.status_code == 404
    jsonschema.validate(unknown.json(), ERROR)
    assert unknown.json()["error"]["code"] == "JOB_NOT_FOUND"
    anonymous = make_client(key=None)
    for response in (anonymous.post("/api/combine-final-video", json={}), anonymous.get("/api/job-status/job_x"),
                     make_client(key="wrong").get("/api/job-status/job_x")):
        assert response.status_code == 401, response.text
        jsonschema.validate(response.json(), ERROR)
        assert response.json()["error"]["code"] == "UNAUTHORIZED"
    # Only Sparkfluence jobs have a status here; our own API keeps its envelope.
    other = client.post("/api/v1/video/combine", json={"segments": [{"video": "https://example.com/a.mp4"}]})
    assert other.status_code == 202, other.text
    assert client.get(f"/api/job-status/{other.json()['data']['job_id']}").json()["error"]["code"] == "JOB_NOT_FOUND"
    assert client.get("/api/v1/jobs/job_doesnotexist").json()["error"]["code"] == "NOT_FOUND"
