"""Colour conversion from the drawing buffer (BGRA) to what the encoder takes (yuv420p, or rgb24 for GIF).

One libavfilter graph (buffer -> scale -> format -> buffersink) per sink rather than
`VideoFrame.reformat`: both run the same swscale code, but the graph's output frames come from a
recycling buffer pool. `reformat` allocates a fresh 3 MB frame every time; those are freed on the
encoder thread, and glibc then hands the pages back to the kernel and faults them in again, which cost
~400 page faults and ~1.5 ms of system time per 1080p frame on the reference clip.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
from av.filter import Graph
from av.video.format import VideoFormat
from av.video.reformatter import ColorRange, Colorspace, VideoReformatter

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
