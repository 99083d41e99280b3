"""Test helpers: timelines of flat colours, clips whose frames encode their index, tones, and decoding what
the renderer wrote (frames as RGB with their times, stream facts, the sound). All media is made here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import numpy as np

from media_service.engines.video import Timeline, load_timeline
from tests.engines.encode.helpers import mean_rgb
from tests.mediagen import tone

# Seven well-separated colours: clip frame i is COLORS[i % 7], so the frame a video layer shows is readable.
COLORS: list[tuple[int, int, int]] = [
    (220, 40, 40), (40, 190, 60), (40, 70, 220), (235, 200, 40), (200, 50, 200), (40, 200, 210), (245, 245, 245),
]
RED, GREEN, BLUE, WHITE, BLACK = (220, 40, 40), (40, 190, 60), (40, 70, 220), (255, 255, 255), (0, 0, 0)
TOLERANCE = 16  # 8-bit RGB after yuv420p limited range and lossy coding of flat colours
RATE = 48_000


def hex_color(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def scene(start: float, duration: float, color: tuple[int, int, int], **extra: Any) -> dict[str, Any]:
    """A scene filled with one colour."""
    return {"start": start, "duration": duration, "background": hex_color(color), **extra}


def make_timeline(scenes: list[dict[str, Any]], *, duration: float, width: int = 160, height: int = 90,
                  fps: float = 20, background: tuple[int, int, int] = BLACK, **extra: Any) -> Timeline:
    return load_timeline({"width": width, "height": height, "fps": fps, "duration": duration,
                          "background": hex_color(background), "scenes": scenes, **extra})


def close_to(actual: np.ndarray, expected: tuple[float, float, float], tolerance: float = TOLERANCE) -> bool:
    return bool(np.abs(np.asarray(actual) - np.asarray(expected)).max() <= tolerance)


def assert_rgb(frame: np.ndarray, expected: tuple[float, float, float], box: tuple[int, int, int, int] | None = None,
               tolerance: float = TOLERANCE) -> None:
    got = mean_rgb(frame, box)
    assert close_to(got, expected, tolerance), f"expected {expected}, got {got.round(1)} in {box}"


def make_clip(path: Path, *, seconds: float, fps: int = 10, size: tuple[int, int] = (64, 36),
              tone_hz: float | None = None) -> Path:
    """An MP4 whose frame i is filled with COLORS[i % 7] (nearly lossless), with a sine track if asked."""
    width, height = size
    count = round(seconds * fps)
    with av.open(str(path), "w") as container:
        video = container.add_stream("libx264", rate=fps, options={"crf": "4", "preset": "ultrafast"})
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        audio = None
        if tone_hz is not None:
            audio = container.add_stream("aac", rate=RATE, layout="stereo")
        for i in range(count):
            rgb = np.empty((height, width, 3), np.uint8)
            rgb[:] = COLORS[i % len(COLORS)]
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            frame.pts = i
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if audio is not None:
            samples = tone(tone_hz or 440.0, seconds, amp=0.3, rate=RATE)
            for start in range(0, samples.shape[1], 1024):
                block = np.ascontiguousarray(samples[:, start:start + 1024])
                frame = av.AudioFrame.from_ndarray(block, format="fltp", layout="stereo")
                frame.sample_rate, frame.pts = RATE, start
                container.mux(audio.encode(frame))
            container.mux(audio.encode(None))
    return path


def band_level_db(samples: np.ndarray, rate: int, hz: float, start: float, end: float) -> float:
    """Level (dB, relative) of the `hz` component of the left channel between start and end seconds."""
    part = samples[0, round(start * rate):round(end * rate)].astype(np.float64)
    t = np.arange(part.size) / rate
    amplitude = 2 * abs(np.mean(part * np.exp(-2j * np.pi * hz * t)))
    return 20 * np.log10(max(amplitude, 1e-9))
