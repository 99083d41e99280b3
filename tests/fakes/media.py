"""Tiny valid media for the fakes: a PNG of a given size with a plain background and a round subject, and a
short H.264/AAC MP4 (what the video vendors serve)."""

from __future__ import annotations

import functools
import io
import struct
import zlib

import av
import numpy as np


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(width: int, height: int, *, subject: tuple[int, int, int] = (220, 60, 40),
              background: tuple[int, int, int] = (255, 255, 255)) -> bytes:
    """An RGB PNG: `background` everywhere but a filled disc of `subject` colour in the middle."""
    yy, xx = np.mgrid[0:height, 0:width]
    radius = min(width, height) * 0.3
    inside = (xx - width / 2) ** 2 + (yy - height / 2) ** 2 <= radius ** 2
    pixels = np.empty((height, width, 3), np.uint8)
    pixels[:] = background
    pixels[inside] = subject
    raw = b"".join(b"\x00" + row.tobytes() for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")


NOT_AN_IMAGE = b"<!doctype html><html><body>upstream proxy error</body></html>"


def speech_bytes(text: str, *, voice: str = "espeak-en", fmt: str = "mp3",
                 sample_rate: int | None = None) -> tuple[bytes, list[tuple[str, float, float]], float]:
    """Real speech of `text` from the local engine, encoded as `fmt` (mp3, wav, pcm = 16-bit LE mono at
    `sample_rate`): (bytes, written words with their times, duration in seconds)."""
    import tempfile
    from pathlib import Path

    from media_service.engines.audio import resample, save_audio
    from media_service.engines.audio.models import Encoding
    from media_service.engines.speech import synthesize

    speech = synthesize(text, voice)
    rate = sample_rate or speech.sample_rate
    samples = resample(speech.samples[np.newaxis, :] * 0.8, speech.sample_rate, rate)
    words = [(w.text, w.start, w.end) for w in speech.words]
    if fmt == "pcm":
        pcm = (np.clip(samples[0], -1, 1) * 32767).astype("<i2").tobytes()
        return pcm, words, speech.duration
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"speech.{fmt}"
        save_audio(samples, path, sample_rate=rate, encoding=Encoding(format=fmt))  # type: ignore[arg-type]
        return path.read_bytes(), words, speech.duration


@functools.cache
def mp4_bytes(width: int = 64, height: int = 112, seconds: float = 1.0, *, fps: int = 24, audio: bool = True,
              tone_hz: float = 440.0, shade: int = 0) -> bytes:
    """A small valid H.264/AAC MP4: a colour (green channel `shade`) that drifts frame by frame and (with
    `audio`) a quiet sine tone."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "ultrafast"}
        sound = out.add_stream("aac", rate=48000) if audio else None
        frames = max(1, round(seconds * fps))
        for i in range(frames):
            pixels = np.zeros((height, width, 3), np.uint8)
            pixels[:] = (40 + (i * 5) % 200, shade % 256, 160)
            out.mux(video.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")))
        out.mux(video.encode())
        if sound is not None:
            rate, total, pts = 48000, round(seconds * 48000), 0
            while pts < total:
                n = min(1024, total - pts)
                t = (np.arange(pts, pts + n) / rate).astype(np.float32)
                samples = (0.2 * np.sin(2 * np.pi * tone_hz * t)).astype(np.float32).reshape(1, -1)
                frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
                frame.sample_rate, frame.pts = rate, pts
                out.mux(sound.encode(frame))
                pts += n
            out.mux(sound.encode())
    return buffer.getvalue()


def catalogue_words(query: str) -> str:
    """A page slug from a query, the way stock sites name their pages (`ocean-waves`)."""
    return "-".join(w for w in "".join(c if c.isalnum() else " " for c in query.lower()).split()) or "untitled"


def catalogue_id(query: str, index: int) -> int:
    """A stable id for the `index`-th result of `query`."""
    return (zlib.crc32(query.lower().encode()) % 900_000) * 100 + 100_000_000 + index


DURATIONS = (4, 12, 2, 20, 7, 15, 3, 9)
"""Durations (s) of the fakes' videos in result order: some shorter than a typical 3–5 s minimum."""


@functools.cache
def music_mp3(seconds: float = 4.0, *, bpm: float = 120.0, tone_hz: float = 330.0) -> bytes:
    """A small valid MP3 (44.1 kHz stereo) of a soft tone with a click on every beat: what music fakes serve."""
    rate = 44_100
    t = np.arange(round(seconds * rate)) / rate
    samples = 0.15 * np.sin(2 * np.pi * tone_hz * t)
    beat = (t % (60.0 / bpm)) < 0.01
    samples[beat] += 0.4 * np.sin(2 * np.pi * 1500 * t[beat])
    stereo = np.stack([samples, samples]).astype(np.float32)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp3") as out:
        stream = out.add_stream("mp3", rate=rate)
        stream.layout = "stereo"
        for start in range(0, stereo.shape[1], 1152):
            block = np.ascontiguousarray(stereo[:, start:start + 1152])
            frame = av.AudioFrame.from_ndarray(block, format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


@functools.cache
def gif_bytes(width: int = 96, height: int = 64, frames: int = 10, *, fps: int = 10) -> bytes:
    """A small looping animated GIF: a square that moves left to right over a blue ground, one step a frame."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="gif") as out:
        stream = out.add_stream("gif", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "rgb8"
        side = max(4, height // 3)
        for i in range(frames):
            pixels = np.zeros((height, width, 3), np.uint8)
            pixels[:] = (30, 60, 200)
            left = round(i * (width - side) / max(1, frames - 1))
            pixels[height // 3:height // 3 + side, left:left + side] = (250, 220, 40)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24").reformat(format="rgb8")
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return buffer.getvalue()
