"""Transitions midway: both scenes are on screen where, and as much as, each kind says.

Scene A (red) runs 0–2 s; scene B (blue) enters at 1.5 s over 1 s with linear easing, so at 1.75 s the
transition is a quarter through, at 2.0 s half-way and from 2.5 s on B is alone. Frames are 160x90 at 20 fps
(one every 0.05 s).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from media_service.engines.video import render_timeline

from .helpers import BLACK, BLUE, RED, assert_rgb, make_timeline, scene
from tests.mediagen import decode, Decoded


def _render(tmp_path: Path, kind: str, *, start: float = 1.5) -> Decoded:
    timeline = make_timeline([
        scene(0, 2, RED),
        scene(start, 3.0 - start, BLUE, transitionIn={"type": kind, "duration": 1.0, "easing": "linear"}),
    ], duration=3.0, background=BLACK)
    return decode(render_timeline(timeline, tmp_path / f"{kind}.mp4", preset="ultrafast", crf=10).path)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], amount: float) -> tuple[float, float, float]:
    return (a[0] + (b[0] - a[0]) * amount, a[1] + (b[1] - a[1]) * amount, a[2] + (b[2] - a[2]) * amount)


def test_crossfade_half_way_is_an_even_mix(tmp_path: Path) -> None:
    video = _render(tmp_path, "crossfade")
    assert_rgb(video.at(1.4), RED)
    assert_rgb(video.at(1.75), _mix(RED, BLUE, 0.25))
    assert_rgb(video.at(2.0), _mix(RED, BLUE, 0.5))
    assert_rgb(video.at(2.6), BLUE)


def test_fade_goes_through_the_background(tmp_path: Path) -> None:
    video = _render(tmp_path, "fade")
    assert_rgb(video.at(1.75), _mix(BLACK, RED, 0.5))   # the old scene half faded out
    assert_rgb(video.at(2.0), BLACK)                      # half-way: only the background
    assert_rgb(video.at(2.25), _mix(BLACK, BLUE, 0.5))  # the new scene half faded in


@pytest.mark.parametrize(("kind", "old_box", "new_box"), [
    # a quarter through: the seam has moved 40 px (of 160) or 22 px (of 90)
    ("slide-left", (90, 10, 116, 80), (124, 10, 156, 80)),
    ("slide-right", (44, 10, 156, 80), (4, 10, 36, 80)),
    ("slide-up", (10, 4, 150, 64), (10, 72, 150, 88)),
    ("slide-down", (10, 26, 150, 88), (10, 2, 150, 18)),
    ("wipe", (44, 10, 156, 80), (4, 10, 36, 80)),
])
def test_moving_seams(tmp_path: Path, kind: str, old_box: tuple[int, int, int, int],
                      new_box: tuple[int, int, int, int]) -> None:
    video = _render(tmp_path, kind)
    quarter = video.at(1.75)
    assert_rgb(quarter, RED, old_box)
    assert_rgb(quarter, BLUE, new_box)
    assert_rgb(video.at(1.4), RED)
    assert_rgb(video.at(2.6), BLUE)


def test_slides_push_the_old_scene_out_exactly(tmp_path: Path) -> None:
    """At half-way the seam is on the middle column: no blended column, no gap."""
    frame = _render(tmp_path, "slide-left").at(2.0)
    row = frame[45].astype(int)
    assert abs(row[70:78] - RED).max() <= 20 and abs(row[82:90] - BLUE).max() <= 20


def test_zoom_grows_the_new_scene_from_the_centre(tmp_path: Path) -> None:
    frame = _render(tmp_path, "zoom").at(2.0)  # half-way: the new scene at 3/4 size, half opaque
    assert_rgb(frame, _mix(RED, BLUE, 0.5), (40, 25, 120, 65))
    assert_rgb(frame, RED, (0, 0, 14, 8))
    assert_rgb(frame, RED, (146, 82, 160, 90))


def test_none_cuts(tmp_path: Path) -> None:
    video = _render(tmp_path, "none", start=2.0)
    assert_rgb(video.at(1.95), RED)
    assert_rgb(video.at(2.0), BLUE)
