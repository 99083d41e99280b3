"""Test helpers: draw known colours, decode what was encoded, read MP4 box order. Media is made here."""

from __future__ import annotations

import struct
import threading
from pathlib import Path

import numpy as np
import skia

# Seven (a prime) well-separated colours: frame i is COLORS[i % 7], so a dropped, duplicated or shifted
# frame shows up as the wrong colour at a known index.
COLORS: list[tuple[int, int, int]] = [
    (220, 40, 40), (40, 190, 60), (40, 70, 220), (235, 200, 40), (200, 50, 200), (40, 200, 210), (245, 245, 245),
]
COLOR_TOLERANCE = 14  # 8-bit RGB after yuv420p limited range + CRF 23 on flat colours


def color_of(index: int) -> tuple[int, int, int]:
    return COLORS[index % len(COLORS)]


def argb(rgb: tuple[int, int, int]) -> int:
    return 0xFF000000 | (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]


def draw_solid(canvas: skia.Canvas, index: int, t: float) -> None:
    """The whole frame in `color_of(index)`."""
    canvas.drawColor(argb(color_of(index)))


def mean_rgb(frame: np.ndarray, box: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """Mean colour of (x0, y0, x1, y1), by default the middle half of the frame (away from chroma edges)."""
    h, w = frame.shape[:2]
    x0, y0, x1, y1 = box or (w // 4, h // 4, 3 * w // 4, 3 * h // 4)
    return frame[y0:y1, x0:x1].reshape(-1, 3).mean(axis=0)


def assert_color(frame: np.ndarray, expected: tuple[int, int, int], box: tuple[int, int, int, int] | None = None,
                 tolerance: float = COLOR_TOLERANCE) -> None:
    got = mean_rgb(frame, box)
    assert np.abs(got - np.array(expected)).max() <= tolerance, f"expected {expected}, got {got.round(1)}"


def top_level_boxes(path: Path) -> list[str]:
    """The ISO-BMFF top-level box types in file order (ftyp, moov, mdat, ...)."""
    boxes: list[str] = []
    data = path.read_bytes()
    offset = 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8:offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        boxes.append(kind.decode("latin-1"))
        if size < 8:
            raise AssertionError(f"corrupt box {kind!r} at {offset}")
        offset += size
    return boxes


def encoder_threads() -> list[threading.Thread]:
    """Live threads started by a video sink (they are named encode:<file name>)."""
    return [t for t in threading.enumerate() if t.name.startswith("encode:") and t.is_alive()]


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples)))) if samples.size else 0.0


def dominant_hz(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[int(np.argmax(spectrum))])
