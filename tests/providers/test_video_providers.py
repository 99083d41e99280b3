"""The video providers against their fakes (providers.md §3.3, §4, §6): Veo's operation polled through three
states to a downloaded MP4 behind a redirect, GeminiGen's status 1 → 2 with its percentages, Replicate's
`starting → processing → succeeded` and `failed`, 429 + Retry-After, cancel propagated to the vendor,
and the model catalogue's 400s."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import av
import pytest

from media_service.errors import JobCancelledError, ValidationError
from media_service.providers import (ProviderAuthError, ProviderRetryableError, ProviderUnavailableError, VideoRequest,
                                     video_model)
from tests.fakes import GeminiFake, GeminiGenFake, ReplicateFake, png_bytes


def _probe(path: Path) -> tuple[float, set[str]]:
    with av.open(str(path)) as container:
        return float(container.duration or 0) / 1e6, {s.type for s in container.streams}


@pytest.fixture
def frame(tmp_path: Path) -> Path:
    path = tmp_path / "frame.png"
    path.write_bytes(png_bytes(72, 128))
    return path


def test_veo_operation_polled_to_a_downloaded_mp4(gemini_fake: GeminiFake, registry_for, tmp_path: Path,
                                                  frame: Path) -> None:
    seen: list[float] = []
    ids: list[str] = []
    made = registry_for(gemini_fake).video("gemini").generate(
        VideoRequest("Slow dolly shot", model="veo-3.1-generate-preview", duration_seconds=8, width=720, height=1280,
                     image=frame, negative_prompt="text"), tmp_path / "clip",
        progress=lambda f, _s: seen.append(f), submitted=ids.append)
    assert made.mime == "video/mp4" and made.path.suffix == ".mp4" and made.provider_id == ids[0]
    assert _probe(made.path) == (pytest.approx(1.0, abs=0.1), {"video", "audio"})
    sent = gemini_fake.posts(":predictLongRunning")[0]
    assert sent.path == "/v1beta/models/veo-3.1-generate-preview:predictLongRunning"
    body = sent.json()
    assert body["parameters"] == {"aspectRatio": "9:16", "resolution": "720p", "durationSeconds": 8,
                                  "negativePrompt": "text"}
    assert base64.b64decode(body["instances"][0]["image"]["bytesBase64Encoded"]) == frame.read_bytes()
    assert body["instances"][0]["image"]["mimeType"] == "image/png"
    polls = [r for r in gemini_fake.requests if "/operations/" in r.path]
    assert len(polls) == 3 and len(seen) == 2 and seen == sorted(seen)  # running, running, done
    assert [r.path for r in gemini_fake.requests if r.path.startswith(("/v1beta/files/", "/storage/"))] == [
        "/v1beta/files/f0001:download", "/storage/f0001.mp4"]  # 302 followed
    assert all(r.headers.get("x-goog-api-key") == gemini_fake.key for r in polls)


def test_veo_failed_operation_and_rate_limit(gemini_fake: GeminiFake, registry_for, tmp_path: Path) -> None:
    provider = registry_for(gemini_fake).video("gemini")
    with pytest.raises(ProviderUnavailableError) as caught:
        provider.generate(VideoRequest("FAIL_ME", model="veo-3.1-generate-preview", duration_seconds=4, width=1280,
                                       height=720), tmp_path / "a")
    assert "blocked" in caught.value.message
    gemini_fake.inject("rate_limit")
    started = time.monotonic()
    provider.generate(VideoRequest("ok", model="veo-3.1-generate-preview", duration_seconds=4, width=1280,
                                   height=720), tmp_path / "b")
    assert time.monotonic() - started >= 1.0 and len(gemini_fake.posts(":predictLongRunning")) == 3


def test_geminigen_status_one_to_two_with_percentages(geminigen_fake: GeminiGenFake, registry_for, tmp_path: Path,
                                                      frame: Path) -> None:
    seen: list[float] = []
    made = registry_for(geminigen_fake).video("geminigen").generate(
        VideoRequest("Narration: 'Halo'", model="veo-3.1-fast", duration_seconds=8, width=720, height=1280,
                     image=frame), tmp_path / "clip", progress=lambda f, _s: seen.append(f))
    assert seen == [0.35, 0.7]
    assert _probe(made.path)[1] == {"video", "audio"} and made.provider_id in geminigen_fake.records
    form = geminigen_fake.forms[0]
    assert {k: form[k] for k in ("prompt", "model", "resolution", "aspect_ratio", "mode_image")} == {
        "prompt": "Narration: 'Halo'", "model": "veo-3.1-fast", "resolution": "720p", "aspect_ratio": "9:16",
        "mode_image": "frame"}
    assert form["files"][1] == frame.read_bytes()
    create = geminigen_fake.posts("/video-gen/veo")[0]
    assert create.headers["content-type"].startswith("multipart/form-data")
    download = next(r for r in geminigen_fake.requests if r.path.startswith("/cdn/"))
    assert download.headers["host"].startswith("localhost:") and "x-api-key" not in download.headers


def test_geminigen_failures(geminigen_fake: GeminiGenFake, registry_for, tmp_path: Path) -> None:
    request = VideoRequest("a cat", model="veo-3.1-fast", duration_seconds=8, width=720, height=1280)
    with pytest.raises(ProviderAuthError):
        registry_for(geminigen_fake, key="geminiai-wrong").video("geminigen").generate(request, tmp_path / "a")
    provider = registry_for(geminigen_fake).video("geminigen")
    with pytest.raises(ProviderUnavailableError) as caught:
        provider.generate(VideoRequest("FAIL_ME", model="veo-3.1-fast", duration_seconds=8, width=720, height=1280),
                          tmp_path / "b")
    assert caught.value.details["provider_message"] == "Content policy violation"
    geminigen_fake.inject("concurrency")
    with pytest.raises(ProviderRetryableError) as busy:
        provider.generate(request, tmp_path / "c")
    assert busy.value.details["reason"] == "rate_limited"
    geminigen_fake.inject("rate_limit")
    started = time.monotonic()
    provider.generate(request, tmp_path / "d")  # 429 + Retry-After: 1 → waited, sent again
    assert time.monotonic() - started >= 1.0


def test_replicate_video_through_states_and_failed(replicate_fake: ReplicateFake, registry_for,
                                                   tmp_path: Path, frame: Path) -> None:
    provider = registry_for(replicate_fake).video("replicate")
    seen: list[tuple[float, str]] = []
    made = provider.generate(VideoRequest("a fox", model="genmoai/mochi-1", duration_seconds=5.4, width=848,
                                          height=480), tmp_path / "m", progress=lambda f, s: seen.append((f, s)))
    assert made.mime == "video/mp4" and replicate_fake.posts()[0].path == "/v1/models/genmoai/mochi-1/predictions"
    assert seen == [(0.4, "processing")]  # starting (create) → processing 40 % (from the logs) → succeeded
    version = "wan-video/wan-2.2-i2v-fast:" + "a" * 64
    provider.generate(VideoRequest("a fox", model=version, duration_seconds=5, width=832, height=480, image=frame),
                      tmp_path / "w")
    sent = replicate_fake.posts()[1]
    assert sent.path == "/v1/predictions" and sent.json()["version"] == version
    assert sent.json()["input"]["image"].startswith("data:image/png;base64,")
    with pytest.raises(ProviderUnavailableError):
        provider.generate(VideoRequest("FAIL_ME", model="genmoai/mochi-1", duration_seconds=5.4, width=848,
                                       height=480), tmp_path / "f")


def test_cancelling_cancels_the_prediction(replicate_fake: ReplicateFake, registry_for, tmp_path: Path) -> None:
    polls: list[float] = []
    with pytest.raises(JobCancelledError):
        registry_for(replicate_fake).video("replicate").generate(
            VideoRequest("SLOW_ME", model="genmoai/mochi-1", duration_seconds=5.4, width=848, height=480),
            tmp_path / "c", progress=lambda f, _s: polls.append(f), cancelled=lambda: len(polls) >= 2)
    pid = next(iter(replicate_fake.predictions))
    assert replicate_fake.cancelled == [pid] and replicate_fake.predictions[pid]["status"] == "canceled"


@pytest.mark.parametrize(("name", "mode", "duration", "size", "field", "words"), [
    ("sora-3", "t2v", 8, "720x1280", "model", "unknown video model"),
    ("veo-3.1", "t2v", 12, "720x1280", "duration_seconds", "4, 6, 8 s"),
    ("veo-3.1", "t2v", 4, "1080x1920", "size", "only at 8 s"),
    ("wan-2.2", "t2v", 5, "1920x1080", "size", "832x480"),
    ("mochi-1", "i2v", 5.4, "848x480", "image", "text-to-video"),
    ("local", "t2v", 5, "720x1280", "image", "needs an image"),
])
def test_catalogue_refuses_what_a_model_cannot_make(name: str, mode: str, duration: float, size: str, field: str,
                                                    words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        video_model(name).check(mode=mode, duration=duration, size=size)  # type: ignore[arg-type]
    assert caught.value.errors[0]["field"] == field and words in caught.value.message


def test_parts_cover_a_long_request_with_lengths_the_model_makes() -> None:
    veo = video_model("veo-3.1")  # makes 4, 6 or 8 s
    assert [veo.parts_for(d) for d in (8, 12, 13, 20, 5)] == [[8], [8, 4], [8, 6], [8, 8, 4], [5]]
    mochi = video_model("mochi-1")  # one length: parts of it, the last one the same
    assert mochi.parts_for(12) == [5.4, 5.4, 5.4]
    ranged = video_model("local")  # any length from 0.5 to 60 s: equal parts
    assert ranged.durations is None and ranged.parts_for(150) == [50.0, 50.0, 50.0]
