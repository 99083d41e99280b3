"""Text providers with JSON-schema output (OpenAI Responses, OpenAI-compatible Chat Completions, Gemini)
against the loopback fakes: what they send, how answers are read, and the one extra attempt."""

from __future__ import annotations

import time
from typing import Any

import pytest

from media_service.providers import ProviderAuthError, ProviderRejectedError
from media_service.providers.text import TextRequest, generate_checked, parse_json_object
from tests.fakes import GeminiFake, OpenAIFake

SCHEMA: dict[str, Any] = {"type": "object", "additionalProperties": False, "required": ["title", "scenes"],
                          "properties": {"title": {"type": "string"}, "scenes": {
                              "type": "array", "minItems": 3, "items": {
                                  "type": "object", "additionalProperties": False, "required": ["narration"],
                                  "properties": {"narration": {"type": "string"}}}}}}
REQUEST = TextRequest(system="You write scripts.", prompt="Topic: anglerfish", schema=SCHEMA, schema_name="video")


def _compatible(fake: OpenAIFake) -> dict[str, str]:
    return {"OPENAI_COMPATIBLE_BASE_URL": fake.base_url, "OPENAI_COMPATIBLE_API_KEY": fake.key,
            "OPENAI_COMPATIBLE_MODEL": "qwen2.5-7b"}


def test_openai_responses_with_a_strict_schema(openai_fake: OpenAIFake, registry_for) -> None:
    result = registry_for(openai_fake, OPENAI_TEXT_MODEL="gpt-test").text("openai").generate_json(REQUEST)
    assert len(result.data["scenes"]) == 3 and result.provider == "openai" and result.model == "gpt-test"
    sent = openai_fake.posts("/responses")[0]
    body = sent.json()
    assert sent.headers["authorization"] == f"Bearer {openai_fake.key}" and body["store"] is False
    assert body["text"]["format"] == {"type": "json_schema", "name": "video", "strict": True, "schema": SCHEMA}
    assert body["instructions"] == "You write scripts." and body["input"] == "Topic: anglerfish"


def test_a_non_strict_schema_is_refused_by_openai(openai_fake: OpenAIFake, registry_for) -> None:
    loose = TextRequest(system="s", prompt="p", schema={"type": "object", "properties": {"a": {"type": "string"}}})
    with pytest.raises(ProviderRejectedError) as caught:
        registry_for(openai_fake).text("openai").generate_json(loose)
    assert caught.value.details["status_code"] == 400


def test_refusal_and_rate_limit(openai_fake: OpenAIFake, registry_for) -> None:
    provider = registry_for(openai_fake).text("openai")
    with pytest.raises(ProviderRejectedError, match="refused"):
        provider.generate_json(TextRequest(system="s", prompt="FAIL_ME", schema=SCHEMA))
    openai_fake.inject("rate_limit")
    started = time.monotonic()
    assert provider.generate_json(REQUEST).data["title"]
    assert time.monotonic() - started >= 1.0


def test_an_openai_compatible_server_by_base_url(openai_fake: OpenAIFake, registry_for) -> None:
    provider = registry_for(**_compatible(openai_fake)).text("openai_compatible")
    result = provider.generate_json(REQUEST)
    body = openai_fake.posts("/chat/completions")[0].json()
    assert body["model"] == "qwen2.5-7b" and body["messages"][0] == {"role": "system", "content": "You write scripts."}
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA and result.provider == "openai_compatible"


def test_gemini_json_mode(gemini_fake: GeminiFake, registry_for) -> None:
    result = registry_for(gemini_fake, GEMINI_TEXT_MODEL="gemini-test").text("gemini").generate_json(REQUEST)
    assert len(result.data["scenes"]) == 3  # the thought part is left out
    sent = gemini_fake.posts()[0]
    assert sent.path == "/v1beta/models/gemini-test:generateContent"
    config = sent.json()["generationConfig"]
    assert config["responseJsonSchema"] == SCHEMA and config["responseMimeType"] == "application/json"


def test_gemini_blocked_prompt_and_bad_key(gemini_fake: GeminiFake, registry_for) -> None:
    with pytest.raises(ProviderRejectedError, match="blocked"):
        registry_for(gemini_fake).text("gemini").generate_json(TextRequest(system="s", prompt="FAIL_ME", schema=SCHEMA))
    with pytest.raises(ProviderAuthError):
        registry_for(gemini_fake, key="wrong").text("gemini").generate_json(REQUEST)


def test_unusable_answers_are_asked_again_once(gemini_fake: GeminiFake, registry_for) -> None:
    provider = registry_for(gemini_fake).text("gemini")
    gemini_fake.inject("bad_json")
    data, _, attempts = generate_checked(provider, REQUEST, lambda d: d["title"])
    assert attempts == 2 and data.startswith("Fake title")
    assert "not usable" in gemini_fake.posts()[1].json()["contents"][0]["parts"][0]["text"]

    def never(d: dict[str, Any]) -> None:
        raise ValueError("three scenes are too few")

    with pytest.raises(ProviderRejectedError, match="unusable JSON twice: three scenes are too few"):
        generate_checked(provider, REQUEST, never)


def test_json_is_found_inside_fences_and_prose() -> None:
    assert parse_json_object('Here you go:\n```json\n{"a": 1}\n```', provider="x") == {"a": 1}
    with pytest.raises(ProviderRejectedError):
        parse_json_object("[1, 2]", provider="x")


def test_text_order_and_local(registry_for, gemini_fake: GeminiFake) -> None:
    assert registry_for().text_provider_for(None) == "local"
    assert registry_for(gemini_fake).text_provider_for(None) == "gemini"
    assert registry_for(gemini_fake, TEXT_PROVIDER_ORDER="local,gemini").text_provider_for(None) == "local"
