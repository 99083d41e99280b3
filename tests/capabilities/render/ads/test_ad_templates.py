"""The shipped-template catalogue and POST /render/ad-template through real workers: every template renders,
a bound text changes pixels only in its box, a bound picture fills its box, previews are PNGs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from ad_helpers import (
    AdsApi,
    changed,
    crop,
    decode,
    inside,
    layer_box,
    near,
    solid_png,
)

from tests.mediagen import bbox

NEW_TEXT = "Zebra Quartz 42"
RED = (230, 20, 20)


def _text_slot(template: dict, document: dict) -> str:
    """A text slot that is an unrotated top-level layer (the headline where there is one)."""
    layers = {la["id"]: la for la in document["layers"]}
    names = [s["name"] for s in template["slots"] if s["kind"] == "text" and s["name"] in layers
             and not layers[s["name"]].get("rotation")]
    return "headline" if "headline" in names else names[0]


def test_listing_details_and_previews(ads_api_only: Callable[..., AdsApi], tmp_path: Path) -> None:
    api = ads_api_only()
    r = api.client.get("/api/v1/render/templates")
    assert r.status_code == 200, r.text
    templates = r.json()["data"]["templates"]
    assert len(templates) >= 8
    assert {"product-post", "quote-card", "sale-badge", "story-promo"} <= {t["id"] for t in templates}
    for t in templates:
        assert t["name"] and t["slots"] and t["size"]["width"] > 0 and t["size"]["height"] > 0
        assert all(s["kind"] in ("text", "image") and s["label"] for s in t["slots"])
        assert t["preview_url"] == f"/api/v1/render/templates/{t['id']}/preview"

    story = next(t for t in templates if t["id"] == "story-promo")
    r = api.client.get(story["preview_url"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    preview = decode(r.content)
    assert preview.shape[:2] == (540, round(540 * 1080 / 1920))  # ≤ 540 px, the template's proportions
    assert preview[..., :3].std() > 10  # a picture, not a blank
    cached = list((tmp_path / "data" / "cache" / "template-previews").glob("story-promo-*.png"))
    assert len(cached) == 1 and cached[0].read_bytes() == r.content  # rendered once, then served from the cache

    r = api.client.get("/api/v1/render/templates/quote-card")
    assert r.status_code == 200, r.text
    detail = r.json()["data"]
    assert detail["document"]["canvas"]["width"] == detail["size"]["width"] == 1080
    assert any(la["id"] == "quote" and la["type"] == "text" for la in detail["document"]["layers"])
    assert next(s for s in detail["slots"] if s["name"] == "quote")["required"] is True

    for path in ("/api/v1/render/templates/nope", "/api/v1/render/templates/nope/preview"):
        r = api.client.get(path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND", r.text


def _image_slot(template: dict) -> str | None:
    return next((s["name"] for s in template["slots"] if s["kind"] == "image"), None)


def test_every_template_renders_with_bound_text_and_picture(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api()
    red = api.upload(solid_png(api.inputs / "red.png", RED))
    templates = api.client.get("/api/v1/render/templates").json()["data"]["templates"]
    # The reference renders (picture bound, text not) run on the second worker process while the
    # renders with text go through sync one by one; the difference between the two is the text alone.
    assets = {t["id"]: {slot: red} if (slot := _image_slot(t)) else {} for t in templates}
    references = {t["id"]: api.submit("ad-template", {"template_id": t["id"], "bindings": {"assets": assets[t["id"]]}})
                  for t in templates}
    for template in templates:
        tid = template["id"]
        document = api.client.get(f"/api/v1/render/templates/{tid}").json()["data"]["document"]
        text_slot = _text_slot(template, document)
        job = api.render("ad-template", {"template_id": tid,
                                         "bindings": {"text": {text_slot: NEW_TEXT}, "assets": assets[tid]}})
        result = job["result"]
        assert result["template_id"] == tid and result["format"] == "png"
        # The bound picture is a 64×48 swatch: blown up to its box, which the result reports (and only that).
        image_slot = _image_slot(template)
        expected = [f"picture of image layer {image_slot!r} is 64×48 px"] if image_slot else []
        assert [w[: len(e)] for w, e in zip(result["warnings"], expected)] == expected, result["warnings"]
        assert len(result["warnings"]) == len(expected), result["warnings"]
        assert result["output"]["mime"] == "image/png"
        assert (result["width"], result["height"]) == (template["size"]["width"], template["size"]["height"])
        bound = api.picture(job)
        reference = api.wait(references[tid])
        assert reference["status"] == "completed", reference

        text_box = layer_box(document, text_slot)
        diff = changed(api.picture(reference), bound)
        box = bbox(diff, exclusive=True)
        assert box is not None, f"{tid}: binding {text_slot} changed nothing"
        assert inside(box, text_box, slack=24), (tid, text_slot, box, text_box)
        assert crop(diff, text_box).sum() > 200, tid

        if image_slot := _image_slot(template):
            image_box = layer_box(document, image_slot)
            area = crop(near(bound, RED), image_box, inset=4)
            assert area.mean() > 0.4, (tid, image_slot, area.mean())  # text and tints cover part of it
            preview = decode(api.client.get(template["preview_url"]).content)
            scale = preview.shape[1] / template["size"]["width"]
            small = tuple(round(v * scale) for v in image_box)
            assert crop(near(preview, RED), small, inset=2).mean() < 0.05, tid  # unbound, it is not red


def test_a_template_document_is_a_starting_point_for_static_ad(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api()
    document = api.client.get("/api/v1/render/templates/sale-badge").json()["data"]["document"]
    bindings = {"text": {"discount": "70%"}}
    shipped = api.picture(api.render("ad-template", {"template_id": "sale-badge", "bindings": bindings}))
    by_id = api.picture(api.render("static-ad", {"template": "sale-badge", "bindings": bindings}))
    document["canvas"]["bgColor"] = "#102040"
    edited = api.picture(api.render("static-ad", {"template": document, "bindings": bindings}))
    assert np.array_equal(shipped, by_id)
    assert tuple(edited[3, 3, :3]) == (0x10, 0x20, 0x40) and tuple(shipped[3, 3, :3]) != (0x10, 0x20, 0x40)
    assert not changed(shipped, edited)[400:540, 400:680].any()  # the rest of the ad is the same


def test_openapi_documents_the_dsl_and_its_examples_validate(ads_api_only: Callable[..., AdsApi]) -> None:
    api = ads_api_only()
    spec = api.client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    template = schemas["StaticAdRequest"]["properties"]["template"]
    document_ref = next(s["$ref"] for s in template["anyOf"] if "$ref" in s)
    document = schemas[document_ref.rsplit("/", 1)[1]]
    assert {"canvas", "fonts", "layers", "bindings"} <= set(document["properties"])
    assert {"TextLayer", "ImageLayer", "ShapeLayer"} <= set(schemas)
    assert {"string"} == {s.get("type") for s in template["anyOf"] if "$ref" not in s}
    for path in ("/api/v1/render/static-ad", "/api/v1/render/ad-template", "/api/v1/render/templates",
                 "/api/v1/render/templates/{template_id}", "/api/v1/render/templates/{template_id}/preview"):
        assert path in spec["paths"], path
    photo = str(solid_png(api.inputs / "photo.png", RED))
    for name, path in (("StaticAdRequest", "static-ad"), ("AdTemplateRequest", "ad-template")):
        (example,) = schemas[name]["examples"]
        example["bindings"]["assets"] = {"photo": photo}
        r = api.post(path, {**example, "dry_run": True})
        assert r.status_code == 200 and r.json()["data"]["dry_run"] is True, (name, r.text)
