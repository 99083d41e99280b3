"""`POST /api/v1/publish` and `GET /api/v1/publish/platforms` against the YouTube, TikTok and Instagram fakes:
one job per platform with its own status, the post ids and URLs in the results, the bytes each platform
received equal to the file's, limits refused with 400s naming the field before any platform call, missing
credentials → 503 naming what to set, and no token in the job logs or our log events."""

from __future__ import annotations

import base64
from pathlib import Path

from structlog.testing import capture_logs

from media_service.media import own_file
from media_service.media.service import media_services
from tests.capabilities.service_api import errors_by_field
from tests.fakes import InstagramFake, TikTokFake, YouTubeUploadFake
from tests.mediagen import write_video

from .conftest import PublishApi


def _vertical(api: PublishApi, seconds: float = 4.0, size: tuple[int, int] = (360, 640),
              name: str = "clip.mp4") -> Path:
    return write_video(api.inputs / name, seconds, size=size, fps=10)


def _instagram_fetches_from_us(api: PublishApi, fake: InstagramFake) -> None:
    """Meta's download, done the way only this service can: the presigned URL must verify and name the file."""
    cfg = media_services(api.client.app.state.web.settings).cfg  # type: ignore[attr-defined]

    def fetch(url: str) -> bytes:
        assert url.startswith("https://media.example.com/api/v1/files/"), url
        path = own_file(url, cfg)
        assert path is not None, url
        return path.read_bytes()

    fake.fetch = fetch


def test_platforms_list_limits_and_what_to_set(publish_api, youtube_upload_fake: YouTubeUploadFake) -> None:
    listed = {p["name"]: p for p in publish_api(worker=False, PUBLIC_BASE_URL="").client.get(
        "/api/v1/publish/platforms").json()["data"]["platforms"]}
    assert list(listed) == ["youtube", "tiktok", "instagram"] and not any(p["configured"] for p in listed.values())
    assert listed["youtube"]["setting"] == ("YOUTUBE_ACCESS_TOKEN (or YOUTUBE_REFRESH_TOKEN with YOUTUBE_CLIENT_ID "
                                            "and YOUTUBE_CLIENT_SECRET)")
    assert listed["tiktok"]["limits"]["caption_max_chars"] == 2200 and listed["youtube"]["limits"]["title_max_chars"] == 100
    assert listed["instagram"]["limits"]["max_hashtags"] == 30
    configured = {p["name"]: p for p in publish_api(youtube_upload_fake, worker=False, INSTAGRAM_ACCESS_TOKEN="x",
                                                    INSTAGRAM_USER_ID="1", PUBLIC_BASE_URL="").client.get(
        "/api/v1/publish/platforms").json()["data"]["platforms"]}
    assert configured["youtube"]["configured"] and configured["youtube"]["setting"] is None
    assert configured["instagram"]["setting"] == "PUBLIC_BASE_URL" and not configured["instagram"]["configured"]


def test_missing_credentials_are_503_naming_what_to_set(publish_api, youtube_upload_fake: YouTubeUploadFake) -> None:
    api = publish_api(youtube_upload_fake, worker=False, PUBLIC_BASE_URL="")
    video = str(_vertical(api))
    for platforms, setting in ((["tiktok"], "TIKTOK_ACCESS_TOKEN (or TIKTOK_REFRESH_TOKEN with TIKTOK_CLIENT_KEY "
                                            "and TIKTOK_CLIENT_SECRET)"),
                               (["youtube", "instagram"], "INSTAGRAM_ACCESS_TOKEN (or INSTAGRAM_REFRESH_TOKEN with "
                                                          "INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET)")):
        r = api.post("", {"video": video, "platforms": platforms, "title": "t"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "SERVICE_UNAVAILABLE", r.text
        assert r.json()["error"]["details"]["setting"] == setting
    api = publish_api(worker=False, INSTAGRAM_ACCESS_TOKEN="x", INSTAGRAM_USER_ID="1", PUBLIC_BASE_URL="")
    r = api.post("", {"video": video, "platforms": ["instagram"]})
    assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "PUBLIC_BASE_URL"
    assert not youtube_upload_fake.requests


def test_limits_are_400s_naming_the_field_before_any_call(publish_api, youtube_upload_fake: YouTubeUploadFake,
                                                           tiktok_fake: TikTokFake,
                                                           instagram_fake: InstagramFake) -> None:
    api = publish_api(youtube_upload_fake, tiktok_fake, instagram_fake, worker=False)
    vertical = str(_vertical(api))
    wide = str(_vertical(api, 2.0, (640, 360), "wide.mp4"))
    base = {"video": vertical, "platforms": ["youtube", "tiktok", "instagram"], "title": "Octopus facts"}
    errors = errors_by_field(api.post("", {**base, "youtube": {"title": "x" * 101, "tags": ["t" * 300, "u" * 250]},
                                           "platform_captions": {"tiktok_caption": "y" * 2201},
                                           "instagram": {"caption": " ".join(f"#tag{i}" for i in range(31))}}))
    assert "at most 100 characters; this has 101" in errors["youtube.title"]
    assert "500 characters together; these have 551" in errors["youtube.tags"]
    assert "TikTok captions have at most 2200" in errors["platform_captions.tiktok_caption"]
    assert "at most 30 hashtags; this has 31" in errors["instagram.caption"]
    errors = errors_by_field(api.post("", {**base, "video": wide, "youtube": {"shorts": True}}))
    assert "2.00 s is shorter than the 3 s minimum" in errors["video"]  # TikTok and Reels both
    assert "vertical or square" in errors["youtube.shorts"]
    assert "title" in errors_by_field(api.post("", {"video": vertical, "platforms": ["youtube"]}))
    assert "<" in errors_by_field(api.post("", {**base, "platforms": ["youtube"], "title": "<b>"}))["title"]
    errors = errors_by_field(api.post("", {**base, "platforms": ["tiktok", "tiktok"], "privacy": "unlisted",
                                           "youtube": {"publish_at": "2020-01-01T00:00:00Z"}}))
    assert {"platforms", "privacy", "youtube"} <= set(errors)
    errors = errors_by_field(api.post("", {**base, "platforms": ["youtube"],
                                           "youtube": {"publish_at": "2020-01-01T00:00:00Z"}}))
    assert "future" in errors["youtube.publish_at"]
    errors = errors_by_field(api.post("", {**base, "platforms": ["youtube"], "privacy": "public",
                                           "youtube": {"publish_at": "2099-01-01T00:00:00Z"}}))
    assert "privacy: private" in errors["youtube.publish_at"]
    assert "platforms[0]" in errors_by_field(api.post("", {**base, "platforms": ["myspace"]}))
    assert "titel" in errors_by_field(api.post("", {**base, "titel": "x"}))
    assert "video" in errors_by_field(api.post("", {**base, "video": "/etc/passwd"}))
    assert not youtube_upload_fake.requests and not tiktok_fake.requests and not instagram_fake.requests


def test_one_job_per_platform_each_with_its_post(publish_api, youtube_upload_fake: YouTubeUploadFake, tiktok_fake: TikTokFake,
                                                 instagram_fake: InstagramFake) -> None:
    api = publish_api(youtube_upload_fake, tiktok_fake, instagram_fake)
    _instagram_fetches_from_us(api, instagram_fake)
    path = _vertical(api)
    upload = api.upload(path)
    body = {"video": upload, "platforms": ["youtube", "tiktok", "instagram"], "title": "fallback", "tags": ["sea"],
            "platform_captions": {"youtube_title": "3 octopus facts", "youtube_description": "Narrated with AI voice.",
                                  "tiktok_caption": "Octopus facts #science", "instagram_caption": "Reel #octopus"},
            "youtube": {"publish_at": "2099-01-01T17:00:00+02:00", "category_id": "27"}}
    dry = api.post("", {**body, "dry_run": True})
    assert dry.status_code == 200 and [r["platform"] for r in dry.json()["data"]["requests"]] == [
        "youtube", "tiktok", "instagram"]
    with capture_logs() as events:
        r = api.post("", body)
        assert r.status_code == 202, r.text
        accepted = r.json()["data"]
        assert accepted["video"]["width"] == 360 and accepted["video"]["duration_seconds"] > 3.5
        jobs = {j["platform"]: api.wait(j["job_id"]) for j in accepted["jobs"]}
    assert {p: j["type"] for p, j in jobs.items()} == {p: f"publish.{p}" for p in jobs}
    assert all(j["status"] == "completed" for j in jobs.values()), jobs
    yt, tt, ig = (jobs[p]["result"] for p in ("youtube", "tiktok", "instagram"))
    data = path.read_bytes()
    assert yt["url"] == f"https://www.youtube.com/shorts/{yt['post_id']}" and youtube_upload_fake.stored(yt["post_id"]) == data
    meta = youtube_upload_fake.posts("/upload/youtube/v3/videos")[0].json()
    assert meta["snippet"]["title"] == "3 octopus facts" and meta["snippet"]["tags"] == ["sea"]
    assert meta["status"]["privacyStatus"] == "private" and yt["details"]["shorts"] is True
    assert meta["status"]["publishAt"] == "2099-01-01T15:00:00Z" and meta["snippet"]["categoryId"] == "27"
    assert tt["url"] == f"https://www.tiktok.com/@fakecreator/video/{tt['post_id']}" and tt["status"] == "PUBLISH_COMPLETE"
    assert b"".join(u.body for u in tiktok_fake.uploads()) == data
    assert tiktok_fake.posts("/video/init/")[0].json()["post_info"]["title"] == "Octopus facts #science"
    assert ig["url"].startswith("https://www.instagram.com/reel/") and instagram_fake.fetched[ig["video_url"]] == data
    assert all(j["result"]["bytes_uploaded"] == len(data) for j in jobs.values())
    logs = " ".join(line for p in jobs for line in api.logs(jobs[p]["id"])) + " ".join(map(str, events))
    assert "posted" in logs
    for secret in (youtube_upload_fake.key, tiktok_fake.key, instagram_fake.key):
        assert secret not in logs


def test_a_remote_video_is_checked_in_the_job_and_platforms_fail_alone(publish_api, youtube_upload_fake: YouTubeUploadFake,
                                                                       tiktok_fake: TikTokFake) -> None:
    api = publish_api(youtube_upload_fake, tiktok_fake)
    short = _vertical(api, 1.0, name="short.mp4")
    data_uri = "data:video/mp4;base64," + base64.b64encode(short.read_bytes()).decode()
    r = api.post("", {"video": data_uri, "platforms": ["youtube", "tiktok"], "title": "t"})
    assert r.status_code == 202 and r.json()["data"]["video"] is None  # not measurable before the job
    jobs = {j["platform"]: api.wait(j["job_id"]) for j in r.json()["data"]["jobs"]}
    assert jobs["youtube"]["status"] == "completed"
    assert jobs["tiktok"]["status"] == "failed" and jobs["tiktok"]["error"]["code"] == "VALIDATION_ERROR"
    assert jobs["tiktok"]["error"]["details"]["errors"][0]["field"] == "video" and not tiktok_fake.requests
    r = api.post("", {"video": str(_vertical(api)), "platforms": ["tiktok"], "caption": "FAIL_ME"})
    [ref] = r.json()["data"]["jobs"]
    failed = api.wait(ref["job_id"])
    assert failed["status"] == "failed" and "file_format_check_failed" in failed["error"]["message"]
