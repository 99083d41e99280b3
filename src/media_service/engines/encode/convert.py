"""Colour conversion from the drawing buffer (BGRA) to what the encoder takes (yuv420p, or rgb24 for GIF).

One libavfilter graph (buffer -> scale -> format -> buffersink) per sink rather than
`VideoFrame.reformat`: both run the same swscale code, but the graph's output frames come from a
recycling buffer pool. `reformat` allocates a fresh 3 MB frame every time; those are freed on the
encoder thread, and glibc then hands the pages back to the kernel and faults them in again, which cost
~400 page faults and ~1.5 ms of system time per 1080p frame on the reference clip.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from fractions import Fraction

import av
import numpy as np
from av.filter import Graph
from av.video.format import VideoFormat
from av.video.reformatter import ColorRange, Colorspace, VideoReformatter

#: Rows converted around a changed band so that swscale's chroma filter sees the same neighbours as in a
#: whole-frame conversion (its 2:1 vertical filter reaches a row or two); bands start on multiples of this.
BAND_MARGIN = 16
#: Rows next to a changed band that are written again (swscale's vertical chroma filter reaches them).
BAND_SPILL = 4
#: Above this share of changed rows, converting the whole frame is cheaper than copying plus bands.
BAND_MAX_SHARE = 0.6
#: Output frames kept for changed-row conversions (a frame is reused once the encoder has let go of it).
RING_SIZE = 8

#: swscale threads per conversion. One: the encoder's own threads already keep every core busy, and a
#: conversion on one core overlaps with them instead of contending for both.
CONVERT_THREADS = 1


class FrameConverter:
    """Converts frames of one fixed size and pixel format to the output format, BT.709 limited range for YUV.

    `convert` is called from one thread only (the drawer's); the frames it returns may be freed anywhere.
    """

    def __init__(self, *, width: int, height: int, source_format: str, target_format: str,
                 time_base: Fraction) -> None:
        self.target_format = target_format
        self._time_base = time_base
        color = ":out_color_matrix=bt709:out_range=tv" if target_format.startswith("yuv") else ""
        self._graph = Graph()
        self._source = self._graph.add_buffer(width=width, height=height, format=VideoFormat(source_format),
                                              time_base=time_base)
        scale = self._graph.add("scale", f"w={width}:h={height}:flags=bilinear{color}:threads={CONVERT_THREADS}")
        pick = self._graph.add("format", f"pix_fmts={target_format}")
        self._sink = self._graph.add("buffersink")
        self._source.link_to(scale)
        scale.link_to(pick)
        pick.link_to(self._sink)
        self._graph.configure()
        self._reformatter = VideoReformatter()
        self._width, self._height = width, height
        self._source_format = source_format
        self._previous: av.VideoFrame | None = None
        self._ring: list[av.VideoFrame] = []
        self._bands: dict[int, tuple[av.VideoFrame, FrameConverter]] = {}

    @property
    def partial(self) -> bool:
        """Whether `convert_rows` can convert changed rows only (planar 4:2:0 output)."""
        return self.target_format == "yuv420p"

    def convert_rows(self, frame: av.VideoFrame, pts: int, rows: Sequence[tuple[int, int]] | None) -> av.VideoFrame:
        """Like `convert`, for a frame that differs from the previous one only in `rows` ([top, bottom), even
        bounds; None: anywhere). With no rows the previous output frame itself comes back (the caller stamps
        its own pts on it: the encoder copies a frame's pixels, so one frame object can be encoded twice);
        otherwise a copy of it with those rows converted again. Pixels equal a whole-frame `convert`'s."""
        previous = self._previous
        if previous is None or rows is None or not self.partial:
            self._previous = self.convert(frame, pts)
            return self._previous
        if not rows:
            return previous
        if sum(bottom - top for top, bottom in rows) > BAND_MAX_SHARE * self._height:
            self._previous = self.convert(frame, pts)
            return self._previous
        out = self._free_frame(previous)
        for index in range(3):
            _plane(out, index)[...] = _plane(previous, index)
        source = _plane(frame, 0)
        for top, bottom in rows:
            self._convert_band(source, out, top, bottom)
        out.pts, out.time_base = pts, self._time_base
        self._previous = out
        return out

    def _free_frame(self, previous: av.VideoFrame) -> av.VideoFrame:
        """A ring frame nobody else holds (not the previous output, not queued, not being encoded)."""
        for candidate in self._ring:
            # Held only by the ring, this loop and getrefcount's argument: the encoder is done with it.
            if candidate is not previous and sys.getrefcount(candidate) <= 3:
                return candidate
        out = av.VideoFrame(self._width, self._height, self.target_format)
        if len(self._ring) < RING_SIZE:
            self._ring.append(out)
        return out

    def _convert_band(self, source: np.ndarray, out: av.VideoFrame, top: int, bottom: int) -> None:
        """Convert rows [top, bottom) with a margin around them and copy the rows into `out`'s planes."""
        start = max(0, (top - BAND_MARGIN) // BAND_MARGIN * BAND_MARGIN)
        end = min(self._height, -(-(bottom + BAND_MARGIN) // BAND_MARGIN) * BAND_MARGIN)
        height = end - start
        if height not in self._bands:
            band_frame = av.VideoFrame(self._width, height, self._source_format)
            self._bands[height] = (band_frame, FrameConverter(
                width=self._width, height=height, source_format=self._source_format,
                target_format=self.target_format, time_base=self._time_base))
        band_frame, converter = self._bands[height]
        # A chroma row is filtered from the luma rows around it: the rows next to the band change too.
        top, bottom = max(0, top - BAND_SPILL), min(self._height, bottom + BAND_SPILL)
        _plane(band_frame, 0)[...] = source[start:end, :self._width * 4]
        converted = converter.convert(band_frame, 0)
        _plane(out, 0)[top:bottom] = _plane(converted, 0)[top - start:bottom - start]
        for index in (1, 2):
            _plane(out, index)[top // 2:bottom // 2] = _plane(converted, index)[(top - start) // 2:(bottom - start) // 2]

    def convert(self, frame: av.VideoFrame, pts: int) -> av.VideoFrame:
        """The frame in the target format, timestamped `pts`; `frame` may be redrawn as soon as this returns."""
        frame.pts, frame.time_base = pts, self._time_base
        self._source.push(frame)
        out = self._sink.pull()
        assert isinstance(out, av.VideoFrame)
        out.pts, out.time_base = pts, self._time_base
        return out

    def convert_array(self, image: np.ndarray, pts: int) -> av.VideoFrame:
        """An RGB/RGBA uint8 array of any size, stretched to the output size and converted."""
        self._previous = None  # the next `convert_rows` starts from a whole frame again
        frame = av.VideoFrame.from_ndarray(image, format="rgb24" if image.shape[2] == 3 else "rgba")
        if self.target_format.startswith("yuv"):
            out = self._reformatter.reformat(frame, width=self._width, height=self._height,
                                             format=self.target_format, dst_colorspace=Colorspace.ITU709,
                                             dst_color_range=ColorRange.MPEG, threads=CONVERT_THREADS)
        else:
            out = self._reformatter.reformat(frame, width=self._width, height=self._height,
                                             format=self.target_format, threads=CONVERT_THREADS)
        out.pts, out.time_base = pts, self._time_base
        return out


def _plane(frame: av.VideoFrame, index: int) -> np.ndarray:
    """Plane `index` of a frame as a (rows, bytes of pixels) uint8 view of the frame's own memory (no line
    padding: frames from different pools may pad their lines differently)."""
    plane = frame.planes[index]
    rows = np.frombuffer(memoryview(plane), np.uint8).reshape(-1, plane.line_size)
    return rows[:plane.height, :plane.width * (4 if frame.format.name == "bgra" else 1)]
