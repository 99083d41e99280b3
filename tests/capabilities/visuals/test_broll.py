"""POST /visuals/broll: a 4-segment script → ranked clips per segment; downloaded clips combine."""

from __future__ import annotations

from media_service.providers import orientation_of
from tests.fakes import PexelsFake, PixabayFake
from tests.mediagen import decode

from .conftest import errors_by_field

SCRIPT = """Ocean waves crash on a quiet beach at sunrise.

Coffee beans roast slowly while the coffee shop opens.

A runner crosses the city bridge, city lights behind.

Mountain hikers reach the snowy mountain summit."""


def test_four_segments_get_ranked_landscape_clips(visuals_api, pexels_fake: PexelsFake,
                                                  pixabay_fake: PixabayFake) -> None:
    api = visuals_api(pexels_fake, pixabay_fake)
    result = api.run("broll", {"script": SCRIPT, "min_duration": 5, "clips_per_segment": 3})
    segments = result["segments"]
    assert len(segments) == 4 and result["sources"] == ["pexels", "pixabay"] and not result["outputs"]
    # the most frequent content word leads, joined with its neighbour when they stand together
    assert [s["key_phrases"][0] for s in segments] == ["ocean waves", "coffee beans", "crosses city",
                                                       "mountain hikers"]
    assert all(s["queries"][0].startswith(s["key_phrases"][0]) for s in segments)
    seen: set[str] = set()
    for segment in segments:
        clips = segment["clips"]
        assert len(clips) == 3
        assert [c["score"] for c in clips] == sorted((c["score"] for c in clips), reverse=True)
        assert all(orientation_of(c["width"], c["height"]) == "landscape" and c["duration"] >= 5 for c in clips)
        assert not seen & {c["id"] for c in clips}
        seen |= {c["id"] for c in clips}
        assert set(segment["queries"][0].split()) <= set(clips[0]["tags"])
    queries = {r.query["query"][0] for r in pexels_fake.requests}
    assert {s["queries"][0] for s in segments} <= queries
    assert all(r.query["orientation"] == ["landscape"] for r in pexels_fake.requests)


def test_downloaded_clips_combine_with_video_combine(visuals_api, pexels_fake: PexelsFake) -> None:
    api = visuals_api(pexels_fake, queues=("io", "cpu"))
    result = api.run("broll", {"script": SCRIPT, "download": True, "clips_per_segment": 2})
    outputs = result["outputs"]
    assert len(outputs) == 4 and all(o["mime"] == "video/mp4" for o in outputs)
    assert [s["clips"][0]["output"]["path"] for s in result["segments"]] == [o["path"] for o in outputs]
    assert all(s["clips"][1]["output"] is None for s in result["segments"])
    job = api.client.post("/api/v1/video/combine", json={"segments": [{"video": o["path"]} for o in outputs],
                                                          "loudness_target": None})
    assert job.status_code == 202, job.text
    combined = api.wait(job.json()["data"]["job_id"])
    assert combined["status"] == "completed", combined
    assert abs(combined["result"]["duration_seconds"] - 4.0) < 0.2
    decoded = decode(api.fetch(combined["result"]["output"]))
    assert len(decoded.frames) >= 35


def test_topic_alone_and_bad_input(visuals_api, pexels_fake: PexelsFake) -> None:
    api = visuals_api(pexels_fake)
    result = api.run("broll", {"topic": "northern lights", "orientation": "portrait", "clips_per_segment": 2})
    assert len(result["segments"]) == 1 and result["segments"][0]["queries"] == ["northern lights"]
    assert all(c["height"] > c["width"] for c in result["segments"][0]["clips"])
    assert errors_by_field(api.post("broll", {"script": "a", "segments": ["b"]}))
    assert errors_by_field(api.post("broll", {}))
    assert "min_duration" in errors_by_field(api.post("broll", {"topic": "a", "min_duration": -1}))
    assert "script" in errors_by_field(api.post("broll", {"script": ". ".join(["Word"] * 25) + "."}))
    assert "download" in errors_by_field(api.post("broll", {"topic": "a", "download": "maybe"}))
