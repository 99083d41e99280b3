"""POST /render/static-ad with an inline template through real workers: layout in pixels, every MediaRef
form, re-layout at another size, jpg/webp quality, sync/wait/async, fonts and warnings, dry_run."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from ad_helpers import AdsApi, changed, crop, decode, near, solid_png

from tests.mediagen import bbox

WHITE, BLUE, RED, GREEN = (255, 255, 255), (32, 80, 208), (230, 20, 20), (0, 160, 0)
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")


def ad(photo: str | None = None, **extra: Any) -> dict[str, Any]:
    """A 400×300 ad: a blue panel, a photo box, a title with a placeholder and a green round badge."""
    return {
        "canvas": {"width": 400, "height": 300, "bgColor": "#FFFFFF"},
        "layers": [
            {"id": "panel", "type": "shape", "x": 20, "y": 20, "width": 160, "height": 100, "fill": "#2050D0"},
            {"id": "photo", "type": "image", "x": 220, "y": 20, "width": 160, "height": 120,
             **({"src": photo} if photo else {})},
            {"id": "title", "type": "text", "text": "{{product}}", "x": 20, "y": 160, "width": 360, "height": 60,
             "font": {"size": 40, "weight": 700}, "color": "#000000"},
            {"id": "badge", "type": "shape", "shape": "ellipse", "x": 300, "y": 240, "width": 80, "height": 80,
             "anchor": "center", "fill": "rgba(0,160,0,1)"},
        ],
        **extra,
    }


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


def test_inline_template_renders_its_layout(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api()
    red = solid_png(api.inputs / "red.png", RED, width=160, height=120)  # as many pixels as its box shows
    body = {"template": ad(str(red)), "bindings": {"text": {"product": "Linen"}}, "format": "png"}
    job = api.render("static-ad", body)
    result = job["result"]
    assert (result["width"], result["height"], result["format"]) == (400, 300, "png")
    assert result["output"]["mime"] == "image/png" and result["output"]["path"].endswith(".png")
    assert result["template_id"] is None and result["warnings"] == []
    px = api.picture(job)
    assert near(crop(px, (20, 20, 180, 120)), BLUE, 3).all()  # exactly the panel's box
    assert near(px[20:120, 15:19], WHITE, 3).all() and near(px[20:120, 181:185], WHITE, 3).all()
    assert near(crop(px, (220, 20, 380, 140)), RED, 3).all()  # the photo, from a path under an input root
    assert near(px[240:241, 300:301], GREEN, 3).all()
    title = bbox(~near(crop(px, (0, 150, 250, 225)), WHITE, 60), exclusive=True)  # left of the badge
    assert title is not None and title[0] >= 18 and title[2] < 150  # "Linen" at the box's left, one short word
    logs = [entry["message"] for entry in api.job(job["id"])["logs"]]
    assert any(m.startswith("rendered 400x300 png") for m in logs), logs


def test_upload_and_data_uri_pictures_and_base64(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api()
    green = solid_png(api.inputs / "green.png", GREEN)
    by_upload = api.render("static-ad", {"template": ad(), "bindings": {
        "text": {"product": "x"}, "assets": {"photo": api.upload(solid_png(api.inputs / "r.png", RED))}}})
    assert near(crop(api.picture(by_upload), (220, 20, 380, 140)), RED, 3).all()
    inline = api.render("static-ad", {"template": ad(_data_uri(green)), "bindings": {"text": {"product": "x"}},
                                      "return_base64": True})
    output = inline["result"]["output"]
    assert base64.b64decode(output["base64"]) == api.download(output)
    assert near(crop(decode(base64.b64decode(output["base64"])), (220, 20, 380, 140)), GREEN, 3).all()


def test_size_relays_the_layout_instead_of_resizing(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api()
    red = str(solid_png(api.inputs / "red.png", RED))
    body = {"template": ad(red), "bindings": {"text": {"product": "Linen"}}}
    original = api.picture(api.render("static-ad", body))
    wide_job = api.render("static-ad", {**body, "size": {"width": 800, "height": 300}})
    assert (wide_job["result"]["width"], wide_job["result"]["height"]) == (800, 300)
    wide = api.picture(wide_job)
    assert wide.shape[:2] == (300, 800)
    # Boxes scale with the canvas (x × 2, y × 1), edges stay crisp: one step from white to blue, no blur.
    assert near(crop(wide, (40, 20, 360, 120)), BLUE, 3).all()
    assert near(wide[20:120, 35:39], WHITE, 3).all() and near(wide[20:120, 361:365], WHITE, 3).all()
    assert near(crop(wide, (440, 20, 760, 140)), RED, 3).all()
    # Type scales by min(2, 1) = 1: the word keeps its size rather than being stretched to twice its width.
    word = bbox(~near(crop(original, (0, 150, 250, 225)), WHITE, 60), exclusive=True)  # left of the badge
    wide_word = bbox(~near(crop(wide, (0, 150, 500, 225)), WHITE, 60), exclusive=True)
    assert word is not None and wide_word is not None
    assert abs((wide_word[2] - wide_word[0]) - (word[2] - word[0])) <= 2
    assert abs((wide_word[3] - wide_word[1]) - (word[3] - word[1])) <= 2
    assert wide_word[0] == pytest.approx(2 * word[0], abs=3)  # the box moved with x × 2


def test_jpg_and_webp_with_quality(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api()
    red = str(solid_png(api.inputs / "red.png", RED))
    base = {"template": ad(red), "bindings": {"text": {"product": "Quality"}}}
    jobs = {(fmt, q): api.submit("static-ad", {**base, "format": fmt, "quality": q})
            for fmt in ("jpg", "webp") for q in (20, 95)}
    sizes = {}
    for (fmt, quality), job_id in jobs.items():
        job = api.wait(job_id)
        assert job["status"] == "completed", job
        output = job["result"]["output"]
        assert output["mime"] == {"jpg": "image/jpeg", "webp": "image/webp"}[fmt]
        assert output["path"].endswith(f".{fmt}") and (output["width"], output["height"]) == (400, 300)
        px = api.picture(job)
        assert near(crop(px, (30, 30, 170, 110)), BLUE, 40).mean() > 0.95, (fmt, quality)
        sizes[fmt, quality] = output["size_bytes"]
    assert sizes["jpg", 20] < sizes["jpg", 95] and sizes["webp", 20] < sizes["webp", 95], sizes


def test_wait_sync_and_async_give_the_same_result(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api()
    body = {"template": ad(_data_uri(solid_png(api.inputs / "g.png", GREEN))), "bindings": {"text": {"product": "A"}}}
    r = api.post("static-ad?wait=true", body)
    assert r.status_code == 200 and r.json()["data"]["status"] == "completed", r.text
    waited = r.json()["data"]
    assert r.headers["Location"] == f"/api/v1/jobs/{waited['id']}"
    synced = api.render("static-ad", body)
    queued = api.wait(api.submit("static-ad", body))
    assert queued["status"] == "completed"
    pictures = [api.picture(job) for job in (waited, synced, queued)]
    assert all(np.array_equal(pictures[0], p) for p in pictures[1:])


def test_fonts_custom_and_missing(ads_api: Callable[..., AdsApi]) -> None:
    if not SERIF.is_file():
        pytest.skip("DejaVu Serif is not installed")
    api = ads_api()
    font = shutil.copy(SERIF, api.inputs / "brand.ttf")
    text = {"id": "t", "type": "text", "text": "Brand type", "width": 400, "height": 100,
            "font": {"family": "Brand Serif", "size": 48}}
    doc = {"canvas": {"width": 400, "height": 100, "bgColor": "#FFFFFF"}, "layers": [text]}
    custom = api.render("static-ad", {"template": {**doc, "fonts": [{"family": "Brand Serif", "src": str(font)}]}})
    assert custom["result"]["warnings"] == []
    missing = api.render("static-ad", {"template": doc})
    warning = "font family 'Brand Serif' is not installed; using 'Inter'"
    assert missing["result"]["warnings"] == [warning]
    assert any(e["message"] == warning and e["level"] == "warning" for e in api.job(missing["id"])["logs"])
    assert changed(api.picture(custom), api.picture(missing)).sum() > 500  # the serif face was used


def test_dry_run_normalises_without_a_job(ads_api_only: Callable[..., AdsApi]) -> None:
    api = ads_api_only()
    template = ad(str(solid_png(api.inputs / "red.png", RED)), unknownField=1)
    template["layers"][0]["colour"] = "typo, ignored"
    r = api.post("static-ad", {"template": template, "bindings": {"text": {"product": "P"}}, "dry_run": True,
                               "size": {"width": 800, "height": 600}, "format": "webp", "quality": 70})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["dry_run"] is True and data["type"] == "render.static_ad" and data["queue"] == "cpu"
    stored = data["request"]["template"]
    assert "unknownField" not in stored and "colour" not in stored["layers"][0]
    assert stored["layers"][3]["fill"] == "rgba(0,160,0,1)" and stored["canvas"]["bgColor"] == "#FFFFFF"
    assert data["request"]["size"] == {"width": 800, "height": 600} and data["request"]["quality"] == 70
    assert data["estimated_duration_sec"] > 0
    r = api.post("ad-template", {"template_id": "quote-card", "dry_run": True})
    assert r.status_code == 200 and r.json()["data"]["type"] == "render.ad_template", r.text
    assert api.job_count() == 0


def test_idempotency_key_returns_the_same_job(ads_api_only: Callable[..., AdsApi]) -> None:
    api = ads_api_only()
    body = {"template": "sale-badge", "bindings": {"text": {"discount": "30%"}}}
    first = api.post("static-ad", body, headers={"Idempotency-Key": "ad-1"})
    again = api.post("static-ad", body, headers={"Idempotency-Key": "ad-1"})
    assert first.status_code == again.status_code == 202, again.text
    assert first.json()["data"]["job_id"] == again.json()["data"]["job_id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    other = api.post("static-ad", {**body, "format": "jpg"}, headers={"Idempotency-Key": "ad-1"})
    assert other.status_code == 409, other.text
    assert api.job_count() == 1
