"""Video layer frames: a PyAV decoder behind the scene engine's `FrameSource` protocol.

A clip is decoded front to back as the timeline plays, so each packet is decoded once; it seeks only when
asked for a time behind the current frame (a loop, a second use) or far ahead of it (a trim). Each frame is
scaled and converted once, by one reused swscale context, straight to the size it is shown at (the layer's
box, fitted, at its largest zoom; never above the clip's own size) as an opaque BGRA skia image; a frame
asked for again (a 24 fps clip in a 30 fps video) reuses that image.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import av
import numpy as np
import skia
from av.video.reformatter import Interpolation, VideoReformatter

from media_service.engines.scene import VideoLayer
from media_service.engines.scene.animate import LengthProp
from media_service.engines.scene.values import Keyframes
from media_service.errors import UnsupportedMediaError

__all__ = ["ClipSource", "ClipOpener"]

#: Decoding forward beats a seek for gaps up to this many seconds (a keyframe interval, roughly).
SEEK_AHEAD_SECONDS = 2.0


class ClipSource:
    """Frames of one clip file at clip time t (seconds from its first frame). Not thread-safe."""

    def __init__(self, path: Path, *, size: tuple[float, float] | None = None, fit: str = "cover",
                 name: str = "video") -> None:
        self.path = path
        try:
            self._container = av.open(str(path))
        except av.FFmpegError as exc:
            raise UnsupportedMediaError(f"{name}: {path.name} is not a readable video ({exc})") from None
        if not self._container.streams.video:
            self._container.close()
            raise UnsupportedMediaError(f"{name}: {path.name} has no video stream")
        self._stream = self._container.streams.video[0]
        self._stream.thread_type = "AUTO"
        base = self._stream.time_base
        self._origin = float(self._stream.start_time * base) if self._stream.start_time is not None and base else 0.0
        self.duration: float | None = self._duration()
        rate = self._stream.average_rate or self._stream.guessed_rate
        self._half_frame = 0.5 / float(rate) if rate else 1 / 60
        width, height = self._stream.codec_context.width, self._stream.codec_context.height
        self.width, self.height = _shown_size(width, height, size, fit)
        self._reformatter = VideoReformatter()
        self._frames = self._container.decode(self._stream)
        self._current: av.VideoFrame | None = None
        self._pending: av.VideoFrame | None = None
        self._image: tuple[int | None, skia.Image, np.ndarray] | None = None

    def _duration(self) -> float | None:
        stream = self._stream
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        if self._container.duration is not None:
            return self._container.duration / av.time_base
        return None

    def _time(self, frame: av.VideoFrame) -> float:
        return (frame.time or 0.0) - self._origin

    def frame_at(self, t: float) -> skia.Image | None:
        """The frame shown at clip time t: the last one starting at or before t (past the end: the last)."""
        t = max(0.0, t)
        current = self._current
        behind = current is not None and t + self._half_frame < self._time(current)
        if current is None or behind or t > self._time(current) + SEEK_AHEAD_SECONDS:
            self._seek(t)
        self._advance(t)
        return None if self._current is None else self._to_image(self._current)

    def _advance(self, t: float) -> None:
        while True:
            frame = self._pending if self._pending is not None else next(self._frames, None)
            self._pending = None
            if frame is None:
                return  # end of stream: hold the last frame
            if self._time(frame) <= t + 1e-6:
                self._current = frame
                continue
            if self._current is None:
                self._current = frame  # the first frame after a seek lies past t: show it rather than nothing
            else:
                self._pending = frame
            return

    def _seek(self, t: float) -> None:
        stream = self._stream
        if stream.time_base is not None:
            target = int((t + self._origin) / stream.time_base)
            self._container.seek(target, stream=stream, backward=True)
        else:
            self._container.seek(0)
        self._frames = self._container.decode(stream)
        self._current = self._pending = None

    def _to_image(self, frame: av.VideoFrame) -> skia.Image:
        if self._image is not None and self._image[0] == frame.pts:
            return self._image[1]
        converted = self._reformatter.reformat(frame, width=self.width, height=self.height, format="bgra",
                                               interpolation=Interpolation.BILINEAR)
        # A view over padded rows when the width is not a multiple of the row alignment: skia needs them packed.
        pixels: np.ndarray = np.ascontiguousarray(converted.to_ndarray())
        image = skia.Image.fromarray(pixels, colorType=skia.kBGRA_8888_ColorType, alphaType=skia.kOpaque_AlphaType,
                                     copy=False)
        self._image = (frame.pts, image, pixels)  # the image borrows `pixels`: keep them together
        return image

    def close(self) -> None:
        """Release the decoder and the file."""
        self._image = None
        self._current = self._pending = None
        self._container.close()


def _shown_size(width: int, height: int, box: tuple[float, float] | None, fit: str) -> tuple[int, int]:
    """The size frames are converted to: the clip fitted to `box` (never larger than the clip itself)."""
    if box is None or fit == "none" or width <= 0 or height <= 0:
        return max(2, width), max(2, height)
    bw, bh = box
    if fit == "fill":
        sx, sy = min(1.0, bw / width), min(1.0, bh / height)
    else:
        ratio = max(bw / width, bh / height) if fit == "cover" else min(bw / width, bh / height)
        sx = sy = min(1.0, ratio)
    return max(2, math.ceil(width * sx)), max(2, math.ceil(height * sy))


def _largest(raw: object) -> float:
    if isinstance(raw, Keyframes):
        return max(1.0, *(float(k.value) for k in raw.keyframes))
    return max(1.0, float(raw))  # type: ignore[arg-type]


class ClipOpener:
    """The scene engine's `open_video` hook for one prepared scene: opens ClipSources and closes them all.

    `canvas` is the frame size in px: a box given in % is taken against it (a nested layer's group box
    is not known here, so the canvas bounds it), an animated box is sized for the whole canvas.
    """

    def __init__(self, canvas: tuple[float, float]) -> None:
        self.canvas = canvas
        self.sources: list[ClipSource] = []

    def __call__(self, layer: Any, path: Path) -> ClipSource:
        assert isinstance(layer, VideoLayer)
        box = self._box(layer)
        source = ClipSource(path, size=box, fit=layer.fit, name=f"video layer {layer.id!r}")
        self.sources.append(source)
        return source

    def _box(self, layer: VideoLayer) -> tuple[float, float]:
        width, height = LengthProp(layer.width, default_fraction=1.0), LengthProp(layer.height, default_fraction=1.0)
        w = width.px(0.0, self.canvas[0]) if width.static else self.canvas[0]
        h = height.px(0.0, self.canvas[1]) if height.static else self.canvas[1]
        zoom = _largest(layer.scale)
        return max(1.0, w * zoom), max(1.0, h * zoom)

    def close(self) -> None:
        """Close every clip this opener opened."""
        for source in self.sources:
            source.close()
        self.sources.clear()
