"""Hugging Face text-to-image (raw bytes) through the loopback fake."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import skia

from media_service.providers import ImageRequest, ProviderAuthError, ProviderQuotaError, ProviderRejectedError
from tests.fakes import HuggingFaceFake


def test_raw_bytes_at_the_asked_size(hf_fake: HuggingFaceFake, registry_for, tmp_path: Path) -> None:
    image = registry_for(hf_fake).image("huggingface").generate(ImageRequest("a desk", 576, 1024, seed=7),
                                                                tmp_path / "d")
    decoded = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(image.path.read_bytes()))
    assert (decoded.width(), decoded.height()) == (576, 1024)
    sent = hf_fake.posts()[0]
    assert sent.path == "/hf-inference/models/black-forest-labs/FLUX.1-schnell"
    assert sent.json() == {"inputs": "a desk", "parameters": {"width": 576, "height": 1024, "num_inference_steps": 4,
                                                               "guidance_scale": 0.0, "seed": 7}}
    assert image.revised_prompt is None


def test_cold_model_503_waits_estimated_time(start_fake, registry_for, tmp_path: Path) -> None:
    fake = start_fake(HuggingFaceFake, cold=True, loading_sec=1.0)
    started = time.monotonic()
    registry_for(fake).image("huggingface").generate(ImageRequest("a", 512, 512), tmp_path / "a")
    assert time.monotonic() - started >= 1.0 and len(fake.posts()) == 2


def test_429_with_retry_after_then_success(hf_fake: HuggingFaceFake, registry_for, tmp_path: Path) -> None:
    hf_fake.inject("rate_limit")
    started = time.monotonic()
    registry_for(hf_fake).image("huggingface").generate(ImageRequest("a", 512, 512), tmp_path / "a")
    assert time.monotonic() - started >= 1.0 and len(hf_fake.posts()) == 2


def test_402_credits_exhausted_is_not_retried(hf_fake: HuggingFaceFake, registry_for, tmp_path: Path) -> None:
    hf_fake.inject("quota")
    with pytest.raises(ProviderQuotaError):
        registry_for(hf_fake).image("huggingface").generate(ImageRequest("a", 512, 512), tmp_path / "a")
    assert len(hf_fake.posts()) == 1


def test_bad_token(hf_fake: HuggingFaceFake, registry_for, tmp_path: Path) -> None:
    with pytest.raises(ProviderAuthError, match="HF_TOKEN"):
        registry_for(hf_fake, key="hf_wrong").image("huggingface").generate(ImageRequest("a", 512, 512), tmp_path / "a")
    assert len(hf_fake.posts()) == 1


def test_html_labelled_image_png_is_refused(hf_fake: HuggingFaceFake, registry_for, tmp_path: Path) -> None:
    hf_fake.inject("not_image")
    with pytest.raises(ProviderRejectedError, match="unrecognised bytes"):
        registry_for(hf_fake).image("huggingface").generate(ImageRequest("a", 512, 512), tmp_path / "a")


def test_empty_prompt_400_is_rejected(hf_fake: HuggingFaceFake, registry_for, tmp_path: Path) -> None:
    with pytest.raises(ProviderRejectedError) as caught:
        registry_for(hf_fake).image("huggingface").generate(ImageRequest("", 512, 512), tmp_path / "a")
    assert caught.value.details["provider_message"] == "Error in `inputs`: field required"
