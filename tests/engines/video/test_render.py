"""render_timeline end to end: decode what was written and look at it."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from media_service.engines.video import render_timeline
from media_service.errors import JobCancelledError, ValidationError

from .helpers import BLACK, BLUE, GREEN, RED, WHITE, assert_rgb, make_timeline, mean_rgb, scene
from tests.mediagen import decode


def test_facts_scene_backgrounds_gaps_and_animated_layers(tmp_path: Path) -> None:
    bar = {"type": "shape", "id": "bar", "x": {"keyframes": [{"t": 0, "value": 0}, {"t": 1, "value": 120}]},
           "y": 30, "width": 40, "height": 30, "fill": "#ffffff"}
    late = {"type": "shape", "id": "late", "x": 0, "y": 0, "width": 20, "height": 20, "fill": "#ffffff",
            "start": 0.5, "end": 1.0}
    timeline = make_timeline([scene(0, 1.5, RED, layers=[bar, late]), scene(2, 1, BLUE)], duration=3,
                             width=160, height=90, fps=20, background=GREEN)
    result = render_timeline(timeline, tmp_path / "out.mp4", poster=tmp_path / "poster.jpg", quality="production")
    video = decode(result.path)
    assert (video.width, video.height, video.rate, video.codec) == (160, 90, 20, "h264")
    assert len(video.frames) == 60 and abs(video.duration - 3.0) <= 1 / 20
    assert (result.frames, result.width, result.height, result.fps) == (60, 160, 90, 20.0)
    assert result.size_bytes == result.path.stat().st_size and not result.has_audio
    assert_rgb(video.at(1.25), RED, (80, 70, 150, 88))          # scene 1 background, below the bar
    assert_rgb(video.at(1.75), GREEN)                            # the gap: the timeline background
    assert_rgb(video.at(2.5), BLUE)                              # scene 2
    # the bar moves 120 px in 1 s (linear): at 0.5 s its left edge is at 60, at 1.0 s at 120
    assert_rgb(video.at(0.5), WHITE, (64, 36, 96, 56))
    assert_rgb(video.at(0.5), RED, (110, 36, 150, 56))
    assert_rgb(video.at(1.25), WHITE, (124, 36, 156, 56))
    # the small square shows only in [0.5, 1.0)
    assert_rgb(video.at(0.25), RED, (2, 2, 18, 18))
    assert_rgb(video.at(0.75), WHITE, (2, 2, 18, 18))
    assert_rgb(video.at(1.0), RED, (2, 2, 18, 18))
    assert result.poster is not None and result.poster.stat().st_size > 0  # default: middle of scene 1


def test_preview_and_webm_and_gif(tmp_path: Path) -> None:
    text = {"type": "text", "id": "t", "text": "Hi", "x": 0, "y": 0, "width": "100%", "height": "100%",
            "align": "center", "valign": "middle", "color": "#ffffff", "font": {"family": "DejaVu Sans", "size": 200}}
    timeline = make_timeline([scene(0, 0.5, RED, layers=[text])], duration=0.5, width=1920, height=1080, fps=10)
    preview = render_timeline(timeline, tmp_path / "p.mp4", quality="preview")
    video = decode(preview.path)
    assert (video.width, video.height, len(video.frames)) == (1280, 720, 5)
    # laid out again at 720p, not downscaled: the text is there, centred, in proportion
    frame = video.frames[2]
    white = np.argwhere(frame.min(axis=2) > 200)
    assert white.size and abs(white[:, 1].mean() - 640) < 40 and abs(white[:, 0].mean() - 360) < 40
    small = make_timeline([scene(0, 1, RED), scene(1, 1, BLUE)], duration=2, width=640, height=360, fps=30)
    webm = decode(render_timeline(small, tmp_path / "o.webm", format="webm", quality="preview").path)
    assert webm.codec == "vp9" and len(webm.frames) == 60
    assert_rgb(webm.at(0.5), RED)
    assert_rgb(webm.at(1.5), BLUE)
    gif = render_timeline(small, tmp_path / "o.gif", format="gif")
    decoded = decode(gif.path)
    assert decoded.codec == "gif" and decoded.width == 480 and gif.fps == 15 and len(decoded.frames) == 30
    assert_rgb(decoded.at(0.5), RED)
    assert_rgb(decoded.at(1.5), BLUE)


def test_cancelling_mid_render_leaves_no_file_and_no_thread(tmp_path: Path) -> None:
    timeline = make_timeline([scene(0, 5, RED)], duration=5, width=320, height=180, fps=30)
    polls = 0

    def cancelled() -> bool:
        nonlocal polls
        polls += 1
        return polls > 25

    out, poster = tmp_path / "c.mp4", tmp_path / "c.jpg"
    with pytest.raises(JobCancelledError):
        render_timeline(timeline, out, poster=poster, poster_time=0.1, cancelled=cancelled)
    assert not out.exists() and not poster.exists()
    alive = [t.name for t in threading.enumerate() if t.name.startswith(("encode:", "soundtrack"))]
    assert alive == []


def test_bad_input_names_the_field(tmp_path: Path) -> None:
    missing = {"type": "image", "id": "photo", "src": str(tmp_path / "nope.png")}
    timeline = make_timeline([scene(0, 1, RED), scene(1, 1, BLUE, layers=[missing])], duration=2)
    with pytest.raises(ValidationError) as caught:
        render_timeline(timeline, tmp_path / "x.mp4")
    assert caught.value.details["errors"][0]["field"] == "scenes.1.layers.0.src"
    assert not (tmp_path / "x.mp4").exists()
    odd = make_timeline([scene(0, 1, RED)], duration=1, width=161)
    with pytest.raises(ValidationError) as caught:
        render_timeline(odd, tmp_path / "y.mp4")
    assert caught.value.details["errors"][0]["field"] == "width"


def test_black_is_the_default_background(tmp_path: Path) -> None:
    video = decode(render_timeline(make_timeline([], duration=0.2), tmp_path / "b.mp4").path)
    assert len(video.frames) == 4 and mean_rgb(video.frames[0]).max() < 20
    assert_rgb(video.frames[0], BLACK)
