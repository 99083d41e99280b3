"""What the talking-head fakes serve: a real H.264/AAC MP4 made from the request's own face and speech — the
face (first frame of an image or video) scaled to `size`, a mouth band whose brightness follows the speech
envelope, the speech itself as the soundtrack, as long as the speech. Tests can decode it and compare."""

from __future__ import annotations

import base64
import io
import urllib.request

import av
import numpy as np


#: Rows (fractions of the height) of the mouth band, where the drawn test faces have their lips.
MOUTH = (0.58, 0.64)


def load_ref(value: str) -> bytes:
    """The bytes behind a `data:` URI, raw base64 or an http(s) URL the fake can reach."""
    if value.startswith("data:"):
        return base64.b64decode(value.split(",", 1)[1])
    if value.startswith(("http://", "https://")):
        with urllib.request.urlopen(value, timeout=30) as response:  # noqa: S310 - loopback test media
            return bytes(response.read())
    return base64.b64decode(value)


def _first_frame(data: bytes, size: int) -> np.ndarray:
    with av.open(io.BytesIO(data)) as container:
        frame = next(container.decode(video=0))
        return frame.reformat(width=size, height=size, format="rgb24").to_ndarray()


def _speech(data: bytes, rate: int) -> np.ndarray:
    resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
    chunks = []
    with av.open(io.BytesIO(data)) as container:
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
    for out in resampler.resample(None):
        chunks.append(out.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(rate, np.float32)


def talking_head_mp4(face: bytes, audio: bytes, *, size: int = 128, fps: int = 25) -> bytes:
    """An MP4 of `face` speaking `audio` (see the module docstring)."""
    rate = 48_000
    picture = _first_frame(face, size)
    speech = _speech(audio, rate)
    frames = max(1, round(len(speech) / rate * fps))
    per_frame = len(speech) / frames
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width = video.height = size
        video.pix_fmt = "yuv420p"
        video.options = {"preset": "ultrafast"}
        sound = out.add_stream("aac", rate=rate)
        for i in range(frames):
            chunk = speech[int(i * per_frame):int((i + 1) * per_frame)]
            level = float(np.sqrt(np.mean(chunk ** 2))) if chunk.size else 0.0
            pixels = picture.copy()
            top, bottom = int(size * MOUTH[0]), int(size * MOUTH[1])
            pixels[top:bottom, int(size * 0.42):int(size * 0.58)] = int(min(255, 60 + level * 900))
            out.mux(video.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")))
        out.mux(video.encode())
        for start in range(0, len(speech), 1024):
            block = speech[start:start + 1024].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(block), format="flt", layout="mono")
            frame.sample_rate, frame.pts = rate, start
            out.mux(sound.encode(frame))
        out.mux(sound.encode())
    return buffer.getvalue()
