"""GIF with one palette optimised for the whole clip: FFmpeg's palettegen, then paletteuse.

Pass one (palettegen) runs while frames arrive; the frames themselves are spooled to an anonymous temp
file, so memory stays flat however long the GIF is. Pass two (paletteuse + the gif encoder) runs at
`finish`, reading the spool back. Ordered (bayer) dithering is used rather than error diffusion: its
pattern does not crawl from frame to frame, so the encoder's frame differencing keeps files small.
"""

from __future__ import annotations

import tempfile
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.container import OutputContainer
from av.filter import Graph
from av.filter.context import FilterContext
from av.video.format import VideoFormat

from .options import EncodeSettings

_PALETTEGEN = "max_colors=256:stats_mode=full"
_PALETTEUSE = "dither=bayer:bayer_scale=4:diff_mode=rectangle"


class GifWriter:
    """A looping GIF at the settings' (already capped) size and frame rate."""

    def __init__(self, path: Path, settings: EncodeSettings) -> None:
        self._settings = settings
        self._time_base = Fraction(1) / settings.fps
        self._container: OutputContainer = av.open(str(path), "w", format="gif")
        try:
            self._stream = self._container.add_stream("gif", rate=settings.fps)
            self._stream.width, self._stream.height, self._stream.pix_fmt = settings.width, settings.height, "pal8"
            # Lives across write/finish, so no `with`; finish and discard close it.
            self._spool = tempfile.TemporaryFile(prefix="gif-frames-", dir=path.parent)  # noqa: SIM115
        except BaseException:
            self._container.close()
            path.unlink(missing_ok=True)
            raise
        self._palettegen = Graph()
        source = self._palettegen.add_buffer(width=settings.width, height=settings.height, format=VideoFormat("rgb24"),
                                             time_base=self._time_base)
        generate = self._palettegen.add("palettegen", _PALETTEGEN)
        sink = self._palettegen.add("buffersink")
        source.link_to(generate)
        generate.link_to(sink)
        self._palettegen.configure()
        self._palettegen_nodes = (source, sink)
        self._frame_bytes = settings.width * settings.height * 3

    def write(self, frame: av.VideoFrame) -> None:
        pixels = frame.to_ndarray()
        self._spool.write(pixels.tobytes())
        frame.time_base = self._time_base
        self._palettegen_nodes[0].push(frame)

    def finish(self, frames: int) -> None:
        try:
            palette = self._palette()
            self._encode_with(palette, frames)
        finally:
            self._spool.close()
            self._container.close()

    def discard(self) -> None:
        self._spool.close()
        try:
            self._container.close()
        except av.FFmpegError:
            pass  # nothing was written; the sink removes the file

    def _palette(self) -> av.VideoFrame:
        source, sink = self._palettegen_nodes
        source.push(None)
        palette = sink.pull()
        assert isinstance(palette, av.VideoFrame)
        palette.pts = 0
        return palette

    def _encode_with(self, palette: av.VideoFrame, frames: int) -> None:
        graph = Graph()
        width, height = self._settings.width, self._settings.height
        video = graph.add_buffer(width=width, height=height, format=VideoFormat("rgb24"), time_base=self._time_base)
        pal = graph.add_buffer(width=palette.width, height=palette.height, format=palette.format,
                               time_base=self._time_base)
        use = graph.add("paletteuse", _PALETTEUSE)
        out = graph.add("buffersink")
        video.link_to(use, 0, 0)
        pal.link_to(use, 0, 1)
        use.link_to(out)
        graph.configure()
        pal.push(palette)
        pal.push(None)
        self._spool.seek(0)
        written = 0
        for index in range(frames):
            raw = self._spool.read(self._frame_bytes)
            pixels = np.frombuffer(raw, np.uint8).reshape(height, width, 3)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = index, self._time_base
            video.push(frame)
            written = self._drain(out, written)
        video.push(None)
        self._drain(out, written)
        self._container.mux(self._stream.encode(None))

    def _drain(self, sink: FilterContext, written: int) -> int:
        while True:
            try:
                frame = sink.pull()
            except (av.BlockingIOError, av.EOFError):
                return written
            assert isinstance(frame, av.VideoFrame)
            frame.pts, frame.time_base = written, self._time_base
            self._container.mux(self._stream.encode(frame))
            written += 1
