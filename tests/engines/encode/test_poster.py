"""Poster frames: from a finished video at a chosen time, or from the canvas while rendering."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import skia

from media_service.engines.encode import extract_poster, render_frames
from media_service.errors import ValidationError

from .helpers import assert_color, color_of, draw_solid


def _load(path: Path) -> np.ndarray:
    image = skia.Image.open(str(path))
    return np.asarray(image.toarray(colorType=skia.kRGBA_8888_ColorType))[:, :, :3]


def test_a_poster_is_the_frame_shown_at_the_chosen_time(tmp_path: Path) -> None:
    video = render_frames(draw_solid, tmp_path / "v.mp4", width=160, height=90, fps=30, frames=60,
                          preset="ultrafast").path
    for seconds, index in ((0.0, 0), (0.5, 15), (1.0, 30), (1.9, 57)):
        png = extract_poster(video, tmp_path / f"at-{seconds}.png", seconds=seconds)
        assert_color(_load(png), color_of(index))
    jpeg = extract_poster(video, tmp_path / "frame-40.jpg", frame=40)
    pixels = _load(jpeg)
    assert pixels.shape == (90, 160, 3)
    assert_color(pixels, color_of(40))
    past_the_end = extract_poster(video, tmp_path / "end.png", seconds=99)
    assert_color(_load(past_the_end), color_of(59))


def test_render_frames_saves_a_poster_on_the_way(tmp_path: Path) -> None:
    render_frames(draw_solid, tmp_path / "v.webm", width=160, height=90, fps=30, frames=30, format="webm",
                  poster=tmp_path / "poster.png", poster_seconds=0.5)
    assert_color(_load(tmp_path / "poster.png"), color_of(15), tolerance=0)


def test_a_poster_needs_a_picture_suffix(tmp_path: Path) -> None:
    video = render_frames(draw_solid, tmp_path / "v.mp4", width=160, height=90, fps=30, frames=2).path
    with pytest.raises(ValidationError):
        extract_poster(video, tmp_path / "poster.txt")
