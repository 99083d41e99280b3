"""POST /api/v1/render/scene through real workers: the job renders, the outputs decode as asked, bad input is
refused with the field named, and a job that cannot fetch its media fails saying which and keeps its logs."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import numpy as np
import pyloudnorm
import pytest
import skia
from scene_api import SceneApi, errors_by_field

from media_service.engines.audio import MusicLibrary
from tests.conftest import free_port

RATE = 48_000


def _png(path: Path, color: int, size: tuple[int, int] = (64, 64)) -> Path:
    surface = skia.Surface(*size)
    surface.getCanvas().clear(color)
    surface.makeImageSnapshot().save(str(path))
    return path


def _wav(path: Path, hz: float, seconds: float, amp: float = 0.2) -> Path:
    t = np.arange(round(seconds * RATE)) / RATE
    samples = (amp * np.sin(2 * np.pi * hz * t) * 32767).astype("<i2")
    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=RATE, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples[None, :], format="s16", layout="mono")
        frame.sample_rate = RATE
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def _timeline(**extra: Any) -> dict[str, Any]:
    return {"width": 320, "height": 180, "fps": 15, "duration": 2.0, "background": "#000000", "scenes": [
        {"id": "first", "start": 0, "duration": 1.0, "background": "#dc2828", "layers": []},
        {"id": "second", "start": 0.75, "duration": 1.25, "background": "#28be3c",
         "transitionIn": {"type": "crossfade", "duration": 0.5}}], **extra}


def test_a_timeline_renders_to_a_video_with_poster_and_sound(scene_api: Callable[..., SceneApi],
                                                             seeded_music: Path) -> None:
    api = scene_api()
    track = MusicLibrary(None, index_path=seeded_music).tracks()[0]  # music may name a library track
    photo = _png(api.inputs / "photo.png", skia.ColorBLUE)
    timeline = _timeline()
    timeline["scenes"][0]["layers"] = [{"type": "image", "id": "photo", "src": str(photo), "x": 20, "y": 20,
                                        "width": 80, "height": 80}]
    timeline["audio"] = {"voiceover": str(_wav(api.inputs / "voice.wav", 300, 1.5)), "music": track.id}
    result = api.run("scene", {"timeline": timeline, "quality": "production", "output_format": "mp4", "poster_time": 0.5})
    assert result["video_url"] == result["output"]["url"] and result["video_path"] == result["output"]["path"]
    assert result["duration_seconds"] == pytest.approx(2.0) and result["frames"] == 30
    assert result["file_size_bytes"] == result["output"]["size_bytes"] > 0 and result["render_time_seconds"] > 0
    assert result["has_audio"] and result["loudness_lufs"] == pytest.approx(-14, abs=0.5)
    output = result["output"]
    assert (output["mime"], output["width"], output["height"]) == ("video/mp4", 320, 180)
    assert (output["video_codec"], output["audio_codec"]) == ("h264", "aac")
    poster = result["poster"]
    assert poster["mime"] == "image/jpeg" and (poster["width"], poster["height"]) == (320, 180)
    path = api.fetch(output)
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == 30
    assert np.abs(frames[7][60, 60].astype(int) - (0, 0, 255)).max() < 40          # the picture, 0.47 s
    assert np.abs(frames[7][150, 250].astype(int) - (220, 40, 40)).max() < 30      # scene 1 around it
    assert np.abs(frames[27][90, 160].astype(int) - (40, 190, 60)).max() < 30      # scene 2, 1.8 s
    with av.open(str(path)) as container:
        sound = np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)
    assert abs(sound.shape[1] / RATE - 2.0) < 0.05
    assert abs(pyloudnorm.Meter(RATE).integrated_loudness(sound.T.astype(np.float64)) - -14) <= 1.0
    poster_file = api.fetch(poster)
    assert poster_file.stat().st_size > 0


def test_a_bare_timeline_is_read_as_the_timeline(scene_api_only: SceneApi) -> None:
    r = scene_api_only.post("scene", {**_timeline(), "quality": "preview", "dry_run": True})
    assert r.status_code == 200, r.text
    request = r.json()["data"]["request"]
    assert request["quality"] == "preview" and request["timeline"]["width"] == 320
    assert len(request["timeline"]["scenes"]) == 2


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"fps": 0}, "timeline.fps", "greater than 0"),
    ({"width": 100000, "height": 100000}, "timeline.width", "maximum"),
    ({"width": 321}, "timeline.width", "even"),
    ({"scenes": [{"start": 0, "duration": 1.5}, {"start": 0.5, "duration": 1.5}]}, "timeline.scenes",
     "scenes.1 starts at 0.5s, overlapping scenes.0"),
    ({"scenes": [{"start": 0, "duration": 1}, {"start": 1, "duration": 1, "transitionIn": {"type": "spin"}}]},
     "timeline.scenes[1].transitionIn.type", "crossfade"),
    ({"scenes": [{"start": 0, "duration": 1, "layers": [{"type": "image", "id": "p", "src": "/nope/missing.png"}]}]},
     "timeline.scenes[0].layers[0].src", ""),
    ({"audio": {"music": "no-such-track"}}, "timeline.audio.music", "music library"),
])
def test_bad_timelines_are_400s_naming_the_field(scene_api_only: SceneApi, change: dict[str, Any], field: str,
                                                 words: str) -> None:
    r = scene_api_only.post("scene", {"timeline": {**_timeline(), **change}})
    errors = errors_by_field(r)
    assert field in errors, errors
    assert words in errors[field], errors[field]
    jobs = scene_api_only.client.get("/api/v1/jobs").json()["data"]["jobs"]
    assert jobs == []


def test_a_missing_input_file_under_the_input_root(scene_api_only: SceneApi) -> None:
    timeline = _timeline()
    timeline["scenes"][0]["layers"] = [{"type": "image", "id": "p", "src": str(scene_api_only.inputs / "gone.png")}]
    errors = errors_by_field(scene_api_only.post("scene", {"timeline": timeline}))
    assert errors == {"timeline.scenes[0].layers[0].src": "file not found"}


def test_an_unreachable_voiceover_fails_the_job_and_keeps_its_logs(scene_api: Callable[..., SceneApi]) -> None:
    api = scene_api({"EGRESS_ALLOW_HOSTS": "127.0.0.1"})  # the "remote" origin is local in tests
    url = f"http://127.0.0.1:{free_port()}/voice.wav"
    job_id = api.submit("scene", {"timeline": _timeline(audio={"voiceover": url}), "max_retries": 0})
    job = api.wait(job_id)
    assert job["status"] == "failed", job
    assert job["error"]["code"] == "DOWNLOAD_FAILED"
    assert job["error"]["message"].startswith("timeline.audio.voiceover: could not fetch"), job["error"]
    logs = api.logs(job_id)
    assert any(line.startswith("timeline: 320x180") for line in logs), logs


def test_cancelling_a_render_stops_it_between_frames(scene_api: Callable[..., SceneApi]) -> None:
    api = scene_api()
    # Ten minutes of frames: long enough that a slow poller (CI, a loaded machine) cannot miss the render
    long = {**_timeline(), "duration": 600.0, "fps": 30}
    long["scenes"] = [{"start": 0, "duration": 600, "background": "#dc2828", "layers": [
        {"type": "shape", "id": "bar", "x": 0, "y": 160, "height": 20, "fill": "#ffffff",
         "width": {"keyframes": [{"t": 0, "value": 0}, {"t": 600, "value": 320}]}}]}]
    job_id = api.submit("scene", {"timeline": long, "quality": "production"})
    deadline = time.monotonic() + 60
    while (job := api.job(job_id))["progress"] < 0.01 or job.get("current_step") != "rendering":
        assert job["status"] in ("queued", "processing") and time.monotonic() < deadline, job
        time.sleep(0.05)
    assert api.client.delete(f"/api/v1/jobs/{job_id}").status_code == 202
    asked = time.monotonic()
    job = api.wait(job_id)
    assert job["status"] == "cancelled" and job["error"]["code"] == "JOB_CANCELLED", job
    assert time.monotonic() - asked < 10 and job["progress"] < 0.9
    outputs = Path(api.client.app.state.web.settings.output_dir) / job_id  # type: ignore[attr-defined]
    assert not any(outputs.glob("*.mp4")) if outputs.exists() else True
