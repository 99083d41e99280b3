"""POST /analyze/youtube against the YouTube Data API fake: metadata and caption text through the API (key in
the X-Goog-Api-Key header, never the URL), the text analysis with every PRD field typed, no transcript when
the API will not hand the captions over (and the result says why), not-found, quota (never retried), rate
limit (retried after Retry-After), a wrong key (its value in no message), a missing key (503 naming it) and
URLs that are not YouTube videos (400 naming `url`)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from media_service.providers.youtube import video_id_of
from tests.capabilities.service_api import errors_by_field
from tests.fakes import YouTubeFake
from tests.fakes.fixtures import fakes_env, start_fake  # noqa: F401  (a fixture)

from .conftest import AnalysisApi

TEXT_FIELDS = {"summary": str, "detected_topics": list, "virality_score": float, "suggested_caption": str,
               "hashtags": list, "hook_analysis": dict, "platform_captions": dict, "transcript": str}


@pytest.fixture
def youtube(analysis_api, start_fake) -> tuple[AnalysisApi, YouTubeFake]:  # noqa: F811
    fake: YouTubeFake = start_fake(YouTubeFake)
    return analysis_api(fakes_env(fake)), fake


def analyse(api: AnalysisApi, url: str) -> dict[str, Any]:
    return api.wait(api.submit("youtube", {"url": url}))


def test_captions_become_the_transcript_and_the_analysis(youtube) -> None:
    api, fake = youtube
    job = analyse(api, "https://www.youtube.com/shorts/dQw4w9WgXcQ")
    assert job["status"] == "completed", job
    result = job["result"]
    for name, kind in TEXT_FIELDS.items():
        assert isinstance(result[name], kind), name
    assert result["video"]["title"] == "Why sleep makes you smarter" and result["video"]["duration_sec"] == 45
    assert result["video"]["view_count"] == 120345
    assert result["transcript_source"] == "captions" and result["caption_track_used"] == "dQw4w9WgXcQ.en"
    assert "your brain replays the day at night" in result["transcript"] and "<c>" not in result["transcript"]
    hook = result["hook_analysis"]
    assert hook["hook_type"] == "question" and hook["hook_text"].startswith("Why do some people")
    assert set(result["platform_captions"]) == {"youtube_title", "youtube_description", "tiktok_caption",
                                                "instagram_caption"}
    assert "sleep" in result["detected_topics"] and 0 <= result["virality_score"] <= 100
    assert {f["name"] for f in result["virality_features"]} == {"time_to_first_word", "speech_rate",
                                                              "hook_strength", "length"}
    assert [r.path for r in fake.requests] == ["/videos", "/captions", "/captions/dQw4w9WgXcQ.en"]
    assert fake.key_sources == ["header"] * 3 and all("key" not in r.query for r in fake.requests)
    assert fake.requests[2].query["tfmt"] == ["vtt"]


def test_captions_the_api_will_not_hand_over_mean_no_transcript(youtube) -> None:
    api, fake = youtube
    result = analyse(api, "youtu.be/privateCap1")["result"]
    assert result["transcript_source"] == "none" and result["transcript"] == ""
    assert [t["language"] for t in result["caption_tracks"]] == ["en"] and result["caption_track_used"] is None
    assert any("OAuth" in n for n in result["notes"]), result["notes"]
    assert result["summary"].startswith("Morning routine that works")  # written from the title and description
    assert {f["name"] for f in result["virality_features"]} == {"hook_strength", "length"}


def test_a_video_without_captions_is_not_asked_for_them(youtube) -> None:
    api, fake = youtube
    result = analyse(api, "noCaptions1")["result"]
    assert result["transcript_source"] == "none" and result["caption_tracks"] == []
    assert [r.path for r in fake.requests] == ["/videos"]


def test_unknown_video_is_not_found(youtube) -> None:
    api, _ = youtube
    job = analyse(api, "https://www.youtube.com/watch?v=AAAAAAAAAAA&t=3")
    assert job["status"] == "failed" and job["error"]["code"] == "NOT_FOUND", job
    assert "AAAAAAAAAAA" in job["error"]["message"]


def test_quota_exceeded_fails_without_retrying(youtube) -> None:
    api, fake = youtube
    fake.inject("quota")
    job = analyse(api, "dQw4w9WgXcQ")
    assert job["status"] == "failed" and job["error"]["details"]["reason"] == "quota_exhausted", job
    assert len(fake.requests) == 1


def test_rate_limit_waits_and_retries(youtube) -> None:
    api, fake = youtube
    fake.inject("rate_limit")
    started = time.monotonic()
    job = analyse(api, "dQw4w9WgXcQ")
    assert job["status"] == "completed", job
    assert time.monotonic() - started >= 1.0 and len(fake.requests) == 4


def test_quota_runs_out_as_the_api_counts_it(analysis_api, start_fake) -> None:  # noqa: F811
    fake: YouTubeFake = start_fake(YouTubeFake, quota=60)  # videos.list 1 + captions.list 50, no download (200)
    api = analysis_api(fakes_env(fake))
    job = analyse(api, "dQw4w9WgXcQ")
    assert job["status"] == "failed" and job["error"]["details"]["reason"] == "quota_exhausted", job


def test_wrong_key_is_an_auth_error_without_the_key(analysis_api, start_fake) -> None:  # noqa: F811
    fake: YouTubeFake = start_fake(YouTubeFake)
    api = analysis_api(fakes_env(fake, key="AIzaWrongKeyWrongKeyWrongKey"))
    job = analyse(api, "dQw4w9WgXcQ")
    assert job["status"] == "failed" and job["error"]["details"]["reason"] == "auth", job
    assert "AIzaWrongKey" not in str(job["error"]) and "YOUTUBE_API_KEY" in job["error"]["message"]


def test_missing_key_is_503_naming_the_setting(analysis_api) -> None:
    api = analysis_api()
    r = api.post("youtube", {"url": "dQw4w9WgXcQ"})
    assert r.status_code == 503 and "YOUTUBE_API_KEY" in r.text, r.text


@pytest.mark.parametrize("url", ["https://vimeo.com/12345", "https://www.youtube.com/watch?v=short", "", "x" * 12,
                                 "https://www.youtube.com/@channel"])
def test_not_a_youtube_video_is_400_naming_url(youtube, url: str) -> None:
    api, fake = youtube
    assert "url" in errors_by_field(api.post("youtube", {"url": url}))
    assert fake.requests == []


@pytest.mark.parametrize("url", ["dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1",
                                 "https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube.com/shorts/dQw4w9WgXcQ",
                                 "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "https://m.youtube.com/live/dQw4w9WgXcQ"])
def test_url_forms(url: str) -> None:
    assert video_id_of(url) == "dQw4w9WgXcQ"
