"""Sticker cut-out on generated pictures: alpha outside the subject, the white outline, the shadow, trimming."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from media_service.engines.image import StickerOptions, cut_sticker, load_rgba
from media_service.engines.scene import render_to_file
from media_service.errors import ValidationError

RED = (214, 40, 40)


def _character(path: Path, *, background: str = "#ffffff", alpha: bool = False) -> Path:
    """A red disc with two white eyes on a plain background (or on transparency)."""
    render_to_file({"canvas": {"width": 400, "height": 400, **({} if alpha else {"bg_color": background})},
                    "layers": [
                        {"id": "body", "type": "shape", "shape": "ellipse", "x": 200, "y": 200, "anchor": "center",
                         "width": 200, "height": 200, "fill": "#d62828"},
                        {"id": "eye", "type": "shape", "shape": "ellipse", "x": 170, "y": 180, "anchor": "center",
                         "width": 30, "height": 30, "fill": "#ffffff"}]}, path)
    return path


def test_subject_is_cut_out_with_outline_and_shadow(tmp_path: Path) -> None:
    info = cut_sticker(_character(tmp_path / "c.png"), tmp_path / "s.png")
    px = load_rgba(info.path).astype(int)
    alpha = px[..., 3]
    h, w = alpha.shape
    assert info.background == (255, 255, 255) and info.mime == "image/png"
    # trimmed: the picture ends where the sticker (outline + shadow) ends
    assert alpha[0].max() > 0 and alpha[:, 0].max() > 0 and alpha[-1].max() > 0 and alpha[:, -1].max() > 0
    assert w < 400 and h < 400
    # transparent outside: the corners of the bounding box of a round sticker
    assert alpha[0, 0] == alpha[0, -1] == alpha[-1, 0] == alpha[-1, -1] == 0
    # the subject is opaque red in the middle; the white eye inside it is kept
    cy, cx = np.argwhere((px[..., 0] > 180) & (px[..., 1] < 80) & (alpha == 255)).mean(axis=0).astype(int)
    assert tuple(px[cy, cx, :3]) == RED and alpha[cy, cx] == 255
    row = px[cy]
    red = np.flatnonzero((row[:, 0] > 180) & (row[:, 1] < 80) & (row[:, 3] == 255))
    left, right = red.min(), red.max()
    # outline: opaque white just outside the subject on both sides, about 2.5 % of 200 px = 5 px wide
    for x in (left - 3, right + 3):
        assert row[x, 3] == 255 and min(row[x, :3]) >= 250
    # beyond the outline: fading shadow, then nothing
    assert 0 < row[right + 9, 3] < 200 and row[right + 9, 0] < 60
    assert row[max(0, left - 40), 3] == 0 or left - 40 < 0
    eye = np.argwhere((px[..., :3].min(axis=2) > 250) & (alpha == 255))
    assert any(left + 5 < x < right - 5 for _, x in eye)  # white inside the subject survived


def test_pictures_with_transparency_keep_their_alpha(tmp_path: Path) -> None:
    info = cut_sticker(_character(tmp_path / "c.png", alpha=True), tmp_path / "s.webp", StickerOptions(format="webp"))
    assert info.background is None and info.mime == "image/webp"
    assert (tmp_path / "s.webp").read_bytes()[8:12] == b"WEBP"
    alpha = load_rgba(info.path)[..., 3]
    assert alpha[0, 0] == 0 and alpha.max() == 255


def test_any_plain_background_colour(tmp_path: Path) -> None:
    info = cut_sticker(_character(tmp_path / "c.png", background="#2e7d32"), tmp_path / "s.png")
    px = load_rgba(info.path).astype(int)
    assert info.background == (46, 125, 50)
    assert not ((abs(px[..., 0] - 46) < 10) & (abs(px[..., 1] - 125) < 10) & (px[..., 3] > 0)).any()


def test_a_plain_picture_has_no_subject(tmp_path: Path) -> None:
    render_to_file({"canvas": {"width": 64, "height": 64, "bg_color": "#ffffff"}, "layers": []}, tmp_path / "p.png")
    with pytest.raises(ValidationError) as caught:
        cut_sticker(tmp_path / "p.png", tmp_path / "s.png")
    assert caught.value.errors[0]["field"] == "source"
