"""MP4 and WebM: what a player decodes is what was drawn, at the right size, rate and length."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import skia

from media_service.engines.encode import open_video, render_frames, resolve_settings

from .helpers import (
    argb,
    assert_color,
    color_of,
    draw_solid,
    top_level_boxes,
)
from tests.mediagen import decode


@pytest.mark.parametrize(("fmt", "codec"), [("mp4", "h264"), ("webm", "vp9")])
def test_every_frame_decodes_in_order_with_its_colour(tmp_path: Path, fmt: str, codec: str) -> None:
    result = render_frames(draw_solid, tmp_path / f"solid.{fmt}", width=192, height=108, fps=30, frames=45,
                           format=fmt, quality="production", preset="ultrafast" if fmt == "mp4" else "8")
    out = decode(result.path)
    assert out.codec == codec
    assert (out.width, out.height) == (192, 108)
    assert out.rate == 30
    assert len(out.frames) == 45 == result.frames
    assert abs(out.duration - 1.5) <= 1 / 30
    for index, frame in enumerate(out.frames):
        assert_color(frame, color_of(index))
    assert result.size_bytes == result.path.stat().st_size > 0
    assert (result.width, result.height, result.fps, result.duration_seconds) == (192, 108, 30.0, 1.5)


def test_mp4_is_h264_yuv420p_with_the_moov_box_before_the_media(tmp_path: Path) -> None:
    result = render_frames(draw_solid, tmp_path / "fast.mp4", width=160, height=90, fps=25, frames=25)
    boxes = top_level_boxes(result.path)
    assert "moov" in boxes and "mdat" in boxes
    assert boxes.index("moov") < boxes.index("mdat"), boxes
    import av

    with av.open(str(result.path)) as container:
        ctx = container.streams.video[0].codec_context
        assert (ctx.name, ctx.pix_fmt) == ("h264", "yuv420p")


def test_drawing_lands_where_it_was_drawn(tmp_path: Path) -> None:
    def halves(canvas: skia.Canvas, index: int, t: float) -> None:
        canvas.drawRect(skia.Rect.MakeXYWH(0, 0, 160, 180), skia.Paint(Color=argb(color_of(0))))
        canvas.drawRect(skia.Rect.MakeXYWH(160, 0, 160, 180), skia.Paint(Color=argb(color_of(2))))

    result = render_frames(halves, tmp_path / "halves.mp4", width=320, height=180, fps=30, frames=3)
    frame = decode(result.path).frames[1]
    assert_color(frame, color_of(0), box=(20, 20, 140, 160))
    assert_color(frame, color_of(2), box=(180, 20, 300, 160))


def test_a_capped_output_keeps_the_design_coordinates(tmp_path: Path) -> None:
    """Drawn in 640x360 units, written at 320x180: the right half is still the right half."""
    def right_half(canvas: skia.Canvas, index: int, t: float) -> None:
        canvas.drawRect(skia.Rect.MakeXYWH(320, 0, 320, 360), skia.Paint(Color=argb(color_of(1))))

    result = render_frames(right_half, tmp_path / "small.mp4", width=640, height=360, fps=30, frames=3,
                           max_width=320, background=argb(color_of(4)))
    out = decode(result.path)
    assert (out.width, out.height) == (320, 180)
    assert_color(out.frames[0], color_of(4), box=(10, 10, 150, 170))
    assert_color(out.frames[0], color_of(1), box=(170, 10, 310, 170))


def test_preview_caps_the_short_side_at_720_and_uses_the_fastest_preset(tmp_path: Path) -> None:
    settings = resolve_settings(width=1920, height=1080, fps=30, quality="preview")
    assert (settings.width, settings.height, settings.video_options["preset"]) == (1280, 720, "ultrafast")
    portrait = resolve_settings(width=1080, height=1920, fps=30, quality="preview")
    assert (portrait.width, portrait.height) == (720, 1280)
    production = resolve_settings(width=1920, height=1080, fps=30)
    assert (production.width, production.video_options) == (1920, {"preset": "medium", "crf": "23"})
    result = render_frames(draw_solid, tmp_path / "preview.mp4", width=1280, height=960, fps=30, frames=4,
                           quality="preview")
    out = decode(result.path)
    assert (out.width, out.height, len(out.frames)) == (960, 720, 4)
    assert_color(out.frames[3], color_of(3))


def test_ntsc_rate_is_kept_exact(tmp_path: Path) -> None:
    result = render_frames(draw_solid, tmp_path / "ntsc.mp4", width=160, height=90, fps="30000/1001", frames=30,
                           preset="ultrafast")
    out = decode(result.path)
    assert out.rate == Fraction(30000, 1001)
    assert len(out.frames) == 30
    assert abs(out.duration - 30 * 1001 / 30000) <= 1001 / 30000


def test_a_frame_drawn_without_clearing_keeps_the_previous_pixels(tmp_path: Path) -> None:
    """The sink reuses one buffer: `clear=None` lets a drawer repaint only what changed."""
    with open_video(tmp_path / "incremental.mp4", width=320, height=180, fps=30, preset="ultrafast") as sink:
        canvas = sink.begin_frame(clear=argb(color_of(0)))
        sink.submit()
        canvas = sink.begin_frame(clear=None)
        canvas.drawRect(skia.Rect.MakeXYWH(160, 0, 160, 180), skia.Paint(Color=argb(color_of(2))))
        sink.submit()
    frames = decode(tmp_path / "incremental.mp4").frames
    assert_color(frames[1], color_of(0), box=(20, 20, 140, 160))
    assert_color(frames[1], color_of(2), box=(180, 20, 300, 160))


def test_numpy_frames_can_be_written_directly(tmp_path: Path) -> None:
    with open_video(tmp_path / "arrays.mp4", width=160, height=90, fps=30, preset="ultrafast") as sink:
        for index in range(5):
            sink.write_frame(np.full((90, 160, 3), color_of(index), np.uint8))
    assert sink.result is not None and sink.result.frames == 5
    for index, frame in enumerate(decode(sink.result.path).frames):
        assert_color(frame, color_of(index))
