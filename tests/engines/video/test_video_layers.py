"""Video layers: the clip's own frames, in step with the timeline, trimmed, looped, fitted into a box.

The clip's frame i is filled with COLORS[i % 7], so the colour a layer shows says which frame it is. The
clip and the timeline both run at 10 fps, so timeline frame k of a layer showing clip time c is clip frame
round(c * 10).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from media_service.engines.video import ClipSource, render_timeline
from media_service.errors import UnsupportedMediaError

from .helpers import BLACK, COLORS, assert_rgb, make_clip, make_timeline, scene
from tests.mediagen import decode, Decoded


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("clips") / "frames.mp4", seconds=3.0, fps=10)


def _render(tmp_path: Path, layer: dict[str, object], *, duration: float = 2.0) -> Decoded:
    timeline = make_timeline([scene(0, duration, BLACK, layers=[layer])], duration=duration, fps=10)
    return decode(render_timeline(timeline, tmp_path / "v.mp4", preset="ultrafast", crf=10).path)


def test_a_background_clip_plays_its_frames_in_step(tmp_path: Path, clip: Path) -> None:
    video = _render(tmp_path, {"type": "video", "id": "bg", "src": str(clip)})
    for k in range(0, 20, 3):
        assert_rgb(video.frames[k], COLORS[k % 7])


def test_trim_and_a_late_start(tmp_path: Path, clip: Path) -> None:
    """trimStart 0.5 s: the layer, appearing at 0.4 s, starts on clip frame 5."""
    video = _render(tmp_path, {"type": "video", "id": "bg", "src": str(clip), "trimStart": 0.5, "start": 0.4})
    assert_rgb(video.frames[2], BLACK)                      # before the layer starts
    for k in range(4, 20, 3):
        assert_rgb(video.frames[k], COLORS[(5 + k - 4) % 7])


def test_loop_inside_the_trim_window_and_hold_at_the_end(tmp_path: Path, clip: Path) -> None:
    looped = _render(tmp_path, {"type": "video", "id": "bg", "src": str(clip), "trimStart": 1.0, "trimEnd": 1.5,
                                "loop": True})
    expected = [10 + (k % 5) for k in range(20)]            # frames 10..14, again and again
    for k in (0, 3, 4, 5, 7, 12, 19):
        assert_rgb(looped.frames[k], COLORS[expected[k] % 7])
    held = _render(tmp_path, {"type": "video", "id": "bg", "src": str(clip), "trimStart": 2.5}, duration=1.5)
    assert_rgb(held.frames[2], COLORS[27 % 7])
    assert_rgb(held.frames[12], COLORS[29 % 7])            # past the clip's end: its last frame stays


def test_picture_in_picture_box_and_playback_rate(tmp_path: Path, clip: Path) -> None:
    # 50 px wide: the converted frames have padded rows (not a multiple of FFmpeg's line alignment)
    pip = {"type": "video", "id": "pip", "src": str(clip), "x": 100, "y": 50, "width": 50, "height": 27,
           "playbackRate": 2.0}
    video = _render(tmp_path, pip)
    for k in (1, 4, 6):
        frame = video.frames[k]
        assert_rgb(frame, COLORS[(2 * k) % 7], (104, 54, 146, 73))     # inside the box: clip frame 2k
        assert_rgb(frame, BLACK, (4, 4, 90, 86))                         # outside: the scene


def test_clip_source_seeks_only_when_needed(clip: Path) -> None:
    source = ClipSource(clip, size=(32, 18))
    assert source.duration == pytest.approx(3.0, abs=0.05) and (source.width, source.height) == (32, 18)
    first = source.frame_at(0.0)
    assert source.frame_at(0.04) is first                               # the same frame: converted once
    assert source.frame_at(1.0) is not first
    assert source.frame_at(0.2) is not None                             # behind: a seek back
    source.close()
    bad = clip.with_name("not-a-video.mp4")
    bad.write_bytes(b"definitely not a video")
    with pytest.raises(UnsupportedMediaError):
        ClipSource(bad)
