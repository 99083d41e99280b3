"""POST /visuals/stock and /visuals/ugc: answered at once from both sources, cached, validated."""

from __future__ import annotations

from media_service.providers import orientation_of
from tests.fakes import PexelsFake, PixabayFake

from .conftest import errors_by_field


def test_stock_photos_from_both_sources_interleaved_with_credits(visuals_api, pexels_fake: PexelsFake,
                                                                 pixabay_fake: PixabayFake) -> None:
    api = visuals_api(pexels_fake, pixabay_fake, worker=False)
    r = api.post("stock", {"query": "mountain lake", "orientation": "landscape", "color": "blue", "per_page": 4})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["sources"] == ["pexels", "pixabay"] and data["next_page"] == 2 and not data["cached"]
    assert [i["source"] for i in data["items"][:4]] == ["pexels", "pixabay", "pexels", "pixabay"]
    assert all(orientation_of(i["width"], i["height"]) == "landscape" for i in data["items"])
    first, second = data["items"][:2]
    assert first["licence"] == "Pexels License" and first["attribution"].endswith("on Pexels")
    assert second["licence"] == "Pixabay Content License" and second["attribution"].endswith("from Pixabay")
    assert set(first) >= {"id", "kind", "url", "preview_url", "width", "height", "duration", "author", "licence",
                          "source_page"}
    assert pexels_fake.requests[0].query["color"] == ["blue"] and pixabay_fake.requests[0].query["colors"] == ["blue"]
    again = api.post("stock", {"query": "mountain lake", "orientation": "landscape", "color": "blue", "per_page": 4})
    assert again.json()["data"]["cached"] and len(pexels_fake.requests) == len(pixabay_fake.requests) == 1


def test_stock_videos_one_source_with_a_duration_range(visuals_api, pexels_fake: PexelsFake,
                                                       pixabay_fake: PixabayFake) -> None:
    api = visuals_api(pexels_fake, pixabay_fake, worker=False)
    r = api.post("stock", {"query": "city night", "kind": "video", "source": "pixabay", "min_duration": 5,
                           "max_duration": 15, "page": 2, "per_page": 8})
    data = r.json()["data"]
    assert r.status_code == 200 and data["sources"] == ["pixabay"] and not pexels_fake.requests
    assert data["items"] and all(5 <= i["duration"] <= 15 and i["kind"] == "video" for i in data["items"])
    assert pixabay_fake.requests[0].path == "/api/videos/" and pixabay_fake.requests[0].query["page"] == ["2"]


def test_stock_bad_input_names_the_field(visuals_api, pexels_fake: PexelsFake) -> None:
    api = visuals_api(pexels_fake, worker=False)
    cases = [({"query": ""}, "query"), ({"query": "a", "per_page": 0}, "per_page"),
             ({"query": "a", "colour": "red"}, "colour"), ({"query": "a", "color": "#12"}, "color"),
             ({"query": "a", "orientation": "diagonal"}, "orientation"), ({"query": "a", "source": "suno"}, "source"),
             ({"query": "a", "kind": "gif"}, "kind")]
    for body, field in cases:
        assert field in errors_by_field(api.post("stock", body)), body
    errors = errors_by_field(api.post("stock", {"query": "a", "min_duration": 3}))
    assert any("videos only" in m for m in errors.values())
    assert not pexels_fake.requests


def test_missing_credentials_are_503_naming_what_to_set(visuals_api, pexels_fake: PexelsFake) -> None:
    bare = visuals_api(worker=False)
    r = bare.post("stock", {"query": "a"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert "PEXELS_API_KEY or PIXABAY_API_KEY" in r.json()["error"]["message"]
    api = visuals_api(pexels_fake, worker=False)
    r = api.post("ugc", {"topic": "fitness", "source": "pixabay"})
    assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "PIXABAY_API_KEY"
    r = api.post("broll", {"topic": "fitness", "source": "pixabay"})
    assert r.status_code == 503 and "PIXABAY_API_KEY" in r.json()["error"]["message"]


def test_ugc_searches_portrait_person_queries_exactly(visuals_api, pexels_fake: PexelsFake) -> None:
    api = visuals_api(pexels_fake, worker=False)
    r = api.post("ugc", {"topic": "skincare routine", "per_page": 6, "min_duration": 5})
    data = r.json()["data"]
    assert r.status_code == 200, r.text
    assert data["queries"] == ["skincare routine person talking to camera", "skincare routine selfie"]
    sent = [(q.query["query"][0], q.query["orientation"][0]) for q in pexels_fake.requests]
    assert sent == [(q, "portrait") for q in data["queries"]]
    assert data["items"] and all(i["height"] > i["width"] and i["duration"] >= 5 for i in data["items"])
    scores_tags = [("person" in i["tags"] or "selfie" in i["tags"]) for i in data["items"]]
    assert scores_tags == sorted(scores_tags, reverse=True)
    schema = api.client.get("/api/v1/openapi.json").json()
    assert "person talking to camera" in schema["paths"]["/api/v1/visuals/ugc"]["post"]["description"]
    assert errors_by_field(api.post("ugc", {"topic": "x", "orientation": "landscape"}))
