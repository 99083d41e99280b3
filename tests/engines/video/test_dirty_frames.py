"""Drawing only what changed and converting only the changed rows give the frames a full redraw gives.

Every format's example brief is drawn twice, frame by frame, at a quarter of its size: once the way
`render_timeline` draws (`TimelineDrawer.draw_frame` into a buffer that keeps the last frame, then
`FrameConverter.convert_rows` on the changed rows only), once redrawn and converted whole every frame.
The yuv420p planes are compared at several frames of every kind (unchanged, partly and fully redrawn).
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
import skia

from media_service.capabilities.render.briefs import FORMATS, compile_brief, example_brief
from media_service.engines.encode.convert import FrameConverter
from media_service.engines.scene import merge_rows
from media_service.engines.video import TimelineDrawer

MIN_PSNR = 45.0


class _Buffer:
    """A BGRA frame a canvas draws into (as the sink's) and its converter."""

    def __init__(self, width: int, height: int) -> None:
        self.frame = av.VideoFrame(width, height, "bgra")
        plane = self.frame.planes[0]
        info = skia.ImageInfo.Make(width, height, skia.kBGRA_8888_ColorType, skia.kPremul_AlphaType)
        self.surface = skia.Surface.MakeRasterDirect(info, plane, plane.line_size)
        self.converter = FrameConverter(width=width, height=height, source_format="bgra", target_format="yuv420p",
                                        time_base=Fraction(1, 30))


def _yuv(frame: av.VideoFrame) -> np.ndarray:
    return frame.to_ndarray()


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


@pytest.mark.parametrize("format_id", sorted(FORMATS))
def test_changed_rows_path_matches_a_full_redraw(format_id: str) -> None:
    timeline = compile_brief(example_brief(format_id))
    width, height = timeline.width // 4 // 2 * 2, timeline.height // 4 // 2 * 2
    dirty, full = _Buffer(width, height), _Buffer(width, height)
    dirty_drawer = TimelineDrawer(timeline, size=(width, height))
    full_drawer = TimelineDrawer(timeline, size=(width, height))
    count = round(timeline.duration * timeline.fps)
    kinds: dict[str, list[int]] = {"same": [], "rows": [], "whole": []}
    worst = float("inf")
    for index in range(count):
        t = index / timeline.fps
        rows = dirty_drawer.draw_frame(dirty.surface.getCanvas(), t)
        converted = dirty.converter.convert_rows(dirty.frame, index, rows)
        kinds["whole" if rows is None else "rows" if rows else "same"].append(index)
        full_drawer.draw(full.surface.getCanvas(), t)
        if index % 9 and index != count - 1:
            continue
        expected = full.converter.convert(full.frame, index)
        worst = min(worst, psnr(_yuv(converted), _yuv(expected)))
        assert worst >= MIN_PSNR, f"{format_id} frame {index} ({len(rows or [])} bands): PSNR {worst:.1f} dB"
    # Partial redraws and whole ones (cuts, transitions) in every brief (a progress element moves on every
    # frame of most formats, so frames with nothing changed are not guaranteed).
    assert kinds["rows"] and kinds["whole"], {k: len(v) for k, v in kinds.items()}


def test_converting_bands_equals_converting_the_whole_frame() -> None:
    width, height = 96, 128
    rng = np.random.default_rng(3)
    buffer = _Buffer(width, height)
    pixels = np.frombuffer(memoryview(buffer.frame.planes[0]), np.uint8).reshape(height, -1)[:, : width * 4]
    pixels[...] = rng.integers(0, 256, (height, width * 4), dtype=np.uint8)
    pixels[:, 3::4] = 255
    reference = FrameConverter(width=width, height=height, source_format="bgra", target_format="yuv420p",
                               time_base=Fraction(1, 30))
    buffer.converter.convert_rows(buffer.frame, 0, None)
    for step, bands in enumerate(([(0, 6)], [(40, 42), (100, 128)], [], [(62, 90)], [(2, 4), (126, 128)])):
        for top, bottom in bands:
            pixels[top:bottom] = rng.integers(0, 256, (bottom - top, width * 4), dtype=np.uint8)
            pixels[top:bottom, 3::4] = 255
        converted = buffer.converter.convert_rows(buffer.frame, step + 1, merge_rows(
            [skia.IRect.MakeLTRB(0, top, width, bottom) for top, bottom in bands], height))
        expected = reference.convert(buffer.frame, step + 1)
        assert np.array_equal(converted.to_ndarray(), expected.to_ndarray()), f"bands {bands}"
