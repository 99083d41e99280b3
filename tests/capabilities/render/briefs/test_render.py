"""POST /render/brief and /render/explainer through a real worker, and GET /render/formats: the decoded
video has the brief's duration (within a frame), rate and size, a poster, and with music a soundtrack at
-14 LUFS; the explainer returns the brief it wrote; every format lists an example and a preview picture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import numpy as np
import pyloudnorm
import pytest
import skia
from brief_api import BriefApi, example, small

from media_service.capabilities.render.briefs import ContentBrief
from media_service.engines.audio import MusicLibrary


def _tiny(format_id: str, seconds: float = 3.0, **resolution: int) -> dict[str, Any]:
    """The format's example cut to its first two sections, squeezed into `seconds`."""
    brief = small(example(format_id), **resolution)
    first, second = brief["sections"][:2]
    first.update(start_time_sec=0, duration_sec=seconds / 2)
    second.update(start_time_sec=seconds / 2, duration_sec=seconds / 2)
    brief["sections"] = [first, second]
    brief["settings"]["duration_sec"] = seconds
    return brief


def _probe(path: Path) -> dict[str, Any]:
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        frames = [f for f in container.decode(video)]
        facts = {"frames": len(frames), "fps": float(video.average_rate), "width": video.width,
                 "height": video.height, "audio": bool(container.streams.audio)}
    facts["duration"] = facts["frames"] / facts["fps"]
    return facts


def _samples(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        chunks = [frame.to_ndarray() for frame in container.decode(stream)]
        rate = stream.rate
    data = np.concatenate(chunks, axis=1)
    return data.T.astype(np.float64), rate


def test_a_brief_renders_to_the_duration_rate_and_size_it_asks_for(brief_api: Callable[..., BriefApi]) -> None:
    api = brief_api(queues=("cpu",))
    brief = _tiny("explainer_v1", 3.0, width=480, height=270, fps=25)
    result = api.run("brief", {"brief": brief, "quality": "preview"})
    assert set(result) >= {"job_id", "status", "video_path", "video_url", "duration_seconds", "file_size_bytes",
                           "render_time_seconds", "output", "poster"}
    assert result["status"] == "completed" and result["format"] == "explainer_v1"
    video = api.fetch(result["output"])
    facts = _probe(video)
    assert abs(facts["duration"] - 3.0) <= 1 / 25 + 1e-6
    assert facts["fps"] == 25 and (facts["width"], facts["height"]) == (480, 270)
    assert result["file_size_bytes"] == video.stat().st_size and not facts["audio"]
    poster = api.fetch(result["poster"])
    assert skia.Image.open(str(poster)).width() == 480


def test_music_is_mixed_and_normalised_to_minus_14_lufs(brief_api: Callable[..., BriefApi], seeded_music: None,
                                                         music_index: Path) -> None:
    api = brief_api(queues=("cpu",))
    track = MusicLibrary(None, index_path=music_index).tracks()[0]
    brief = _tiny("shorts_v1", 4.0, width=270, height=480, fps=24)
    brief["audio"] = {"music": track.id, "volume_music": 0.8}
    result = api.run("brief", {"brief": brief, "quality": "preview"})
    video = api.fetch(result["output"])
    facts = _probe(video)
    assert facts["audio"] and abs(facts["duration"] - 4.0) <= 1 / 24 + 1e-6
    samples, rate = _samples(video)
    loudness = pyloudnorm.Meter(rate).integrated_loudness(samples)
    assert -15.0 <= loudness <= -13.0, loudness


def test_the_explainer_endpoint_returns_the_brief_it_wrote(brief_api: Callable[..., BriefApi]) -> None:
    api = brief_api(queues=("cpu",))
    body = {"title": "Why the sky is blue", "subtitle": "Light, scattered", "topics": ["Sunlight: all colours"],
            "duration_per_topic": 2, "theme": "light", "fps": 24, "resolution": {"width": 320, "height": 180},
            "quality": "preview"}
    result = api.run("explainer", body)
    brief = ContentBrief.model_validate(result["brief"])
    assert [s.type for s in brief.sections] == ["intro", "topic", "outro"]
    assert brief.sections[1].content.heading == "Sunlight" and brief.sections[1].content.body == "all colours"
    facts = _probe(api.fetch(result["output"]))
    assert abs(facts["duration"] - brief.settings.duration_sec) <= 1 / 24 + 1e-6
    assert (facts["width"], facts["height"]) == (320, 180)


def test_formats_list_examples_and_serve_cached_previews(brief_api_only: BriefApi) -> None:
    client = brief_api_only.client
    r = client.get("/api/v1/render/formats")
    assert r.status_code == 200, r.text
    formats = {f["id"]: f for f in r.json()["data"]}
    assert set(formats) == {"explainer_v1", "listicle_v1", "comparison_v1", "shorts_v1", "devvlog_v1"}
    shorts = formats["shorts_v1"]
    assert shorts["default_resolution"] == {"width": 1080, "height": 1920} and shorts["default_fps"] == 30
    assert "list_item" in shorts["section_types"] and "code" not in shorts["section_types"]
    for info in formats.values():
        ContentBrief.model_validate(info["example_brief"])
    first = client.get(formats["devvlog_v1"]["preview_url"])
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    image = skia.Image.MakeFromEncoded(first.content)
    assert (image.width(), image.height()) == (960, 540)
    again = client.get(formats["devvlog_v1"]["preview_url"])
    assert again.content == first.content
    cached = list((Path(client.app.state.web.settings.data_dir) / "cache" / "format-previews").glob("*.png"))  # type: ignore[attr-defined]
    assert len(cached) == 1
    assert client.get("/api/v1/render/formats/vlog_v9/preview").status_code == 404


@pytest.mark.parametrize("format_id", ["listicle_v1", "comparison_v1", "devvlog_v1"])
def test_each_format_renders_end_to_end(brief_api: Callable[..., BriefApi], format_id: str) -> None:
    api = brief_api(queues=("cpu",))
    result = api.run("brief", {"brief": _tiny(format_id, 2.0, width=320, height=180, fps=24),
                               "quality": "preview"})
    facts = _probe(api.fetch(result["output"]))
    assert abs(facts["duration"] - 2.0) <= 1 / 24 + 1e-6 and (facts["width"], facts["height"]) == (320, 180)


def test_webm_and_gif_outputs(brief_api: Callable[..., BriefApi]) -> None:
    api = brief_api(queues=("cpu",))
    brief = _tiny("explainer_v1", 1.0, width=320, height=180, fps=24)
    for fmt, mime in (("webm", "video/webm"), ("gif", "image/gif")):
        result = api.run("brief", {"brief": brief, "quality": "preview", "output_format": fmt})
        assert result["output"]["mime"] == mime
