"""The registry: names → adapters, configuration errors naming the variable, the documented order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import skia

from media_service.errors import ValidationError
from media_service.providers import ImageRequest, ProviderNotConfiguredError, build_registry


def test_unconfigured_provider_names_the_variable(make_settings) -> None:
    registry = build_registry(make_settings())
    with pytest.raises(ProviderNotConfiguredError) as caught:
        registry.image("openai")
    assert caught.value.status == 503 and caught.value.details == {"provider": "openai", "setting": "OPENAI_API_KEY"}
    with pytest.raises(ValidationError) as unknown:
        registry.image_provider_for("dalle", field="provider")
    assert unknown.value.errors[0]["field"] == "provider"


def test_default_is_the_first_configured_in_order(make_settings) -> None:
    assert build_registry(make_settings()).image_provider_for(None) == "local"
    assert build_registry(make_settings({"HF_TOKEN": "hf_x"})).image_provider_for(None) == "huggingface"
    both = make_settings({"HF_TOKEN": "hf_x", "REPLICATE_API_TOKEN": "r8_x", "IMAGE_PROVIDER_ORDER": "replicate,local"})
    assert build_registry(both).image_provider_for(None) == "replicate"


def test_gemini_api_key_is_accepted_too(make_settings) -> None:
    infos = {i.name: i for i in build_registry(make_settings({"GEMINI_API_KEY": "AIza-x"})).describe("image")}
    assert infos["gemini"].configured and infos["gemini"].setting == "GOOGLE_API_KEY"
    assert infos["local"].configured and infos["local"].local and not infos["openai"].configured


def test_describe_never_shows_keys(make_settings) -> None:
    text = str([i.to_dict() for i in build_registry(make_settings({"OPENAI_API_KEY": "sk-hidden"})).describe()])
    assert "sk-hidden" not in text and "OPENAI_API_KEY" in text


def test_local_provider_draws_a_labelled_card(make_settings, tmp_path: Path) -> None:
    local = build_registry(make_settings()).image("local")
    image = local.generate(ImageRequest("A lighthouse at dusk over stormy sea", 576, 1024, style="cinematic"),
                           tmp_path / "card")
    assert image.provider == "local" and image.mime == "image/png"
    decoded = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(image.path.read_bytes()))
    pixels = np.asarray(decoded.toarray())[..., :3].astype(float)
    assert (decoded.width(), decoded.height()) == (576, 1024)
    assert pixels.std() > 10  # a designed backdrop, not a flat fill
    white = (pixels.min(axis=2) > 235).mean()
    assert 0.01 < white < 0.3  # the headline is set in white type
