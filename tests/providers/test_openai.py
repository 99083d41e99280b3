"""OpenAI Images through the loopback fake: success, DALL·E 3 substitution, 429 then success, quota,
bad key, paid-work 500, non-image answers and reference images."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import skia

from media_service.providers import (
    ImageRequest,
    ProviderAuthError,
    ProviderQuotaError,
    ProviderRejectedError,
    ProviderUnavailableError,
    UnsupportedSize,
)
from tests.fakes import OpenAIFake, png_bytes


def _decode(path: Path) -> skia.Image:
    image = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(path.read_bytes()))
    assert image is not None, f"{path} does not decode"
    return image


def test_generates_a_png_with_the_configured_model(openai_fake: OpenAIFake, registry_for, tmp_path: Path) -> None:
    provider = registry_for(openai_fake, OPENAI_IMAGE_MODEL="gpt-image-1").image("openai")
    image = provider.generate(ImageRequest("a red kite over a beach", 1024, 1536), tmp_path / "kite")
    assert image.path == tmp_path / "kite.png" and image.mime == "image/png" and image.provider == "openai"
    assert _decode(image.path).width() == 64  # the fake answers 1/16 of the asked size
    sent = openai_fake.posts("/images/generations")[0]
    assert sent.json()["model"] == "gpt-image-1" and sent.json()["size"] == "1024x1536"
    assert sent.headers["authorization"] == f"Bearer {openai_fake.key}"


def test_dall_e_3_is_served_by_gpt_image_and_says_so(openai_fake: OpenAIFake, registry_for, tmp_path: Path) -> None:
    provider = registry_for(openai_fake).image("openai")
    image = provider.generate(ImageRequest("a fox", 1024, 1792, model="dall-e-3"), tmp_path / "fox")
    body = openai_fake.posts()[0].json()
    assert body["model"] == "gpt-image-1" and body["size"] == "1024x1536"
    assert image.model == "gpt-image-1"
    assert any("dall-e-3" in note and "gpt-image-1" in note for note in image.notes)
    assert any("1024x1792 served as 1024x1536" in note for note in image.notes)


def test_rate_limit_waits_retry_after_then_succeeds(openai_fake: OpenAIFake, registry_for, tmp_path: Path) -> None:
    openai_fake.inject("rate_limit")
    provider = registry_for(openai_fake).image("openai")
    started = time.monotonic()
    image = provider.generate(ImageRequest("a fox", 1024, 1024), tmp_path / "fox")
    assert time.monotonic() - started >= 1.0  # the fake said retry-after: 1
    assert len(openai_fake.posts()) == 2 and image.path.is_file()


def test_quota_exhaustion_is_not_retried(openai_fake: OpenAIFake, registry_for, tmp_path: Path) -> None:
    openai_fake.inject("quota")
    with pytest.raises(ProviderQuotaError) as caught:
        registry_for(openai_fake).image("openai").generate(ImageRequest("a fox", 1024, 1024), tmp_path / "fox")
    assert len(openai_fake.posts()) == 1
    assert caught.value.retryable is False
    assert caught.value.details == {"provider": "openai", "status_code": 429, "reason": "quota_exhausted",
                                    "provider_message": "You exceeded your current quota, please check your plan "
                                                        "and billing details."}


def test_bad_key_maps_to_auth_error_without_retry_or_leak(openai_fake: OpenAIFake, registry_for,
                                                          tmp_path: Path) -> None:
    wrong = "sk-wrong-secret-value"
    with pytest.raises(ProviderAuthError) as caught:
        registry_for(openai_fake, key=wrong).image("openai").generate(ImageRequest("a", 1024, 1024), tmp_path / "a")
    assert len(openai_fake.posts()) == 1
    assert caught.value.details["status_code"] == 401 and caught.value.retryable is False
    assert "OPENAI_API_KEY" in caught.value.message and wrong not in str(caught.value.to_dict())


def test_server_error_on_paid_work_is_not_retried(openai_fake: OpenAIFake, registry_for, tmp_path: Path) -> None:
    openai_fake.inject("server_error")
    with pytest.raises(ProviderUnavailableError, match="not paid for twice"):
        registry_for(openai_fake).image("openai").generate(ImageRequest("a", 1024, 1024), tmp_path / "a")
    assert len(openai_fake.posts()) == 1


def test_a_non_image_answer_is_refused_by_magic_bytes(openai_fake: OpenAIFake, registry_for, tmp_path: Path) -> None:
    openai_fake.inject("not_image")
    with pytest.raises(ProviderRejectedError) as caught:
        registry_for(openai_fake).image("openai").generate(ImageRequest("a", 1024, 1024), tmp_path / "a")
    assert caught.value.details["reason"] == "invalid_response"
    assert list(tmp_path.iterdir()) == []  # nothing half-written left behind


def test_validation_error_is_rejected(openai_fake: OpenAIFake, registry_for, tmp_path: Path) -> None:
    with pytest.raises(ProviderRejectedError) as caught:
        registry_for(openai_fake).image("openai").generate(ImageRequest("FAIL_ME", 1024, 1024), tmp_path / "a")
    assert caught.value.details["status_code"] == 400 and caught.value.details["provider_message"] == "Invalid prompt."


def test_sizes_outside_the_model_are_refused_before_any_call(openai_fake: OpenAIFake, registry_for) -> None:
    with pytest.raises(UnsupportedSize, match="1024x1024"):
        registry_for(openai_fake).image("openai").check_size(640, 480)
    assert openai_fake.requests == []


def test_reference_images_go_to_edits(openai_fake: OpenAIFake, registry_for, tmp_path: Path) -> None:
    ref = tmp_path / "ref.png"
    ref.write_bytes(png_bytes(32, 32))
    provider = registry_for(openai_fake).image("openai")
    provider.generate(ImageRequest("same fox, laughing", 1024, 1024, references=(ref,)), tmp_path / "out")
    sent = openai_fake.posts("/images/edits")[0]
    assert b"same fox, laughing" in sent.body and png_bytes(32, 32) in sent.body
