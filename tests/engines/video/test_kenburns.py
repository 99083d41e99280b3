"""Ken Burns: the picture zooms and pans inside a box that stays put."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import skia

from media_service.engines.video import render_timeline

from .helpers import BLACK, make_timeline, scene
from tests.mediagen import decode, Decoded


def _target(path: Path) -> Path:
    """A 320x180 picture: black, with a white 40x40 square in the middle and a red one near the top left."""
    surface = skia.Surface(320, 180)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorBLACK)
    canvas.drawRect(skia.Rect.MakeXYWH(140, 70, 40, 40), skia.Paint(Color=skia.ColorWHITE))
    canvas.drawRect(skia.Rect.MakeXYWH(40, 20, 20, 20), skia.Paint(Color=skia.ColorRED))
    surface.makeImageSnapshot().save(str(path))
    return path


def _white_width(frame: np.ndarray, row: int) -> int:
    return int((frame[row].min(axis=1) > 180).sum())


def _render(tmp_path: Path, layer: dict[str, object]) -> Decoded:
    timeline = make_timeline([scene(0, 2, BLACK, layers=[layer])], duration=2, width=320, height=180, fps=10)
    return decode(render_timeline(timeline, tmp_path / "kb.mp4", crf=10).path)


def test_zoom_in_on_the_centre_doubles_the_square(tmp_path: Path) -> None:
    photo = _target(tmp_path / "target.png")
    video = _render(tmp_path, {"type": "image", "id": "photo", "src": str(photo),
                               "kenBurns": {"from": {"scale": 1.0}, "to": {"scale": 2.0}}})
    widths = [_white_width(video.frames[k], 90) for k in (0, 10, 19)]
    assert abs(widths[0] - 40) <= 3, widths
    assert abs(widths[1] - 60) <= 4, widths                  # linear: scale 1.5 half-way through
    assert abs(widths[2] - 78) <= 5, widths                  # 1.95 at the last frame
    assert widths[0] < widths[1] < widths[2]
    centre = np.argwhere(video.frames[19][90].min(axis=1) > 180)[:, 0].mean()
    assert abs(centre - 160) <= 2                            # zoomed about the middle


def test_the_view_pans_to_the_focus_and_the_box_clips(tmp_path: Path) -> None:
    photo = _target(tmp_path / "target.png")
    layer = {"type": "image", "id": "photo", "src": str(photo), "x": 80, "y": 45, "width": 160, "height": 90,
             "kenBurns": {"from": {"scale": 1.0}, "to": {"scale": 2.0, "focus": [0.0, 0.0]}, "duration": 1.0}}
    video = _render(tmp_path, layer)
    start, end = video.frames[0], video.frames[15]
    # at the start the whole picture is fitted into the box (half size): the red square at (100, 55)
    assert start[60, 105, 0] > 150 and start[60, 105, 1] < 90
    # after the move: the top-left quarter fills the box at 2x: the red square at (120, 65)..(140, 85)
    assert end[75, 130, 0] > 150 and end[75, 130, 1] < 90
    # and nothing is drawn outside the box
    assert end[:40].max() < 30 and end[:, :76].max() < 30 and end[140:].max() < 30
