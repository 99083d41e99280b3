"""GIF: size and frame rate capped, one palette, colours and timing as drawn."""

from __future__ import annotations

from pathlib import Path

import av

from media_service.engines.encode import render_frames

from .helpers import assert_color, color_of, draw_solid
from tests.mediagen import decode


def _frame_times(path: Path) -> list[float]:
    with av.open(str(path)) as container:
        return [float(frame.time) for frame in container.decode(video=0)]


def test_gif_is_capped_at_480_wide_and_15_fps_with_the_colours_drawn(tmp_path: Path) -> None:
    drawn: list[float] = []

    def draw(canvas, index, t):  # type: ignore[no-untyped-def]
        drawn.append(t)
        draw_solid(canvas, index, t)

    result = render_frames(draw, tmp_path / "clip.gif", width=960, height=540, fps=30, frames=60, format="gif")
    out = decode(result.path)
    assert out.codec == "gif"
    assert (out.width, out.height) == (480, 270) == (result.width, result.height)
    assert len(out.frames) == 30 == len(drawn) == result.frames  # 2 s at 15 fps: half the frames are drawn
    assert drawn[:3] == [0.0, 1 / 15, 2 / 15]
    times = _frame_times(result.path)
    assert abs(times[-1] + 1 / 15 - 2.0) <= 0.02  # GIF delays are centiseconds
    assert len(out.frames) / 2.0 <= 15
    for index, frame in enumerate(out.frames):
        assert_color(frame, color_of(index), tolerance=10)


def test_a_small_slow_gif_is_left_as_it_is_and_preview_caps_harder(tmp_path: Path) -> None:
    small = render_frames(draw_solid, tmp_path / "small.gif", width=200, height=100, fps=10, frames=10, format="gif")
    assert (small.width, small.height, small.fps, small.frames) == (200, 100, 10.0, 10)
    preview = render_frames(draw_solid, tmp_path / "preview.gif", width=960, height=540, fps=30, frames=30,
                            format="gif", quality="preview")
    out = decode(preview.path)
    assert (out.width, out.height, len(out.frames)) == (320, 180, 10)


def test_a_gradient_survives_the_palette(tmp_path: Path) -> None:
    """256 colours chosen for the clip: a smooth ramp stays within a few levels after dithering."""
    import numpy as np
    import skia

    def ramp(canvas: skia.Canvas, index: int, t: float) -> None:
        shader = skia.GradientShader.MakeLinear([(0, 0), (320, 0)], [0xFF000000, 0xFFFFFFFF])
        canvas.drawPaint(skia.Paint(Shader=shader))

    out = decode(render_frames(ramp, tmp_path / "ramp.gif", width=320, height=60, fps=10, frames=3,
                               format="gif").path)
    row = out.frames[1][20:40].mean(axis=0)[:, 0]  # red channel, averaged over 20 rows
    expected = np.linspace(0, 255, 320)
    assert np.abs(row[8:-8] - expected[8:-8]).max() < 12
