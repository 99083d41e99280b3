"""Issue #11 item 9: unknown fields are refused everywhere with a 400 naming them and the closest known
field (a misspelt `qualty` used to render at the default quality)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_every_json_request_body_refuses_unknown_fields(make_client: Callable[..., TestClient]) -> None:
    spec = make_client().get("/api/v1/openapi.json").json()
    checked = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = _resolve(spec, content["application/json"]["schema"])
            variants = [_resolve(spec, s) for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
            for variant in variants:
                assert variant.get("additionalProperties") is False, f"{method.upper()} {path} accepts unknown fields"
            checked.append(path)
    assert len(checked) >= 12, checked  # jobs, audio, render: every body the API reads


@pytest.mark.parametrize(("path", "body", "field", "message"), [
    ("/api/v1/render/explainer", {"title": "T", "topics": ["a"], "qualty": "preview"},
     "qualty", "unknown field 'qualty'; did you mean 'quality'?"),
    ("/api/v1/render/ad-template", {"template_id": "sale-badge", "format": "png", "webhok_url": "https://x.example/h"},
     "webhok_url", "unknown field 'webhok_url'; did you mean 'webhook_url'?"),
    ("/api/v1/audio/mix", {"tracks": [{"url": "/x.wav", "type": "music", "volme": 1}]},
     "tracks[0].volme", "unknown field 'volme'; did you mean 'volume'?"),
])
def test_unknown_fields_are_400_with_a_suggestion(make_client: Callable[..., TestClient], path: str,
                                                   body: dict[str, Any], field: str, message: str) -> None:
    r = make_client().post(path, json={**body, "dry_run": True})
    assert r.status_code == 400, r.text
    assert {"field": field, "message": message} in r.json()["error"]["details"]["errors"]


def test_without_a_close_match_the_known_fields_are_listed(make_client: Callable[..., TestClient]) -> None:
    r = make_client().post("/api/v1/render/ad-template", json={"template_id": "sale-badge", "zzzz": 1, "dry_run": True})
    [error] = r.json()["error"]["details"]["errors"]
    assert error["field"] == "zzzz" and error["message"].startswith("unknown field 'zzzz'; known fields: ")
    assert "template_id" in error["message"]
