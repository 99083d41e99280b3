"""Issue #11 item 6: inputs that used to end in a 500 (or an INTERNAL_ERROR with internal text) are 400s
naming the field the caller wrote."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from media_service.jobs.failures import classify


@pytest.mark.parametrize(("topics", "field", "message"), [
    ([" "], "topics[0]", "at least 1 character"),
    (["x" * 241], "topics[0]", "at most 240 characters"),  # no `Heading:` prefix: the whole topic is a heading
    (["Fine topic", "y" * 500], "topics[1]", "at most 240 characters"),
])
def test_explainer_topics_that_make_no_section_are_400(make_client: Callable[..., TestClient], topics: list[str],
                                                       field: str, message: str) -> None:
    r = make_client().post("/api/v1/render/explainer", json={"title": "T", "topics": topics, "dry_run": True})
    assert r.status_code == 400, r.text
    [error] = r.json()["error"]["details"]["errors"]
    assert error["field"] == field and message in error["message"]


@pytest.mark.parametrize("timeout", [5e-324, 0, -1, 0.1, 1e9, "NaN"])
def test_timeout_sec_out_of_sane_bounds_is_400(make_client: Callable[..., TestClient], timeout: object) -> None:
    body = {"template_id": "sale-badge", "format": "png", "dry_run": True, "timeout_sec": timeout}
    r = make_client().post("/api/v1/render/ad-template", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["details"]["errors"][0]["field"] == "timeout_sec"


def test_an_unexpected_handler_error_keeps_its_text_out_of_the_job() -> None:
    failure = classify(RuntimeError("setPathEffect(): incompatible arguments at /srv/app/layers.py:72"))
    assert failure.code == "INTERNAL_ERROR"
    assert "setPathEffect" not in failure.message and "/srv" not in failure.message
    import httpx

    network = classify(httpx.ConnectError("[Errno 111] Connection refused"))
    assert "Errno" not in network.message and network.details["reason"] == "error"
