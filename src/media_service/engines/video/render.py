"""`render_timeline`: a Timeline to a video file, frame by frame, with its soundtrack muxed in.

    result = render_timeline(timeline, "out.mp4", resolve_asset=fetch, quality="production",
                             poster="poster.jpg", progress=report, cancelled=stop_requested)

Order of work: encode settings are resolved first (a bad size, rate or format fails before anything runs);
the soundtrack is mixed on a thread while the scenes are prepared (fonts, pictures, text layout, clips);
then each frame is drawn straight into the encoder's buffer and handed to the encoder thread. The buffer
keeps the previous frame, so only what changed is drawn again, and only the rows that changed are
converted (`TimelineDrawer.draw_frame`, `VideoSink.submit(changed_rows=...)`). Nothing
holds more than a few frames, so memory does not grow with the video's length.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from media_service.engines.audio import AudioResult
from media_service.engines.encode import (EncodeResult, EncodeSettings, Quality, VideoFormat, open_video,
                                          resolve_settings)
from media_service.engines.scene import FontLibrary, local_file
from media_service.errors import JobCancelledError

from .compose import TimelineDrawer
from .model import Timeline
from .soundtrack import render_soundtrack

__all__ = ["FrameTimings", "VideoRenderResult", "default_poster_time", "render_timeline"]

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]
LogFn = Callable[[str], None]


@dataclass(frozen=True)
class FrameTimings:
    """Where the time went: per frame on the drawing thread (draw; submit = convert + wait for the encoder),
    and the set-up before the first frame."""

    draw_ms: float
    submit_ms: float
    prepare_seconds: float
    soundtrack_seconds: float


@dataclass(frozen=True)
class VideoRenderResult:
    """What `render_timeline` wrote."""

    path: Path
    format: VideoFormat
    quality: Quality
    frames: int
    duration_seconds: float
    width: int
    height: int
    fps: float
    size_bytes: int
    render_seconds: float
    has_audio: bool
    poster: Path | None
    audio: AudioResult | None
    timings: FrameTimings
    warnings: list[str] = field(default_factory=list)


def default_poster_time(timeline: Timeline) -> float:
    """The middle of the first scene (titles have arrived by then), else of the video."""
    first = min(timeline.scenes, key=lambda scene: scene.start, default=None)
    return first.start + first.duration / 2 if first is not None else timeline.duration / 2


class _Soundtrack(threading.Thread):
    """Mixes the soundtrack while the caller prepares scenes; `result()` joins and re-raises its failure."""

    def __init__(self, timeline: Timeline, path: Path, resolve_asset: Callable[[str], Path], log: LogFn) -> None:
        super().__init__(name="soundtrack", daemon=True)
        self.timeline, self.path, self.resolve_asset, self.log = timeline, path, resolve_asset, log
        self.stop = threading.Event()
        self.seconds = 0.0
        self._result: AudioResult | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        started = time.perf_counter()
        try:
            # Only our own flag here: the caller's `cancelled` may not be safe to call from a second thread.
            self._result = render_soundtrack(self.timeline, self.path, resolve_asset=self.resolve_asset,
                                             cancelled=self.stop.is_set, log=self.log)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread by result()
            self._error = exc
        self.seconds = time.perf_counter() - started

    def result(self, cancelled: CancelledFn | None) -> AudioResult | None:
        while self.is_alive():
            if cancelled is not None and cancelled():
                self.stop.set()
            self.join(0.05)
        if self._error is not None:
            raise self._error
        return self._result


def _encode_frames(drawer: TimelineDrawer, out: Path, *, settings: EncodeSettings, preset: str | None,
                   crf: int | None, audio: Path | None, poster: Path | None, poster_time: float,
                   progress: ProgressFn | None, cancelled: CancelledFn | None) -> tuple[EncodeResult, float, float]:
    """Draw every frame into the sink's buffer and submit it; returns what was written and the seconds spent
    drawing and submitting (convert + waiting for the encoder) on this thread."""
    fps = settings.fps
    count = max(1, round(drawer.timeline.duration * fps))
    poster_index = min(count - 1, max(0, math.floor(poster_time * fps)))
    draw_s = submit_s = 0.0
    with open_video(out, width=settings.width, height=settings.height, fps=fps, format=settings.format,
                    quality=settings.quality, preset=preset, crf=crf, audio=audio, total_frames=count,
                    progress=progress, cancelled=cancelled) as sink:
        for index in range(count):
            t = float(index / fps)
            canvas = sink.begin_frame(clear=None)  # the buffer keeps the last frame: only changes are drawn
            t0 = time.perf_counter()
            rows = drawer.draw_frame(canvas, t)
            t1 = time.perf_counter()
            if poster is not None and index == poster_index:
                sink.save_poster(poster)
            t2 = time.perf_counter()
            sink.submit(changed_rows=rows)
            draw_s, submit_s = draw_s + t1 - t0, submit_s + time.perf_counter() - t2
            drawer.release_before(t)
        return sink.close(), draw_s, submit_s


def render_timeline(timeline: Timeline, out_path: str | Path, *, resolve_asset: Callable[[str], Path] = local_file,
                    format: VideoFormat = "mp4", quality: Quality = "production", preset: str | None = None,
                    crf: int | None = None, poster: str | Path | None = None, poster_time: float | None = None,
                    workdir: str | Path | None = None, fonts: FontLibrary | None = None,
                    progress: ProgressFn | None = None, cancelled: CancelledFn | None = None,
                    log: LogFn | None = None) -> VideoRenderResult:
    """Render `timeline` to `out_path` (see the module docstring).

    `resolve_asset(ref) -> local file` resolves every MediaRef (and music library ids) the timeline names.
    `format`/`quality`/`preset`/`crf` are the encode engine's. `poster` (a .jpg/.png/.webp path) saves the
    frame at `poster_time` (default: `default_poster_time`). `workdir` holds the soundtrack WAV (default: a
    temporary folder). `progress(frames_done, total)` and `cancelled()` are called once per frame; on
    cancellation JobCancelledError is raised, and on any failure the encoder thread is stopped and no
    video or poster file is left behind. Bad input raises ValidationError naming the timeline field.
    """
    started = time.perf_counter()
    say = log or (lambda message: None)
    settings = resolve_settings(width=timeline.width, height=timeline.height, fps=timeline.fps, format=format,
                                quality=quality, preset=preset, crf=crf)
    out, poster_path = Path(out_path), Path(poster) if poster is not None else None
    scratch = Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="render-"))
    scratch.mkdir(parents=True, exist_ok=True)
    sound: _Soundtrack | None = None
    if settings.audio_codec is not None:
        sound = _Soundtrack(timeline, scratch / "soundtrack.wav", resolve_asset, say)
        sound.start()
    drawer: TimelineDrawer | None = None
    try:
        drawer = TimelineDrawer(timeline, size=(settings.width, settings.height), resolve_asset=resolve_asset,
                                fonts=fonts)
        for warning in drawer.warnings:
            say(f"warning: {warning}")
        prepared = time.perf_counter() - started
        audio = sound.result(cancelled) if sound is not None else None
        if audio is not None:
            lufs = audio.measurement.integrated_lufs
            say(f"soundtrack mixed in {sound.seconds if sound else 0:.2f} s"
                + (f" at {lufs:.1f} LUFS" if lufs is not None else " (silent)"))
        elif format == "gif" and timeline.audio is not None:
            say("gif has no sound: the audio plan was not mixed")
        if cancelled is not None and cancelled():
            raise JobCancelledError("render cancelled", details={"frames_done": 0})
        encoded, draw_s, submit_s = _encode_frames(
            drawer, out, settings=settings, preset=preset, crf=crf, audio=audio.path if audio is not None else None,
            poster=poster_path, poster_time=default_poster_time(timeline) if poster_time is None else poster_time,
            progress=progress, cancelled=cancelled)
    except BaseException:
        if sound is not None:
            sound.stop.set()
            sound.join()
        if poster_path is not None:
            poster_path.unlink(missing_ok=True)
        out.unlink(missing_ok=True)
        raise
    finally:
        if drawer is not None:
            drawer.close()
        if workdir is None:
            shutil.rmtree(scratch, ignore_errors=True)
    count = max(1, encoded.frames)
    timings = FrameTimings(draw_ms=1000 * draw_s / count, submit_ms=1000 * submit_s / count,
                           prepare_seconds=prepared, soundtrack_seconds=sound.seconds if sound is not None else 0.0)
    elapsed = time.perf_counter() - started
    say(f"rendered {encoded.frames} frames {encoded.width}x{encoded.height} in {elapsed:.2f} s "
        f"({encoded.frames / max(elapsed, 1e-9):.1f} fps; draw {timings.draw_ms:.2f} ms, submit "
        f"{timings.submit_ms:.2f} ms a frame)")
    return VideoRenderResult(path=encoded.path, format=format, quality=quality, frames=encoded.frames,
                             duration_seconds=encoded.duration_seconds, width=encoded.width, height=encoded.height,
                             fps=encoded.fps, size_bytes=encoded.size_bytes, render_seconds=elapsed,
                             has_audio=encoded.has_audio, poster=poster_path, audio=audio, timings=timings,
                             warnings=list(drawer.warnings if drawer is not None else []))
