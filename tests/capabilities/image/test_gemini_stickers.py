"""Gemini images and stickers through the API: fakes for the vendors, pixel checks on the stickers."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np

from media_service.engines.image import load_rgba
from tests.fakes import GeminiFake, HuggingFaceFake, png_bytes

from .conftest import ImageApi, errors_by_field


def _sticker_pixels(api: ImageApi, output: dict) -> np.ndarray:
    return load_rgba(api.fetch(output)).astype(int)


def test_gemini_with_a_reference_image(image_api, start_fake) -> None:
    gemini: GeminiFake = start_fake(GeminiFake)
    api: ImageApi = image_api(gemini)
    ref = "data:image/png;base64," + base64.b64encode(png_bytes(16, 16)).decode()
    result = api.run("gemini", {"prompt": "the same robot at the beach", "aspect_ratio": "16:9",
                                "reference_images": [ref]})
    image = result["images"][0]
    assert image["provider"] == "gemini" and image["mime"] == "image/png" and image["width"] == 128
    sent = gemini.posts()[0].json()
    assert sent["generationConfig"]["imageConfig"] == {"aspectRatio": "16:9"}
    assert base64.b64decode(sent["contents"][0]["parts"][1]["inlineData"]["data"]) == png_bytes(16, 16)


def test_gemini_unconfigured_is_503(image_api) -> None:
    r = image_api(worker=False).post("gemini", {"prompt": "x"})
    assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "GOOGLE_API_KEY"


def test_stickers_from_prompts_are_cut_out(image_api, hf_fake: HuggingFaceFake) -> None:
    api: ImageApi = image_api(hf_fake)
    result = api.run("stickers", {"prompts": ["a red ball"], "provider": "huggingface", "size": "512x512"})
    sticker = result["stickers"][0]
    assert sticker["source_image"]["provider"] == "huggingface" and sticker["sticker"]["mime"] == "image/png"
    assert "plain flat white background" in hf_fake.posts()[0].json()["inputs"]
    px = _sticker_pixels(api, sticker["sticker"])
    alpha = px[..., 3]
    assert alpha[0, 0] == alpha[-1, -1] == 0  # transparent outside the round subject
    h, w = alpha.shape
    assert w < 512 and h < 512  # trimmed
    row = px[h // 2]
    red = np.flatnonzero((row[:, 0] > 200) & (row[:, 1] < 80) & (row[:, 3] == 255))
    assert red.size > 100
    outline = row[red.max() + 3]
    assert outline[3] == 255 and outline[:3].min() >= 250  # the white die-cut outline


def test_a_source_picture_needs_no_provider(image_api, tmp_path: Path) -> None:
    api: ImageApi = image_api()
    (api.inputs / "ball.png").write_bytes(png_bytes(200, 200, background=(20, 120, 220)))
    result = api.run("stickers", {"source": str(api.inputs / "ball.png"), "format": "webp"})
    sticker = result["stickers"][0]["sticker"]
    assert sticker["mime"] == "image/webp"
    px = _sticker_pixels(api, sticker)
    background = (np.abs(px[..., :3] - np.array([20, 120, 220])).max(axis=2) < 12) & (px[..., 3] > 0)
    assert px[0, 0, 3] == 0 and not background.any()  # none of the blue background is left


def test_local_stickers_are_badges(image_api) -> None:
    api: ImageApi = image_api()
    sticker = api.run("stickers", {"prompts": ["game night"], "style": "anime"})["stickers"][0]
    assert sticker["source_image"]["provider"] == "local"
    assert _sticker_pixels(api, sticker["sticker"])[0, 0, 3] == 0


def test_sticker_requests_need_exactly_one_source(image_api) -> None:
    api: ImageApi = image_api(worker=False)
    assert "prompts" in errors_by_field(api.post("stickers", {"prompts": []}))
    assert "body" in str(errors_by_field(api.post("stickers", {}))) or api.post("stickers", {}).status_code == 400
