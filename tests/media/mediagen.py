"""Synthetic media for the tests, generated with PyAV (no committed binaries)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np


def make_video(path: Path, *, seconds: float = 1.0, size: tuple[int, int] = (64, 48), fps: int = 10,
               audio: bool = True, video: bool = True) -> Path:
    """An MP4 (mpeg4 + AAC) with a brightness ramp and a 440 Hz tone; audio-only when video=False."""
    width, height = size
    with av.open(str(path), "w", format="mp4") as out:
        # All streams must exist before the first packet is muxed.
        vs = out.add_stream("mpeg4", rate=fps) if video else None
        aus = out.add_stream("aac", rate=48000) if audio else None
        if vs is not None:
            vs.width, vs.height, vs.pix_fmt = width, height, "yuv420p"
            for i in range(int(seconds * fps)):
                level = np.full((height, width, 3), (i * 25) % 256, np.uint8)
                frame = av.VideoFrame.from_ndarray(level, format="rgb24")
                for packet in vs.encode(frame):
                    out.mux(packet)
            for packet in vs.encode():
                out.mux(packet)
        if aus is not None:
            _encode_tone(out, aus, seconds, 48000, 2)
    return path


def _encode_tone(out: av.container.OutputContainer, stream: av.audio.stream.AudioStream, seconds: float,
                 rate: int, channels: int) -> None:
    total = int(seconds * rate)
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(total) / rate)).astype(np.float32)
    step = stream.codec_context.frame_size or 1024
    for start in range(0, total, step):
        chunk = np.ascontiguousarray(np.tile(tone[start:start + step], (channels, 1)))
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo" if channels == 2 else "mono")
        frame.sample_rate, frame.pts = rate, start
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def make_wav(path: Path, *, seconds: float = 0.5, rate: int = 16000) -> Path:
    """A mono 16-bit PCM WAV sine."""
    samples = (np.sin(2 * np.pi * 220 * np.arange(int(seconds * rate)) / rate) * 12000).astype(np.int16)
    with av.open(str(path), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples[None, :], format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def png_bytes(width: int = 32, height: int = 24) -> bytes:
    """A gradient PNG encoded by FFmpeg's png encoder."""
    gradient = np.zeros((height, width, 3), np.uint8)
    gradient[..., 0] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgb24"
    packets = codec.encode(av.VideoFrame.from_ndarray(gradient, format="rgb24")) + codec.encode(None)
    return b"".join(bytes(p) for p in packets)


def make_png(path: Path, width: int = 32, height: int = 24) -> Path:
    path.write_bytes(png_bytes(width, height))
    return path
