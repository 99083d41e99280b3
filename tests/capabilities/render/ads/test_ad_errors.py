"""Bad ad requests: a 400 naming each field (404 for an unknown template) and no job; an unreachable picture
URL fails the job, not the submission, and the job keeps its input and logs."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from typing import Any

import pytest
from ad_helpers import AdsApi, closed_port, errors_by_field, solid_png


def ad(photo: str) -> dict[str, Any]:
    return {
        "canvas": {"width": 400, "height": 300, "bgColor": "#FFFFFF"},
        "layers": [
            {"id": "panel", "type": "shape", "width": 200, "height": 100, "fill": "#2050D0"},
            {"id": "photo", "type": "image", "x": 220, "width": 160, "height": 120, "src": photo},
            {"id": "title", "type": "text", "text": "{{product|Linen}}", "y": 160, "height": 60,
             "font": {"size": 40}},
        ],
    }


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting `path` (dots; list indexes as numbers) in the request body; None deletes."""
    def apply(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = body
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
        if value is None:
            del node[int(last) if isinstance(node, list) else last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return apply


WAV_URI = "data:audio/wav;base64," + base64.b64encode(b"RIFF\x24\0\0\0WAVEfmt " + bytes(24)).decode()

# (what is wrong, mutation of a valid static-ad body, the field the 400 names, a word of its message)
CASES = [
    ("unknown layer type", _set("template.layers.1.type", "sparkle"), "template.layers.1.type", "sparkle"),
    ("negative layer size", _set("template.layers.0.width", -20), "template.layers.0.width", ">= 0"),
    ("negative font size", _set("template.layers.2.font.size", -3), "template.layers.2.font.size", "> 0"),
    ("canvas over the maximum", _set("template.canvas.width", 9000), "template.canvas.width", "8192"),
    ("bad fill colour", _set("template.layers.0.fill", "#12345"), "template.layers.0.fill", "not a colour"),
    ("bad background", _set("template.canvas.bgColor", "blurple"), "template.canvas.bgColor", "not a colour"),
    ("bad gradient stop", _set("template.layers.0.fill", {"type": "linear", "stops": [[0, "#zz"]]}),
     "template.layers.0.fill.stops.0.1", "not a colour"),
    ("duplicate layer id", _set("template.layers.2.id", "panel"), "template.layers.2.id", "duplicate"),
    ("video layer", _set("template.layers.1.type", "video"), "template.layers.1.type", "video"),
    ("template neither object nor id", _set("template", 42), "template", "template document"),
    ("picture not bound", _set("template.layers.1.src", None), "bindings.assets.photo", "no picture"),
    ("text binding names no layer", _set("bindings.text.subtitle", "x"), "bindings.text.subtitle", "names no"),
    ("asset binding names no image", _set("bindings.assets.panel", "/x.png"), "bindings.assets.panel", "not an image"),
    ("placeholder left empty", _set("template.layers.2.text", "{{product}}"), "bindings.text.product", "no value"),
    ("bad format", _set("format", "gif"), "format", "png"),
    ("quality 0", _set("quality", 0), "quality", "greater than or equal to 1"),
    ("quality 101", _set("quality", 101), "quality", "less than or equal to 100"),
    ("negative size", _set("size", {"width": -1, "height": 100}), "size.width", "greater than 0"),
    ("size over the maximum", _set("size", {"width": 100, "height": 9000}), "size.height", "8192"),
    ("path outside the input roots", _set("bindings.assets.photo", "/etc/hostname"), "bindings.assets.photo",
     "allowed root"),
    ("unknown upload id", _set("bindings.assets.photo", "upl_" + "a" * 26), "bindings.assets.photo", "not found"),
    ("unsupported scheme", _set("bindings.assets.photo", "ftp://example.com/a.png"), "bindings.assets.photo",
     "scheme"),
    ("not an image", _set("bindings.assets.photo", WAV_URI), "bindings.assets.photo", "image"),
    ("missing font file", _set("template.fonts", [{"family": "Brand", "src": "/nonexistent/brand.ttf"}]),
     "template.fonts.0.src", "allowed root"),
    ("output_path outside the output roots", _set("output_path", "/etc/ad.png"), "output_path", "allowed root"),
]


@pytest.mark.parametrize(("what", "mutate", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_static_ad_is_a_400_naming_the_field(ads_api_only: Callable[..., AdsApi], what: str,
                                                 mutate: Callable[[dict[str, Any]], None], field: str,
                                                 words: str) -> None:
    api = ads_api_only()
    body = {"template": ad(str(solid_png(api.inputs / "red.png", (230, 20, 20))))}
    assert api.post("static-ad", {**copy.deepcopy(body), "dry_run": True}).status_code == 200  # valid as is
    mutate(body)
    errors = errors_by_field(api.post("static-ad", body))
    assert field in errors, (what, errors)
    assert words.lower() in errors[field].lower(), (what, errors[field])
    assert api.job_count() == 0


def test_configured_canvas_maximum(ads_api_only: Callable[..., AdsApi]) -> None:
    api = ads_api_only({"MAX_CANVAS_PX": "1000"})
    doc = {"canvas": {"width": 1200, "height": 100}, "layers": []}
    errors = errors_by_field(api.post("static-ad", {"template": doc}))
    assert "1000" in errors["template.canvas.width"]
    errors = errors_by_field(api.post("ad-template", {"template_id": "link-ad"}))  # a 1200×628 template
    assert "1000" in errors["template.canvas.width"]
    errors = errors_by_field(api.post("ad-template", {"template_id": "quote-card", "size": {"width": 1001, "height": 5}}))
    assert set(errors) == {"size.width"}


def test_template_errors(ads_api_only: Callable[..., AdsApi]) -> None:
    api = ads_api_only()
    for path, body in (("static-ad", {"template": "no-such-template"}),
                       ("ad-template", {"template_id": "no-such-template"})):
        r = api.post(path, body)
        assert r.status_code == 404, r.text
        error = r.json()["error"]
        assert error["code"] == "NOT_FOUND" and error["details"]["template_id"] == "no-such-template"
        assert "quote-card" in error["message"]  # the known ids are listed
    for path, key in (("ad-template", "template_id"), ("static-ad", "template")):
        errors = errors_by_field(api.post(path, {key: "quote-card", "bindings": {"text": {"quote": " "}}}))
        assert "required" in errors["bindings.text.quote"]
    errors = errors_by_field(api.post("ad-template", {"template_id": "../etc"}))
    assert "template_id" in errors
    errors = errors_by_field(api.post("ad-template", {"template_id": "banner-300x250",
                                                      "bindings": {"assets": {"photo": "/x.png"}}}))
    assert "names no image layer" in errors["bindings.assets.photo"]
    assert api.job_count() == 0


def test_unreachable_picture_fails_the_job_and_keeps_its_input(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api({"EGRESS_ALLOW_HOSTS": "127.0.0.1"})  # the "remote" origin is local in tests
    url = f"http://127.0.0.1:{closed_port()}/x.png"
    body = {"template_id": "product-post", "bindings": {"assets": {"photo": url}}, "max_retries": 1, "sync": True}
    r = api.post("ad-template", body)
    assert r.status_code == 502, r.text  # sync: the failed job's error, as its HTTP status
    error = r.json()["error"]
    assert error["code"] == "DOWNLOAD_FAILED" and error["details"]["status"] == "failed"
    assert error["message"].startswith(f"bindings.assets.photo: could not fetch {url}")
    job = api.job(error["details"]["job_id"])
    assert job["status"] == "failed" and job["attempts"] == 2  # retried once: a download may recover
    assert job["error"]["code"] == "DOWNLOAD_FAILED" and "bindings.assets.photo" in job["error"]["message"]
    assert job["input"]["bindings"]["assets"]["photo"] == url and job["input"]["template_id"] == "product-post"
    logs = api.client.get(f"/api/v1/jobs/{job['id']}/logs").json()["data"]["logs"]
    assert any(e["message"] == "fetching 1 asset(s): bindings.assets.photo" for e in logs), logs
    assert api.job_count() == 1


def test_a_picture_that_does_not_decode_fails_the_job_naming_its_binding(ads_api: Callable[..., AdsApi]) -> None:
    api = ads_api()
    broken = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 8).decode()
    r = api.post("ad-template", {"template_id": "link-ad", "bindings": {"assets": {"photo": broken}}, "sync": True})
    assert r.status_code == 400, r.text  # accepted at submission (PNG magic bytes), refused by the job
    error = r.json()["error"]
    assert error["details"]["status"] == "failed"
    assert [e["field"] for e in error["details"]["errors"]] == ["bindings.assets.photo"], error
    assert api.job(error["details"]["job_id"])["attempts"] == 1  # not retried: the input will not change
