"""Gemini image models through the loopback fake."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest

from media_service.providers import ImageRequest, ProviderAuthError, ProviderRejectedError, UnsupportedSize
from tests.fakes import GeminiFake, png_bytes


def test_generates_with_the_aspect_ratio_and_key_header(gemini_fake: GeminiFake, registry_for, tmp_path: Path) -> None:
    provider = registry_for(gemini_fake, GEMINI_IMAGE_MODEL="gemini-test-image").image("gemini")
    image = provider.generate(ImageRequest("a lighthouse at dusk", 576, 1024), tmp_path / "lh")
    sent = gemini_fake.posts()[0]
    assert sent.path == "/v1beta/models/gemini-test-image:generateContent"
    assert sent.headers["x-goog-api-key"] == gemini_fake.key and "key" not in sent.query
    assert sent.json()["generationConfig"] == {"responseModalities": ["IMAGE"], "imageConfig": {"aspectRatio": "9:16"}}
    assert image.mime == "image/png" and image.revised_prompt == "Here is your image."


def test_references_are_sent_as_inline_parts(gemini_fake: GeminiFake, registry_for, tmp_path: Path) -> None:
    ref = tmp_path / "ref.png"
    ref.write_bytes(png_bytes(16, 16))
    registry_for(gemini_fake).image("gemini").generate(ImageRequest("same", 1024, 1024, references=(ref,)),
                                                        tmp_path / "o")
    parts = gemini_fake.posts()[0].json()["contents"][0]["parts"]
    assert base64.b64decode(parts[1]["inlineData"]["data"]) == png_bytes(16, 16)


def test_retry_info_delay_is_honoured(gemini_fake: GeminiFake, registry_for, tmp_path: Path) -> None:
    gemini_fake.inject("rate_limit")
    started = time.monotonic()
    registry_for(gemini_fake).image("gemini").generate(ImageRequest("a", 1024, 1024), tmp_path / "a")
    assert time.monotonic() - started >= 1.0 and len(gemini_fake.posts()) == 2


def test_overloaded_503_is_retried_even_for_paid_work(gemini_fake: GeminiFake, registry_for, tmp_path: Path) -> None:
    gemini_fake.inject("server_error")
    registry_for(gemini_fake).image("gemini").generate(ImageRequest("a", 1024, 1024), tmp_path / "a")
    assert len(gemini_fake.posts()) == 2


def test_bad_key_400_is_an_auth_error(gemini_fake: GeminiFake, registry_for, tmp_path: Path) -> None:
    with pytest.raises(ProviderAuthError) as caught:
        registry_for(gemini_fake, key="AIza-wrong").image("gemini").generate(ImageRequest("a", 1024, 1024),
                                                                              tmp_path / "a")
    assert caught.value.details["status_code"] == 400 and len(gemini_fake.posts()) == 1


def test_a_safety_refusal_is_rejected(gemini_fake: GeminiFake, registry_for, tmp_path: Path) -> None:
    with pytest.raises(ProviderRejectedError, match="IMAGE_SAFETY"):
        registry_for(gemini_fake).image("gemini").generate(ImageRequest("FAIL_ME", 1024, 1024), tmp_path / "a")


def test_a_non_image_is_refused(gemini_fake: GeminiFake, registry_for, tmp_path: Path) -> None:
    gemini_fake.inject("not_image")
    with pytest.raises(ProviderRejectedError, match="not image"):
        registry_for(gemini_fake).image("gemini").generate(ImageRequest("a", 1024, 1024), tmp_path / "a")


def test_ratios_gemini_does_not_name_are_refused(gemini_fake: GeminiFake, registry_for) -> None:
    with pytest.raises(UnsupportedSize, match="9:16"):
        registry_for(gemini_fake).image("gemini").check_size(1000, 300)
