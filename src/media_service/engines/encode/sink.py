"""VideoSink: draw a frame with skia, submit it, and a second thread encodes it while the next is drawn.

    with open_video("out.mp4", width=1920, height=1080, fps=30, audio="mix.wav") as sink:
        for i in range(300):
            canvas = sink.begin_frame()
            draw(canvas, i / 30)
            sink.submit()
    sink.result  # EncodeResult

Why it is fast: the canvas draws straight into the pixels of one long-lived BGRA `av.VideoFrame` (no
copy between skia and FFmpeg); `submit` converts that frame to the codec's pixel format with one reused
swscale context into pooled frames (see convert.py; the GIL is released while it runs); the converted
frame goes through a small bounded queue to the encoder thread, which encodes while the next frame is
drawn. Converting inside `submit` is what makes a single drawing buffer safe: by the time `submit`
returns, the encoder no longer needs it. It also means the canvas still holds the previous frame when
the next `begin_frame(clear=None)` starts, so a drawer may repaint only what changed. The queue bounds
memory: a ten-minute render holds a handful of frames, never the video.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Self

import av
import numpy as np
import skia

from media_service.errors import JobCancelledError

from .audio import AudioInput
from .convert import FrameConverter
from .options import EncodeSettings, VideoFormat
from .poster import save_image
from .writer import CONVERT_FORMATS, FrameWriter, open_writer

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]

#: Opaque black, the default fill of `begin_frame`; pass `clear=None` to keep the previous frame.
BLACK = 0xFF000000
#: Converted frames waiting for the encoder. Enough to ride out x264's uneven per-frame cost, few enough
#: that memory stays flat (about 3 MB per 1080p yuv420p frame).
QUEUE_DEPTH = 4
_POLL_SECONDS = 0.25


@dataclass(frozen=True)
class EncodeResult:
    """What was written: the file, its size and media facts, and the wall time the encode took."""

    path: Path
    format: VideoFormat
    frames: int
    duration_seconds: float
    width: int
    height: int
    fps: float
    size_bytes: int
    encode_seconds: float
    has_audio: bool


class VideoSink:
    """A video file being written frame by frame; see the module docstring. Not thread-safe: one drawer."""

    def __init__(self, path: str | Path, settings: EncodeSettings, *, audio: AudioInput | None = None,
                 total_frames: int | None = None, progress: ProgressFn | None = None,
                 cancelled: CancelledFn | None = None) -> None:
        self.settings = settings
        self.path = Path(path)
        self._has_audio = audio is not None and settings.audio_codec is not None
        self._total = total_frames or 0
        self._progress = progress
        self._cancelled = cancelled
        self._started = time.perf_counter()
        self._frame = av.VideoFrame(settings.width, settings.height, "bgra")
        plane = self._frame.planes[0]
        info = skia.ImageInfo.Make(settings.width, settings.height, skia.kBGRA_8888_ColorType,
                                   skia.kPremul_AlphaType)
        self._surface = skia.Surface.MakeRasterDirect(info, plane, plane.line_size)
        self._canvas = self._surface.getCanvas()
        self._canvas.clear(BLACK)  # FFmpeg leaves new buffers uninitialised; clear=None must not show garbage
        self._pixels: np.ndarray = np.frombuffer(memoryview(plane), np.uint8).reshape(
            settings.height, plane.line_size // 4, 4)
        self._converter = FrameConverter(width=settings.width, height=settings.height, source_format="bgra",
                                         target_format=CONVERT_FORMATS[settings.format],
                                         time_base=Fraction(1) / settings.fps)
        # Last: from here on a file exists, and every failure path below must remove it.
        self._writer: FrameWriter = open_writer(self.path, settings, audio)
        self._queue: queue.Queue[tuple[av.VideoFrame, int] | None] = queue.Queue(maxsize=QUEUE_DEPTH)
        self._stop = threading.Event()
        self._failure: BaseException | None = None
        self._encoded = 0
        self._submitted = 0
        self._reported = -1
        self._drawing = False
        self._state = "open"
        self.result: EncodeResult | None = None
        self._thread = threading.Thread(target=self._run, name=f"encode:{self.path.name}", daemon=True)
        self._thread.start()

    # -- facts --------------------------------------------------------------------------------------------
    @property
    def width(self) -> int:
        """Output width in pixels (the design width scaled by `scale`)."""
        return self.settings.width

    @property
    def height(self) -> int:
        """Output height in pixels."""
        return self.settings.height

    @property
    def fps(self) -> Fraction:
        """Output frame rate; lower than requested when the format caps it (GIF)."""
        return self.settings.fps

    @property
    def scale(self) -> float:
        """Output pixels per design unit; `begin_frame` already applies it to the canvas."""
        return self.settings.scale

    @property
    def frames_submitted(self) -> int:
        """Frames handed to the encoder so far."""
        return self._submitted

    @property
    def pixels(self) -> np.ndarray:
        """The drawing buffer itself as a uint8 (height, width, 4) BGRA premultiplied view, for numpy drawers.

        Write it between `begin_frame` and `submit`; it is the same memory the canvas draws into."""
        return self._pixels[:, : self.settings.width]

    # -- drawing ------------------------------------------------------------------------------------------
    def begin_frame(self, *, clear: int | None = BLACK) -> skia.Canvas:
        """Start the next frame and return its canvas, in design coordinates.

        `clear` fills the frame first (ARGB int); None keeps the previous frame's pixels for drawers that
        repaint everything themselves or only what changed. Raises JobCancelledError when `cancelled()`
        says so, and re-raises an encoder failure; either way the sink is aborted first.
        """
        self._check_usable()
        if self._cancelled is not None and self._cancelled():
            self.abort()
            raise JobCancelledError("render cancelled", details={"frames_done": self._submitted})
        self._canvas.restoreToCount(1)
        self._canvas.save()
        if clear is not None:
            self._canvas.clear(clear)
        if self.settings.scale != 1.0:
            self._canvas.scale(self.settings.scale, self.settings.scale)
        self._drawing = True
        return self._canvas

    def canvas_for_next_frame(self) -> skia.Canvas:
        """`begin_frame()` with the default black fill."""
        return self.begin_frame()

    def submit(self, *, changed_rows: Sequence[tuple[int, int]] | None = None) -> None:
        """Convert the drawn frame and queue it for the encoder; blocks while the encoder is behind.

        `changed_rows`: the pixel rows [top, bottom) (even bounds) in which this frame differs from the last
        one submitted — only those are converted again, and [] re-sends the last converted frame as is.
        None (the default): the frame may differ anywhere."""
        if not self._drawing:
            raise RuntimeError("submit() needs a begin_frame() first")
        self._drawing = False
        self._enqueue(self._converter.convert_rows(self._frame, self._submitted, changed_rows))

    def write_frame(self, image: np.ndarray) -> None:
        """Append a uint8 RGB (h, w, 3) or RGBA (h, w, 4) array, stretched to the output size if needed."""
        self._check_usable()
        if image.ndim != 3 or image.shape[2] not in (3, 4) or image.dtype != np.uint8:
            raise ValueError(f"expected a uint8 (h, w, 3|4) array, got {image.dtype} {image.shape}")
        self._enqueue(self._converter.convert_array(image, self._submitted))

    def save_poster(self, path: str | Path, *, quality: int = 90) -> Path:
        """Write the current buffer (the frame being drawn, else the last one) as PNG or JPEG, by suffix."""
        return save_image(self._surface.makeImageSnapshot(), Path(path), quality=quality)

    # -- ending -------------------------------------------------------------------------------------------
    def close(self) -> EncodeResult:
        """Finish the file (flush, audio to length, trailer) and return what was written.

        A frame begun but not submitted is dropped. Re-raises an encoder failure after removing the file.
        """
        if self._state == "closed" and self.result is not None:
            return self.result
        self._check_usable()
        self._stop_thread()
        if self._failure is not None:
            self._fail()
        self._state = "closed"
        if self._progress is not None:
            self._progress(self._encoded, self._total or self._encoded)
        self.result = EncodeResult(
            path=self.path, format=self.settings.format, frames=self._encoded,
            duration_seconds=float(self._encoded / self.settings.fps), width=self.width, height=self.height,
            fps=float(self.settings.fps), size_bytes=self.path.stat().st_size,
            encode_seconds=time.perf_counter() - self._started, has_audio=self._has_audio)
        return self.result

    def abort(self) -> None:
        """Stop the encoder thread and delete the partial file. Safe to call more than once."""
        if self._state != "open":
            return
        self._state = "aborted"
        self._stop.set()
        self._stop_thread()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self.abort()
        elif self._state == "open":
            self.close()

    # -- internals ----------------------------------------------------------------------------------------
    def _enqueue(self, frame: av.VideoFrame) -> None:
        item = (frame, self._submitted)
        while True:
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                break
            except queue.Full:
                self._check_usable()
        self._submitted += 1
        if self._progress is not None and self._encoded != self._reported:
            self._reported = self._encoded
            self._progress(self._encoded, self._total)

    def _check_usable(self) -> None:
        if self._state != "open":
            raise RuntimeError(f"the video sink is {self._state}")
        if self._failure is not None:
            self._fail()
        if not self._thread.is_alive():
            self._fail(RuntimeError("the encoder thread stopped unexpectedly"))

    def _fail(self, error: BaseException | None = None) -> None:
        failure = error or self._failure
        assert failure is not None
        self.abort()
        self._state = "failed"
        raise failure

    def _stop_thread(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)  # the thread keeps draining until it sees this, so put cannot hang
            self._thread.join()

    def _run(self) -> None:
        """The encoder thread: encode until the sentinel, then finish, or discard after a failure or abort."""
        while (item := self._queue.get()) is not None:
            if self._failure is not None or self._stop.is_set():
                continue  # keep draining so a blocked submit() wakes up and sees the failure
            frame = item[0]
            frame.pts = item[1]  # the same frame object may come twice (an unchanged frame)
            try:
                self._writer.write(frame)
                self._encoded += 1
            except BaseException as exc:  # noqa: BLE001 - handed to the drawer's thread, which re-raises it
                self._failure = exc
        try:
            if self._failure is None and not self._stop.is_set():
                self._writer.finish(self._encoded)
                return
        except BaseException as exc:  # noqa: BLE001 - same: close() re-raises it
            self._failure = exc
        with contextlib.suppress(Exception):
            self._writer.discard()
