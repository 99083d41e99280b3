"""Bad pipeline requests are 400s naming the field (no job is made); an unconfigured provider is a 503 naming
the variable to set; a retry of something that is not a failed pipeline is a 404 or 409."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import errors_by_field

from .conftest import PipelineApi

SCRIPT = [{"type": "HOOK", "duration_seconds": 6, "script_text": "Sleep is a superpower.", "emotion": "curiosity"},
          {"type": "BODY_1", "duration_seconds": 8, "script_text": "Your brain files memories at night."},
          {"type": "BODY_2", "duration_seconds": 8, "script_text": "Skip it and focus drops by a third."},
          {"type": "ENDING_CTA", "duration_seconds": 8, "script_text": "Follow for more science."}]


@pytest.fixture
def api(make_client: Callable[..., TestClient], tmp_path: Path) -> PipelineApi:
    return PipelineApi.over(make_client, tmp_path)


@pytest.mark.parametrize(("body", "field"), [
    ({"topic": "sleep", "duration": "45s"}, "duration"),
    ({}, "topic"),
    ({"topic": "sleep", "script": SCRIPT}, "script"),
    ({"topic": "  "}, "topic"),
    ({"script": SCRIPT[:3]}, "script"),
    ({"topic": "sleep", "language": "klingon"}, "language"),
    ({"topic": "sleep", "providers": {"images": "midjourney"}}, "providers.images"),
    ({"topic": "sleep", "providers": {"voice": "siri"}}, "providers.voice"),
    ({"topic": "sleep", "providers": {"video": "sora-9"}}, "providers.video"),
    ({"topic": "sleep", "providers": {"video": "mochi-1"}}, "providers.video"),
    ({"topic": "sleep", "voice": "nobody"}, "voice"),
    ({"topic": "sleep", "bgm": {"source": "no-such-track"}}, "bgm.source"),
    ({"topic": "sleep", "resolution": "4k"}, "resolution"),
    ({"topic": "sleep", "colour": "red"}, "colour"),
])
def test_bad_input_names_the_field(api: PipelineApi, body: dict[str, Any], field: str) -> None:
    r = api.post("pipeline", body)
    assert field in errors_by_field(r), r.text
    jobs = api.client.get("/api/v1/jobs").json()["data"]
    assert not (jobs["jobs"] if isinstance(jobs, dict) else jobs), "no job is made for a bad request"


def test_unconfigured_provider_names_the_setting(api: PipelineApi) -> None:
    r = api.post("pipeline", {"topic": "sleep", "providers": {"images": "openai"}})
    assert r.status_code == 503, r.text
    assert "OPENAI_API_KEY" in r.text


def test_dry_run_checks_without_a_job(api: PipelineApi) -> None:
    r = api.post("pipeline", {"script": SCRIPT, "dry_run": True})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["type"] == "video.pipeline" and data["request"]["voice"] == "piper-en_US-joe-medium"


def test_retry_needs_a_failed_pipeline(api: PipelineApi) -> None:
    assert api.client.post("/api/v1/video/pipeline/job_nope/retry").status_code == 404
    queued = api.submit("pipeline", {"script": SCRIPT})  # no worker: it stays queued
    r = api.client.post(f"/api/v1/video/pipeline/{queued}/retry")
    assert r.status_code == 409 and r.json()["error"]["details"]["status"] == "queued", r.text
