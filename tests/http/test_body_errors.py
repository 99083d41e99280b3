"""Issue #11 item 14: errors about the body as a whole say what is wrong in a newcomer's words:
broken JSON by line and column, a missing or wrong Content-Type by asking for JSON."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

ROUTE = "/api/v1/render/ad-template"
GOOD = b'{"template_id": "sale-badge", "format": "png", "dry_run": true}'


def errors(client: TestClient, content: bytes, content_type: str | None) -> list[dict[str, str]]:
    headers = {"content-type": content_type} if content_type is not None else {}
    r = client.post(ROUTE, content=content, headers=headers)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"
    return list(r.json()["error"]["details"]["errors"])


def test_broken_json_names_line_and_column(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    broken = b'{"template_id": "sale-badge",\n "format": "png", "dry_run": true,,}'
    assert errors(client, broken, "application/json") == [
        {"field": "body", "message": "invalid JSON at line 2 column 35: Expecting property name enclosed in "
                                     "double quotes"}]
    assert errors(client, b'{"a": 1', "application/json")[0]["message"].startswith("invalid JSON at line 1 column 8")


@pytest.mark.parametrize("content_type", [None, "application/x-www-form-urlencoded", "text/plain"])
def test_a_body_without_json_content_type_asks_for_json(make_client: Callable[..., TestClient],
                                                        content_type: str | None) -> None:
    [error] = errors(make_client(), GOOD, content_type)
    assert error["field"] == "body"
    assert "send the body as a JSON object with 'Content-Type: application/json'" in error["message"]
    assert "valid dictionary" not in error["message"]


def test_empty_and_non_object_bodies(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    assert errors(client, b"", "application/json") == [{"field": "body", "message": "the body is empty; send a JSON object"}]
    assert errors(client, b"[1]", "application/json") == [{"field": "body", "message": "the body must be a JSON object"}]
    assert client.post(ROUTE, content=GOOD, headers={"content-type": "application/json"}).status_code == 200
