"""`POST /functions/v1/generate-images` against the fakes: the contract's JSON shape (a JSON Schema written
from sparkfluence-api-contracts.md Endpoint 2), its error envelope, Bearer auth with our keys, and the
504 that names the job when the provider is slow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import skia
from fastapi.testclient import TestClient
from jobs.conftest import wait_job

from tests.capabilities.service_api import CAPABILITY_ENV
from tests.conftest import API_KEY
from tests.fakes import FakeServer, HuggingFaceFake, OpenAIFake
from tests.fakes.fixtures import fakes_env

# Endpoint 2 "Response (200 OK)" and "Response Fields", field for field.
RESPONSE_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["success", "data"],
    "properties": {
        "success": {"const": True},
        "data": {"type": "object", "additionalProperties": False, "required": ["images", "provider"], "properties": {
            "provider": {"type": "string"},
            "images": {"type": "array", "minItems": 1, "items": {
                "type": "object", "additionalProperties": False,
                "required": ["segment_type", "prompt", "image_url", "provider", "revised_prompt"],
                "properties": {"segment_type": {"type": "string"}, "prompt": {"type": "string", "minLength": 1},
                               "image_url": {"type": "string", "pattern": "^https?://"},
                               "provider": {"type": "string"}, "revised_prompt": {"type": ["string", "null"]}}}}}}}}
# "Edge Function Errors": {success: false, error: {code, message, details}}.
ERROR_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["success", "error"],
    "properties": {"success": {"const": False}, "error": {
        "type": "object", "additionalProperties": False, "required": ["code", "message", "details"],
        "properties": {"code": {"enum": ["INVALID_INPUT", "UNAUTHORIZED", "RATE_LIMITED", "API_ERROR",
                                         "INTERNAL_ERROR", "TIMEOUT", "NOT_FOUND"]},
                       "message": {"type": "string"}, "details": {"type": "object"}}}}}

SEGMENTS = [
    {"type": "HOOK", "script_text": "Kerja seharian tapi nggak produktif? Ini yang salah!",
     "visual_direction": "Close-up of stressed person looking at messy desk with papers everywhere", "emotion": "shock"},
    {"type": "BODY_1", "script_text": "Coba teknik ini.", "visual_direction": "Clean desk with a single notebook",
     "emotion": "curiosity"},
]


@pytest.fixture
def spark(make_client: Callable[..., TestClient], start_worker: Callable[..., Any]
          ) -> Iterator[Callable[..., TestClient]]:
    fakes: list[FakeServer] = []

    def factory(*vendors: FakeServer, **env: str) -> TestClient:
        fakes.extend(vendors)
        merged = fakes_env(*vendors, **{**CAPABILITY_ENV, **env})
        client = make_client(merged, key=None)
        client.headers["Authorization"] = f"Bearer {API_KEY}"
        start_worker(client, queues=("io",))
        return client

    yield factory
    for fake in fakes:
        fake.stop()


def _error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    jsonschema.validate(body, ERROR_SCHEMA)
    assert body["error"]["code"] == code
    return dict(body["error"])


def test_huggingface_default_matches_the_contract(spark) -> None:
    hf = HuggingFaceFake().start()
    client = spark(hf)
    r = client.post("/functions/v1/generate-images", json={"segments": SEGMENTS, "style": "cinematic",
                                                           "aspect_ratio": "9:16"})
    assert r.status_code == 200, r.text
    body = r.json()
    jsonschema.validate(body, RESPONSE_SCHEMA)
    data = body["data"]
    assert data["provider"] == "huggingface" and [i["segment_type"] for i in data["images"]] == ["HOOK", "BODY_1"]
    assert all(i["provider"] == "huggingface" and i["revised_prompt"] is None for i in data["images"])
    sent = hf.posts()[0].json()
    assert sent["parameters"]["width"] == 576 and sent["parameters"]["height"] == 1024
    prompt = data["images"][0]["prompt"]
    assert sent["inputs"] == prompt and "messy desk" in prompt and "shocked" in prompt and "Cinematic" in prompt
    png = client.get(data["images"][0]["image_url"])
    image = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(png.content))
    assert (image.width(), image.height()) == (576, 1024)


def test_openai_is_served_by_gpt_image(spark) -> None:
    openai = OpenAIFake().start()
    client = spark(openai)
    r = client.post("/functions/v1/generate-images", json={"segments": SEGMENTS[:1], "provider": "openai"})
    assert r.status_code == 200, r.text
    jsonschema.validate(r.json(), RESPONSE_SCHEMA)
    sent = openai.posts()[0].json()
    assert sent["model"] == "gpt-image-1" and sent["size"] == "1024x1536"  # 1024x1792 (DALL·E 3) → nearest


def test_local_needs_no_keys(spark, tmp_path: Path) -> None:
    r = spark().post("/functions/v1/generate-images", json={"segments": SEGMENTS, "provider": "local"})
    assert r.status_code == 200, r.text
    jsonschema.validate(r.json(), RESPONSE_SCHEMA)
    assert r.json()["data"]["provider"] == "local"


@pytest.mark.parametrize(("body", "field"), [
    ({"segments": []}, "segments"),
    ({}, "segments"),
    ({"segments": SEGMENTS, "style": "noir"}, "style"),
    ({"segments": [{"type": "HOOK"}]}, "segments[0].visual_direction"),
    ({"segments": SEGMENTS, "provider": "dalle"}, "provider"),
])
def test_invalid_input(spark, body: dict[str, Any], field: str) -> None:
    error = _error(spark().post("/functions/v1/generate-images", json=body), 400, "INVALID_INPUT")
    assert error["details"]["field"] == field


def test_bearer_with_our_keys(spark) -> None:
    client = spark()
    r = client.post("/functions/v1/generate-images", json={"segments": SEGMENTS, "provider": "local"},
                    headers={"Authorization": "Bearer not-our-key"})
    _error(r, 401, "UNAUTHORIZED")


def test_unconfigured_provider_names_the_variable(spark) -> None:
    error = _error(spark().post("/functions/v1/generate-images", json={"segments": SEGMENTS}), 503, "API_ERROR")
    assert error["details"] == {"provider": "huggingface", "setting": "HF_TOKEN"}


def test_provider_failure_is_api_error(spark) -> None:
    hf = HuggingFaceFake().start()
    client = spark(hf)
    hf.inject("quota")
    error = _error(client.post("/functions/v1/generate-images", json={"segments": SEGMENTS}), 502, "API_ERROR")
    assert error["details"]["provider"] == "huggingface" and error["details"]["status_code"] == 402
    assert error["details"]["job_id"].startswith("job_") and hf.key not in str(error)


def test_a_slow_provider_gives_504_naming_the_job(spark) -> None:
    hf = HuggingFaceFake(cold=True, loading_sec=2.0).start()
    client = spark(hf, SPARKFLUENCE_SYNC_TIMEOUT_SEC="0.5")
    error = _error(client.post("/functions/v1/generate-images", json={"segments": SEGMENTS[:1]}), 504, "TIMEOUT")
    job_id = error["details"]["job_id"]
    job = wait_job(client, job_id, timeout=30)
    assert job["status"] == "completed" and job["result"]["images"][0]["segment_type"] == "HOOK"
