"""Memes drawn locally: every text stays inside its box at three lengths and in two scripts; the job
stores a PNG; bad input is a 400 naming the field. Rendered PNGs are kept under /tmp/memes to look at."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import skia

from media_service.capabilities.visuals.catalog import MEME_TEMPLATES
from media_service.capabilities.visuals.schemas import MemeRequest, MemeText
from media_service.capabilities.visuals.service import meme_boxes, meme_document, meme_template
from media_service.engines.scene import render_image
from tests.mediagen import make_png

from .conftest import errors_by_field

LOOK = Path("/tmp/memes")
TEXTS = {
    "latin": ("WOW", "When the tests pass on the first try",
              "When you finally fix the bug at three in the morning and the whole suite is green but you have no "
              "idea which of your twelve changes actually fixed it"),
    "arabic": ("رائع", "عندما تنجح الاختبارات من المحاولة الأولى",
               "عندما تصلح الخطأ أخيرا في الثالثة صباحا وتنجح كل الاختبارات لكنك لا تعرف أي تغيير من التغييرات "
               "الاثني عشر هو الذي أصلحه فعلا"),
}


def _pixels(image: skia.Image) -> np.ndarray:
    return np.asarray(image.convert(alphaType=skia.kUnpremul_AlphaType, colorType=skia.kRGBA_8888_ColorType))


def _render(template: str, texts: list[str]) -> tuple[np.ndarray, list[str], list]:
    # model_construct: the blank reference render has no text, which a request refuses
    request = MemeRequest.model_construct(template=template, boxes=[MemeText(text=t) for t in texts],
                                          top_text=None, bottom_text=None)
    tpl = meme_template(template)
    placed = meme_boxes(request, tpl)
    warnings: list[str] = []
    image = render_image(meme_document(tpl, placed, size=(tpl.width, tpl.height)), warnings=warnings)
    return _pixels(image), warnings, placed


@pytest.mark.parametrize("template", ["classic", "two-panel"])
@pytest.mark.parametrize("script", sorted(TEXTS))
def test_text_fits_its_box_at_three_lengths(template: str, script: str) -> None:
    tpl = MEME_TEMPLATES[template]
    blank, _, _ = _render(template, [" "] * len(tpl.boxes))
    LOOK.mkdir(exist_ok=True)
    for length, text in zip(("short", "medium", "long"), TEXTS[script]):
        pixels, warnings, placed = _render(template, [text] * len(tpl.boxes))
        skia.Image.fromarray(pixels).save(str(LOOK / f"{template}-{script}-{length}.png"))
        assert not [w for w in warnings if "fit" in w], warnings
        changed = np.abs(pixels.astype(int) - blank.astype(int)).sum(axis=2) > 24
        for box, _ in placed:
            x0, y0 = int(box.x * tpl.width), int(box.y * tpl.height)
            x1, y1 = x0 + int(box.width * tpl.width), y0 + int(box.height * tpl.height)
            inside = changed[y0:y1, x0:x1]
            assert inside.sum() > 0.01 * inside.size, (template, script, length, box.name)
            ys, xs = np.nonzero(inside)
            if length == "short":  # auto-fit grows short text: it spans a good part of the box height
                assert ys.max() - ys.min() > 0.25 * (y1 - y0), (template, script, box.name)
        ys, xs = np.nonzero(changed)
        assert ys.min() > 0 and ys.max() < tpl.height - 1 and xs.min() > 0 and xs.max() < tpl.width - 1
        allowed = np.zeros_like(changed)
        for box, _ in placed:
            # the outline is drawn outside the glyphs, and Arabic marks reach past the line box
            margin = int(0.1 * box.height * tpl.height)
            x0, y0 = int(box.x * tpl.width) - margin, int(box.y * tpl.height) - margin
            allowed[max(0, y0):int((box.y + box.height) * tpl.height) + margin,
                    max(0, x0):int((box.x + box.width) * tpl.width) + margin] = True
        assert not (changed & ~allowed).any(), (template, script, length)


def test_classic_text_is_white_with_a_dark_outline() -> None:
    pixels, _, placed = _render("classic", ["TOP TEXT", "BOTTOM TEXT"])
    box = placed[0][0]
    region = pixels[int(box.y * 800):int((box.y + box.height) * 800), int(box.x * 800):int((box.x + box.width) * 800)]
    white = (region[..., :3] > 240).all(axis=2).sum()
    dark = (region[..., :3] < 30).all(axis=2).sum()
    assert white > 2000 and dark > 1000


def test_meme_job_renders_a_png(visuals_api, tmp_path: Path) -> None:
    api = visuals_api(queues=("cpu",))
    result = api.run("meme", {"template": "two-panel", "top_text": "Writing tests after", "bottom_text":
                              "Writing tests first"})
    assert (result["width"], result["height"]) == (800, 800) and result["output"]["mime"] == "image/png"
    image = skia.Image.open(str(api.fetch(result["output"])))
    assert (image.width(), image.height()) == (800, 800)
    picture = make_png(api.inputs / "cat.png", 640, 480)
    own = api.run("meme", {"image": str(picture), "top_text": "I can has", "bottom_text": "cheezburger"})
    assert (own["width"], own["height"], own["template"]) == (640, 480, "image")
    skia.Image.open(str(api.fetch(own["output"]))).save(str(LOOK / "own-picture.png")) if LOOK.exists() else None
    templates = api.client.get("/api/v1/visuals/meme/templates").json()["data"]["templates"]
    assert {t["name"] for t in templates} == {"classic", "two-panel", "caption"}


def test_meme_bad_input_names_the_field(visuals_api) -> None:
    api = visuals_api(worker=False)
    assert "template" in errors_by_field(api.post("meme", {"template": "drake", "top_text": "a"}))
    assert "boxes[1]" in errors_by_field(api.post("meme", {"template": "caption", "boxes": [{"text": "a"},
                                                                                          {"text": "b"}]}))
    assert errors_by_field(api.post("meme", {"template": "classic"}))
    assert "font_size" in errors_by_field(api.post("meme", {"top_text": "a", "font_size": 3}))
    assert "boxes[0]" in errors_by_field(api.post("meme", {"boxes": [{"text": "a", "x": 0.1}]}))
    assert "image" in errors_by_field(api.post("meme", {"image": "/etc/passwd", "top_text": "a"}))
