"""Publishing adapters against their fakes (providers.md §10): what each fake received (bytes equal to the
file's, ranges, headers), YouTube's upload interrupted and resumed, TikTok and Instagram polling to success
and to failure, 429 + Retry-After, an expired token refreshed once, and no token in our logs or errors."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from media_service.providers import Post, ProviderRegistry, Published
from media_service.providers.errors import (
    ProviderAuthError,
    ProviderQuotaError,
    ProviderRejectedError,
    ProviderUnavailableError,
)
from media_service.providers.tiktok import chunk_plan
from tests.fakes import InstagramFake, TikTokFake, YouTubeUploadFake
from tests.mediagen import png_bytes

FAST = {"PUBLISH_POLL_FIRST_SEC": "0.02", "PUBLISH_POLL_CAP_SEC": "0.05", "YOUTUBE_CHUNK_MB": "0.25",
        "TIKTOK_CHUNK_MB": "5"}
_KIB = 1024


def _file(tmp_path: Path, size: int, name: str = "clip.mp4") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(size - 12))
    return path


def _publish(registry: ProviderRegistry, platform: str, post: Post) -> tuple[Published, list[str], list[float]]:
    logs: list[str] = []
    seen: list[float] = []
    done = registry.publisher(platform).publish(post, progress=lambda f, _m: seen.append(f),
                                                cancelled=lambda: False, log=logs.append)
    return done, logs, seen


def _no_secrets(texts: list[Any], *secrets: str) -> None:
    joined = " ".join(map(str, texts))
    for secret in secrets:
        assert secret not in joined


# YouTube ------------------------------------------------------------------------------------------------
def test_youtube_uploads_in_chunks_with_metadata(registry_for: Callable[..., ProviderRegistry],
                                                 youtube_upload_fake: YouTubeUploadFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 700 * _KIB)
    thumb = tmp_path / "thumb.png"
    thumb.write_bytes(png_bytes(64, 36))
    post = Post(video, title="Octopus facts", description="Narrated with AI voice.", tags=("octopus", "facts"),
                privacy="private", publish_at="2026-12-24T15:00:00Z", thumbnail=thumb,
                options={"shorts": True, "category_id": "27"})
    with capture_logs() as events:
        done, logs, seen = _publish(registry_for(youtube_upload_fake, **FAST), "youtube", post)
    assert youtube_upload_fake.stored(done.post_id) == video.read_bytes() and done.bytes_uploaded == 700 * _KIB
    assert done.url == f"https://www.youtube.com/shorts/{done.post_id}" and done.status == "processed"
    session = youtube_upload_fake.posts("/upload/youtube/v3/videos")[0]
    assert session.headers["x-upload-content-length"] == str(700 * _KIB)
    assert session.headers["x-upload-content-type"] == "video/mp4"
    meta = session.json()
    assert meta["snippet"]["title"] == "Octopus facts" and meta["snippet"]["tags"] == ["octopus", "facts"]
    assert meta["snippet"]["description"].endswith("#Shorts") and meta["snippet"]["categoryId"] == "27"
    assert meta["status"] == {"privacyStatus": "private", "publishAt": "2026-12-24T15:00:00Z",
                              "selfDeclaredMadeForKids": False, "containsSyntheticMedia": True,
                              "license": "youtube", "embeddable": True}
    puts = [r for r in youtube_upload_fake.requests if r.method == "PUT"]
    assert [r.headers["content-range"] for r in puts] == [
        f"bytes 0-{256 * _KIB - 1}/{700 * _KIB}", f"bytes {256 * _KIB}-{512 * _KIB - 1}/{700 * _KIB}",
        f"bytes {512 * _KIB}-{700 * _KIB - 1}/{700 * _KIB}"]
    assert all(r.headers["authorization"] == f"Bearer {youtube_upload_fake.key}" for r in youtube_upload_fake.requests)
    assert youtube_upload_fake.thumbnails[done.post_id] == thumb.read_bytes()
    assert seen == sorted(seen) and seen[-1] == 1.0
    _no_secrets([*logs, *events], youtube_upload_fake.key)


def test_youtube_resumes_after_an_interrupted_chunk(registry_for: Callable[..., ProviderRegistry],
                                                    youtube_upload_fake: YouTubeUploadFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 900 * _KIB)
    youtube_upload_fake.inject("interrupt")  # the first chunk: half stored, then the connection drops
    done, logs, _ = _publish(registry_for(youtube_upload_fake, **FAST), "youtube", Post(video, title="t", privacy="public"))
    assert youtube_upload_fake.stored(done.post_id) == video.read_bytes()
    ranges = [r.headers["content-range"] for r in youtube_upload_fake.requests if r.method == "PUT"]
    assert ranges[:3] == [f"bytes 0-{256 * _KIB - 1}/{900 * _KIB}", f"bytes */{900 * _KIB}",
                          f"bytes {128 * _KIB}-{384 * _KIB - 1}/{900 * _KIB}"]  # resumed where the fake stood
    assert any("resuming at byte 131072" in line for line in logs)
    youtube_upload_fake.inject("chunk_error")  # a 503 on a chunk: nothing stored, the status query says so
    again = _publish(registry_for(youtube_upload_fake, **FAST), "youtube", Post(video, title="t"))[0]
    assert youtube_upload_fake.stored(again.post_id) == video.read_bytes()
    youtube_upload_fake.inject("expire_session")  # 404: the session is gone, one new session
    third = _publish(registry_for(youtube_upload_fake, **FAST), "youtube", Post(video, title="t"))[0]
    assert youtube_upload_fake.stored(third.post_id) == video.read_bytes() and len(youtube_upload_fake.sessions) == 4


def test_youtube_refreshes_an_expired_token_once(registry_for: Callable[..., ProviderRegistry],
                                                 youtube_upload_fake: YouTubeUploadFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 300 * _KIB)
    youtube_upload_fake.expire()
    with pytest.raises(ProviderAuthError) as refused:  # no refresh token: the 401 is final
        _publish(registry_for(youtube_upload_fake, **FAST), "youtube", Post(video, title="t"))
    assert "YOUTUBE_ACCESS_TOKEN" in refused.value.message and not youtube_upload_fake.posts("/token")
    with capture_logs() as events:
        done = _publish(registry_for(youtube_upload_fake, **FAST, **youtube_upload_fake.refresh_env()), "youtube",
                        Post(video, title="t"))[0]
    assert youtube_upload_fake.stored(done.post_id) == video.read_bytes()
    [form] = youtube_upload_fake.account.refresh_forms
    assert form == {"grant_type": "refresh_token", "refresh_token": "1//fake-refresh-token",
                    "client_id": "fake-client.apps.googleusercontent.com", "client_secret": "GOCSPX-fake-secret"}
    [fresh] = youtube_upload_fake.account.issued
    assert youtube_upload_fake.requests[-1].headers["authorization"] == f"Bearer {fresh}"
    _no_secrets(events, fresh, youtube_upload_fake.key, "GOCSPX-fake-secret", "1//fake-refresh-token")
    issue = youtube_upload_fake.account.refresh
    youtube_upload_fake.account.refresh = lambda r: (issue(r), youtube_upload_fake.expire())[0]  # type: ignore[method-assign]
    youtube_upload_fake.expire()
    with pytest.raises(ProviderAuthError):  # the new token is refused too: no second refresh
        _publish(registry_for(youtube_upload_fake, **FAST, **youtube_upload_fake.refresh_env()), "youtube", Post(video, title="t"))
    assert len(youtube_upload_fake.account.refresh_forms) == 2  # one per publish, never two in one


def test_youtube_rate_limit_quota_and_validation(registry_for: Callable[..., ProviderRegistry],
                                                 youtube_upload_fake: YouTubeUploadFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 100 * _KIB)
    registry = registry_for(youtube_upload_fake, **FAST)
    youtube_upload_fake.inject("rate_limit")
    started = time.monotonic()
    done = _publish(registry, "youtube", Post(video, title="t"))[0]
    assert time.monotonic() - started >= 0.9 and len(youtube_upload_fake.posts("/upload/youtube/v3/videos")) == 2
    assert youtube_upload_fake.stored(done.post_id) == video.read_bytes()
    youtube_upload_fake.inject("quota")
    with pytest.raises(ProviderQuotaError):
        _publish(registry, "youtube", Post(video, title="t"))
    with pytest.raises(ProviderRejectedError) as bad:
        _publish(registry, "youtube", Post(video, title="<b>" * 40))
    assert "invalidTitle" in str(bad.value.details["provider_message"])


# TikTok -------------------------------------------------------------------------------------------------
def test_tiktok_chunk_plan_follows_the_rules() -> None:
    mb = 1024 * 1024
    assert chunk_plan(3 * mb, 10 * mb) == (3 * mb, 1)
    assert chunk_plan(52428800, 10 * mb) == (10 * mb, 5)
    assert chunk_plan(11 * mb, 5 * mb) == (5 * mb, 2)  # the last chunk takes the remaining 6 MB
    assert chunk_plan(7 * mb, 10 * mb) == (7 * mb, 1)


def test_tiktok_direct_post_uploads_and_polls_to_complete(registry_for: Callable[..., ProviderRegistry],
                                                          tiktok_fake: TikTokFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 11 * 1024 * 1024)
    post = Post(video, caption="Octopus facts #science", privacy="SELF_ONLY",
                options={"disable_duet": True, "video_cover_timestamp_ms": 1000, "duration_seconds": 12.0})
    with capture_logs() as events:
        done, logs, seen = _publish(registry_for(tiktok_fake, **FAST), "tiktok", post)
    assert done.status == "PUBLISH_COMPLETE" and done.url == f"https://www.tiktok.com/@fakecreator/video/{done.post_id}"
    init = tiktok_fake.posts("/v2/post/publish/video/init/")[0].json()
    assert init["source_info"] == {"source": "FILE_UPLOAD", "video_size": 11 * 1024 * 1024,
                                   "chunk_size": 5 * 1024 * 1024, "total_chunk_count": 2}
    assert init["post_info"] == {"title": "Octopus facts #science", "privacy_level": "SELF_ONLY", "is_aigc": True,
                                 "disable_duet": True, "video_cover_timestamp_ms": 1000}
    uploads = tiktok_fake.uploads()
    assert [u.headers["content-range"] for u in uploads] == [f"bytes 0-{5 * 1024 * 1024 - 1}/{11 * 1024 * 1024}",
                                                            f"bytes {5 * 1024 * 1024}-{11 * 1024 * 1024 - 1}/"
                                                            f"{11 * 1024 * 1024}"]
    assert all("authorization" not in u.headers and u.headers["host"].startswith("localhost:") for u in uploads)
    assert b"".join(u.body for u in uploads) == video.read_bytes()
    assert len(tiktok_fake.posts("/status/fetch/")) == 2 and seen[-1] == 1.0  # PROCESSING_UPLOAD, then done
    _no_secrets([*logs, *events], tiktok_fake.key)


def test_tiktok_inbox_failure_privacy_and_retries(registry_for: Callable[..., ProviderRegistry],
                                                  tiktok_fake: TikTokFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 2 * 1024 * 1024)
    registry = registry_for(tiktok_fake, **FAST)
    draft = _publish(registry, "tiktok", Post(video, caption="x", options={"mode": "inbox"}))[0]
    assert draft.status == "SEND_TO_USER_INBOX" and draft.post_id.startswith("v_pub_file~")
    assert not tiktok_fake.posts("creator_info") and tiktok_fake.posts("/inbox/video/init/")
    with pytest.raises(ProviderUnavailableError) as failed:
        _publish(registry, "tiktok", Post(video, caption="FAIL_ME", privacy="SELF_ONLY"))
    assert "file_format_check_failed" in failed.value.message
    with pytest.raises(ProviderRejectedError) as refused:  # an unaudited client posts privately only
        _publish(registry, "tiktok", Post(video, caption="x", privacy="PUBLIC_TO_EVERYONE"))
    assert "unaudited_client" in str(refused.value.details["provider_message"])
    tiktok_fake.inject("rate_limit")
    started = time.monotonic()
    _publish(registry, "tiktok", Post(video, caption="x", privacy="SELF_ONLY"))
    assert time.monotonic() - started >= 0.9
    tiktok_fake.inject("upload_error")
    before = len(tiktok_fake.uploads())
    ok = _publish(registry, "tiktok", Post(video, caption="y", privacy="SELF_ONLY"))[0]
    assert ok.status == "PUBLISH_COMPLETE" and len(tiktok_fake.uploads()) - before == 2  # the chunk, sent again


def test_tiktok_refreshes_once_and_uploads_only_through_egress(registry_for: Callable[..., ProviderRegistry],
                                                               tiktok_fake: TikTokFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 1024 * 1024)
    tiktok_fake.expire()
    done = _publish(registry_for(tiktok_fake, **FAST, **tiktok_fake.refresh_env()), "tiktok",
                    Post(video, caption="x", privacy="SELF_ONLY"))[0]
    assert done.status == "PUBLISH_COMPLETE" and len(tiktok_fake.account.issued) == 1
    assert tiktok_fake.account.refresh_forms[0]["client_key"] == "awfakeclientkey"
    before = len(tiktok_fake.uploads())
    with pytest.raises(Exception):  # noqa: B017 - the upload host is loopback and not trusted: refused
        _publish(registry_for(tiktok_fake, trust_delivery=False, **FAST), "tiktok",
                 Post(video, caption="x", privacy="SELF_ONLY"))
    assert len(tiktok_fake.uploads()) == before


# Instagram ----------------------------------------------------------------------------------------------
def test_instagram_container_polls_then_publishes(registry_for: Callable[..., ProviderRegistry],
                                                  instagram_fake: InstagramFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 50 * _KIB)
    instagram_fake.fetch = lambda url: video.read_bytes()
    url = "https://media.example.com/api/v1/files/abc.def"
    with capture_logs() as events:
        done, logs, _ = _publish(registry_for(instagram_fake, **FAST), "instagram",
                                 Post(video, caption="Reel #one @two", video_url=url, options={"thumb_offset_ms": 500}))
    assert done.url == "https://www.instagram.com/reel/Cfake0000/" and done.status == "PUBLISHED"
    form = dict(p.split("=", 1) for p in instagram_fake.posts("/media")[0].body.decode().split("&"))
    assert form["media_type"] == "REELS" and form["share_to_feed"] == "true" and form["thumb_offset"] == "500"
    assert instagram_fake.fetched[url] == video.read_bytes()
    polls = [r for r in instagram_fake.requests if r.method == "GET" and r.query.get("fields") == ["status_code,status"]]
    assert len(polls) == 3
    assert all(r.headers["authorization"] == f"Bearer {instagram_fake.key}" and "access_token" not in r.query
               for r in instagram_fake.requests)
    _no_secrets([*logs, *events], instagram_fake.key)


def test_instagram_error_rate_limit_and_refresh(registry_for: Callable[..., ProviderRegistry],
                                                instagram_fake: InstagramFake, tmp_path: Path) -> None:
    video = _file(tmp_path, 10 * _KIB)
    url = "https://media.example.com/v.mp4"
    registry = registry_for(instagram_fake, **FAST)
    with pytest.raises(ProviderUnavailableError) as failed:
        _publish(registry, "instagram", Post(video, caption="FAIL_ME", video_url=url))
    assert "2207026" in failed.value.message and not instagram_fake.media
    instagram_fake.inject("rate_limit")
    started = time.monotonic()
    assert _publish(registry, "instagram", Post(video, caption="ok", video_url=url))[0].post_id
    assert time.monotonic() - started >= 0.9
    instagram_fake.expire()
    with pytest.raises(ProviderAuthError):
        _publish(registry, "instagram", Post(video, caption="ok", video_url=url))
    renewing = registry_for(instagram_fake, **FAST, **instagram_fake.refresh_env())
    done = _publish(renewing, "instagram", Post(video, caption="ok", video_url=url))[0]
    assert done.status == "PUBLISHED" and len(instagram_fake.account.issued) == 1
    assert instagram_fake.account.refresh_forms[-1]["grant_type"] == "fb_exchange_token"
    instagram_fake.quota_total = len(instagram_fake.media)  # the 24 h cap is reached: nothing more is created
    containers = len(instagram_fake.containers)
    with pytest.raises(ProviderQuotaError):
        _publish(renewing, "instagram", Post(video, caption="ok", video_url=url))
    assert len(instagram_fake.containers) == containers
