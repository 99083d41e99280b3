"""Characters through the API against the OpenAI fake: stored with their variants, variants reuse the
style prompt and the first image, listing and paging, and the 400/404/503 answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import OpenAIFake

from .conftest import ImageApi, errors_by_field

CHARACTER = {"name": "Pip", "description": "a small round robot with one antenna and a teal scarf",
             "style": "mascot", "expressions": ["happy", "surprised", "thinking"], "size": "1024x1024"}


def test_three_expressions_store_three_variants(image_api, openai_fake: OpenAIFake) -> None:
    api: ImageApi = image_api(openai_fake)
    result = api.run("character", {**CHARACTER, "workspace_id": "ws1"})
    assert [i["expression"] for i in result["images"]] == ["happy", "surprised", "thinking"]
    assert result["provider"] == "openai"
    prompts = [r.json()["prompt"] for r in openai_fake.posts("/images/generations")]
    assert len(prompts) == 3 and all(p.startswith(result["style_prompt"]) for p in prompts)
    assert "teal scarf" in result["style_prompt"] and "brand mascot" in result["style_prompt"]
    stored = api.get(f"characters/{result['character_id']}").json()["data"]
    assert [v["expression"] for v in stored["variants"]] == ["happy", "surprised", "thinking"]
    assert stored["style_prompt"] == result["style_prompt"] and stored["workspace_id"] == "ws1"
    png = api.client.get(stored["variants"][0]["image_url"])
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_a_variant_reuses_the_style_prompt_and_first_image(image_api, openai_fake: OpenAIFake) -> None:
    api: ImageApi = image_api(openai_fake)
    created = api.run("character", {**CHARACTER, "expressions": ["neutral"]})
    first_image = Path(created["images"][0]["path"]).read_bytes()
    job_id = api.submit(f"character/{created['character_id']}/variant",
                        {"expressions": ["sleepy"], "poses": ["waving", "sitting"]})
    job = api.wait(job_id)
    assert job["status"] == "completed", job
    edits = openai_fake.posts("/images/edits")
    assert len(edits) == 2  # one per pose, each with the character's first image as the reference
    for sent, pose in zip(edits, ("waving", "sitting")):
        assert created["style_prompt"].encode() in sent.body and f"Pose: {pose}.".encode() in sent.body
        assert first_image in sent.body
    stored = api.get(f"characters/{created['character_id']}").json()["data"]
    assert [(v["expression"], v["pose"]) for v in stored["variants"]] == [
        ("neutral", None), ("sleepy", "waving"), ("sleepy", "sitting")]


def test_listing_pages_and_filters_by_workspace(image_api) -> None:
    api: ImageApi = image_api()  # the local provider: no keys needed
    for i in range(3):
        api.run("character", {**CHARACTER, "name": f"C{i}", "expressions": ["neutral"],
                              "workspace_id": "a" if i < 2 else "b"})
    page = api.get("characters?limit=1&workspace_id=a").json()["data"]
    assert [c["name"] for c in page["characters"]] == ["C1"] and page["has_more"]
    rest = api.get(f"characters?limit=5&workspace_id=a&cursor={page['next_cursor']}").json()["data"]
    assert [c["name"] for c in rest["characters"]] == ["C0"] and not rest["has_more"]
    everyone = api.get("characters").json()["data"]["characters"]
    assert len(everyone) == 3 and everyone[0]["variants"][0]["provider"] == "local"


@pytest.mark.parametrize(("change", "field"), [
    ({"style": "vaporwave"}, "style"),
    ({"expressions": []}, "expressions"),
    ({"expressions": ["smug"]}, "expressions[0]"),
    ({"size": "640x480"}, "size"),
    ({"size": "huge"}, "size"),
    ({"provider": "dalle"}, "provider"),
    ({"colour": "red"}, "colour"),
])
def test_bad_input_names_the_field(image_api, openai_fake: OpenAIFake, change: dict, field: str) -> None:
    api: ImageApi = image_api(openai_fake, worker=False)
    errors = errors_by_field(api.post("character", {**CHARACTER, "provider": "openai", **change}))
    assert field in errors, errors
    assert openai_fake.requests == []


def test_unconfigured_provider_is_503_naming_the_variable(image_api) -> None:
    api: ImageApi = image_api(worker=False)
    r = api.post("character", {**CHARACTER, "provider": "openai"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert r.json()["error"]["details"] == {"provider": "openai", "setting": "OPENAI_API_KEY"}


def test_unknown_character_is_404(image_api) -> None:
    api: ImageApi = image_api(worker=False)
    assert api.get("characters/char_nope").status_code == 404
    assert api.post("character/char_nope/variant", {"expressions": ["happy"]}).status_code == 404


def test_quota_failure_is_a_provider_error_without_retries(image_api, openai_fake: OpenAIFake) -> None:
    api: ImageApi = image_api(openai_fake)
    openai_fake.inject("quota")
    job = api.wait(api.submit("character", {**CHARACTER, "expressions": ["happy"]}))
    assert job["status"] == "failed" and job["retries"] == 0
    assert job["error"]["code"] == "PROVIDER_ERROR"
    assert job["error"]["details"]["provider"] == "openai" and job["error"]["details"]["status_code"] == 429
    assert job["error"]["details"]["reason"] == "quota_exhausted"
    assert openai_fake.key not in str(job)


def test_styles_and_providers(image_api, openai_fake: OpenAIFake) -> None:
    api: ImageApi = image_api(openai_fake, worker=False)
    styles = api.get("styles").json()["data"]["styles"]
    assert len(styles) == 8 and {"name": "pixel_art", "prompt_fragment": styles[5]["prompt_fragment"]} in styles
    listing = api.get("providers").json()["data"]
    by_name = {p["name"]: p for p in listing["providers"]}
    assert listing["default"] == "openai" and by_name["openai"]["configured"]
    assert by_name["gemini"] == {**by_name["gemini"], "configured": False, "setting": "GOOGLE_API_KEY"}
    assert by_name["local"]["configured"] and by_name["local"]["local"]
