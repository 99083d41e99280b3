"""Segments for the assembly tests: H.264 + AAC clips drawn with moving content, and tone WAVs."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import skia

from media_service.engines.encode import AudioArray, render_frames

RATE = 48_000


def tone(freq: float, seconds: float, amplitude: float = 0.1) -> np.ndarray:
    """A stereo sine, float32 (2, n) at 48 kHz."""
    t = np.arange(round(seconds * RATE)) / RATE
    return np.repeat((amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)[None], 2, axis=0)


def make_segment(path: Path, *, size: tuple[int, int] = (72, 128), fps: int = 24, seconds: float = 1.0,
                 freq: float | None = 440.0, shade: int = 40, preset: str | None = None) -> Path:
    """An MP4 segment: a moving white square over a `shade` background, a sine at `freq` (None: no audio)."""
    width, height = size
    audio = AudioArray(tone(freq, seconds), RATE) if freq is not None else None

    def draw(canvas: skia.Canvas, index: int, t: float) -> None:
        canvas.clear(skia.ColorSetRGB(shade, 90, 160))
        side = width / 6
        canvas.drawRect(skia.Rect.MakeXYWH((index * 3) % (width - side), height / 3, side, side),
                        skia.Paint(Color=skia.ColorWHITE))

    render_frames(draw, path, width=width, height=height, fps=fps, duration_seconds=seconds, audio=audio,
                  preset=preset)
    return path


def write_tone_wav(path: Path, freq: float, seconds: float, amplitude: float = 0.1) -> Path:
    """A stereo float WAV sine."""
    samples = tone(freq, seconds, amplitude)
    with av.open(str(path), "w", format="wav") as out:
        stream = out.add_stream("pcm_f32le", rate=RATE, layout="stereo")
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples.T.reshape(1, -1)), format="flt",
                                           layout="stereo")
        frame.sample_rate = RATE
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def video_packets(path: Path) -> list[bytes]:
    """Every video packet's bytes, in file order."""
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(container.streams.video[0]) if p.dts is not None]


def frame_sizes(path: Path) -> tuple[set[tuple[int, int]], int, Fraction]:
    """The decoded frames' sizes, how many decoded and the stream's frame rate."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [(f.width, f.height) for f in container.decode(stream)]
        return set(frames), len(frames), Fraction(stream.average_rate or 0)


def band_level_db(samples: np.ndarray, freq: float, start: float, end: float) -> float:
    """Level (dB) of the `freq` component of channel 0 between `start` and `end` seconds (Hann-windowed FFT)."""
    part = samples[0, round(start * RATE):round(end * RATE)]
    spectrum = np.abs(np.fft.rfft(part * np.hanning(part.size)))
    bins = np.fft.rfftfreq(part.size, 1 / RATE)
    near = np.abs(bins - freq) < 15
    return float(20 * np.log10(np.sqrt(np.sum(spectrum[near] ** 2)) + 1e-12))
