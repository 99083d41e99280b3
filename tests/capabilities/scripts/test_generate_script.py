"""`POST /functions/v1/generate-script` (Sparkfluence Endpoint 1): the contract's JSON shape (a JSON Schema
written from sparkfluence-api-contracts.md), offline and through the Gemini, OpenAI and OpenAI-compatible
fakes, with retrieval from the knowledge base and the contract's error envelope."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import CAPABILITY_ENV
from tests.conftest import API_KEY
from tests.fakes import FakeServer, GeminiFake, OpenAIFake
from tests.fakes.fixtures import fakes_env

# Endpoint 1 "Response (200 OK)" and "Response Fields"; our additions (provider, model, knowledge_ids, notes).
SEGMENT = {"type": "object", "additionalProperties": False,
           "required": ["type", "duration_seconds", "script_text", "visual_direction", "emotion"],
           "properties": {"type": {"type": "string", "pattern": "^(HOOK|BODY_[1-6]|ENDING_CTA)$"},
                          "duration_seconds": {"type": "number", "exclusiveMinimum": 0},
                          "script_text": {"type": "string", "minLength": 1},
                          "visual_direction": {"type": "string", "minLength": 1},
                          "emotion": {"type": "string", "minLength": 1}}}
RESPONSE_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["success", "data"],
    "properties": {"success": {"const": True}, "data": {
        "type": "object", "additionalProperties": False,
        "required": ["segments", "metadata", "provider", "model", "knowledge_ids", "notes"],
        "properties": {
            "segments": {"type": "array", "minItems": 4, "maxItems": 8, "items": SEGMENT},
            "metadata": {"type": "object", "additionalProperties": False,
                         "required": ["virality_score", "hooks_used", "total_duration", "language"],
                         "properties": {"virality_score": {"type": "number", "minimum": 0, "maximum": 10},
                                        "hooks_used": {"type": "array", "items": {"type": "string"}},
                                        "total_duration": {"type": "number"}, "language": {"type": "string"}}},
            "provider": {"type": "string"}, "model": {"type": "string"},
            "knowledge_ids": {"type": "array", "items": {"type": "string"}},
            "notes": {"type": "array", "items": {"type": "string"}}}}}}
EXAMPLE = {"input_type": "topic", "content": "5 cara meningkatkan produktivitas kerja", "duration": "30s",
           "platform": "tiktok", "language": "indonesian"}


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


def _script(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/functions/v1/generate-script", json=body)
    assert r.status_code == 200, r.text
    jsonschema.validate(r.json(), RESPONSE_SCHEMA)
    data: dict[str, Any] = r.json()["data"]
    segments = data["segments"]
    total = int(body["duration"].rstrip("s"))
    assert [s["type"] for s in segments] == ["HOOK", *[f"BODY_{i}" for i in range(1, len(segments) - 1)],
                                             "ENDING_CTA"]
    assert sum(s["duration_seconds"] for s in segments) == total == data["metadata"]["total_duration"]
    assert len(segments) == 4 if total == 30 else 4 <= len(segments) <= 8
    return data


@pytest.mark.parametrize(("language", "duration"), [("indonesian", "30s"), ("english", "60s"), ("id", "60s"),
                                                    ("en", "30s")])
def test_offline_scripts_hold_the_shape(spark, language: str, duration: str) -> None:
    content = EXAMPLE["content"] if language in ("indonesian", "id") else "How to fall asleep faster"
    data = _script(spark(), {**EXAMPLE, "content": content, "language": language, "duration": duration})
    assert data["provider"] == "local" and data["knowledge_ids"]
    assert data["metadata"]["language"] == ("indonesian" if language in ("indonesian", "id") else "english")
    hook = data["segments"][0]["script_text"]
    assert content.lower() in hook.lower() or data["metadata"]["hooks_used"]
    if language in ("indonesian", "id"):
        assert "Follow" in data["segments"][-1]["script_text"] and "Rahasia nomor 1" in data["segments"][1]["script_text"]


def test_a_transcript_keeps_its_own_sentences(spark) -> None:
    transcript = ("Most people think sleep is wasted time. But your brain is busy at night. It clears out waste "
                  "that builds up while you are awake. It also files away the memories of the day. Teenagers need "
                  "about nine hours. Adults need seven or more. So put the phone away an hour early.")
    data = _script(spark(), {"input_type": "transcript", "content": transcript, "duration": "60s",
                             "language": "english", "platform": "youtube_shorts"})
    bodies = " ".join(s["script_text"] for s in data["segments"][1:-1])
    assert "Teenagers need about nine hours." in bodies and "sleep" in data["segments"][0]["script_text"].lower()
    assert "subscribe" in data["segments"][-1]["script_text"].lower()


def test_an_added_knowledge_entry_is_retrieved_and_used(spark) -> None:
    client = spark()
    entry = {"kind": "hook", "pattern": "cold_open", "language": "english",
             "text": "Cold showers every morning for 30 days: here's what {topic} did to my energy.",
             "tags": ["cold shower", "morning routine", "energy"]}
    r = client.post("/api/v1/scripts/knowledge", json=entry)
    assert r.status_code == 201, r.text
    added = r.json()["data"]
    assert added["id"].startswith("kb_") and added["language"] == "en" and added["source"] == "user"
    listed = client.get("/api/v1/scripts/knowledge", params={"language": "en"}).json()["data"]
    assert added["id"] in [e["id"] for e in listed["entries"]] and listed["total"] >= 8
    data = _script(client, {"input_type": "topic", "content": "cold showers in the morning for more energy",
                            "duration": "30s", "language": "english"})
    assert data["knowledge_ids"][0] == added["id"] and "cold_open" in data["metadata"]["hooks_used"]
    assert data["segments"][0]["script_text"].startswith("Cold showers every morning for 30 days")
    assert client.delete(f"/api/v1/scripts/knowledge/{added['id']}").status_code == 200
    again = _script(client, {"input_type": "topic", "content": "cold showers in the morning for more energy",
                             "duration": "30s", "language": "english"})
    assert added["id"] not in again["knowledge_ids"]
    assert client.delete(f"/api/v1/scripts/knowledge/{added['id']}").status_code == 404


def test_gemini_writes_with_a_response_schema(spark) -> None:
    gemini = GeminiFake().start()
    client = spark(gemini)
    data = _script(client, {**EXAMPLE, "duration": "60s"})
    assert data["provider"] == "gemini" and data["model"] == "gemini-3-flash-preview"
    assert "durations rescaled to sum to 60 s" in data["notes"]  # the fake's 4 × 7.5 s, repaired
    sent = gemini.posts(":generateContent")[0].json()
    config = sent["generationConfig"]
    assert config["responseMimeType"] == "application/json" and "responseSchema" not in config
    assert config["responseJsonSchema"]["properties"]["segments"]["maxItems"] == 8
    prompt = sent["contents"][0]["parts"][0]["text"]
    assert all(f"[{i}]" in prompt for i in data["knowledge_ids"]) and "indonesian" in sent["systemInstruction"]["parts"][0]["text"]


def test_an_openai_compatible_server_is_asked_again_after_bad_json(spark) -> None:
    server = OpenAIFake().start()
    client = spark(OPENAI_COMPATIBLE_BASE_URL=server.base_url, OPENAI_COMPATIBLE_API_KEY=server.key,
                   OPENAI_COMPATIBLE_MODEL="llama-3.1-8b-instruct")
    server.inject("bad_json")
    data = _script(client, {**EXAMPLE, "language": "english", "content": "why cats knock things off tables"})
    assert data["provider"] == "openai_compatible" and any("asked openai_compatible again" in n for n in data["notes"])
    sent = [r.json() for r in server.posts("/chat/completions")]
    assert len(sent) == 2 and sent[0]["model"] == "llama-3.1-8b-instruct"
    assert sent[0]["response_format"]["json_schema"]["strict"] is True
    assert "not usable" in sent[1]["messages"][1]["content"]


def test_openai_responses_and_the_provider_field(spark) -> None:
    openai = OpenAIFake().start()
    gemini = GeminiFake().start()
    client = spark(openai, gemini)
    data = _script(client, {**EXAMPLE, "provider": "openai"})
    assert data["provider"] == "openai" and not gemini.posts()
    sent = openai.posts("/responses")[0].json()
    assert sent["store"] is False and sent["text"]["format"]["type"] == "json_schema" and sent["model"] == "gpt-5.4-mini"
    assert _script(client, {**EXAMPLE, "provider": "local"})["provider"] == "local"


def _error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["success"] is False and body["error"]["code"] == code, body
    return dict(body["error"])


@pytest.mark.parametrize(("change", "field"), [
    ({"content": "   "}, "content"),
    ({"duration": "45s"}, "duration"),
    ({"language": "klingon"}, "language"),
    ({"input_type": "essay"}, "input_type"),
    ({"voice": "x"}, "voice"),
])
def test_bad_input_names_the_field(spark, change: dict[str, Any], field: str) -> None:
    error = _error(spark().post("/functions/v1/generate-script", json={**EXAMPLE, **change}), 400, "INVALID_INPUT")
    assert error["details"]["field"] == field


def test_provider_refusal_and_missing_key(spark) -> None:
    gemini = GeminiFake().start()
    client = spark(gemini)
    error = _error(client.post("/functions/v1/generate-script", json={**EXAMPLE, "content": "FAIL_ME"}), 502,
                   "API_ERROR")
    assert error["details"]["provider"] == "gemini" and gemini.key not in str(error)
    error = _error(client.post("/functions/v1/generate-script", json={**EXAMPLE, "provider": "openai"}), 503,
                   "API_ERROR")
    assert error["details"]["setting"] == "OPENAI_API_KEY"
