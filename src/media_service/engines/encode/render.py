"""Entry points: `open_video` (a sink to drive yourself) and `render_frames` (a draw callback driven for you)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import skia

from media_service.errors import ValidationError

from .audio import AudioInput
from .options import FpsLike, Quality, VideoFormat, parse_fps, resolve_settings
from .sink import BLACK, CancelledFn, EncodeResult, ProgressFn, VideoSink

DrawFn = Callable[[skia.Canvas, int, float], None]


def open_video(path: str | Path, *, width: int, height: int, fps: FpsLike = 30, format: VideoFormat = "mp4",
               quality: Quality = "production", preset: str | None = None, crf: int | None = None,
               audio: AudioInput | None = None, max_width: int | None = None, max_fps: float | None = None,
               total_frames: int | None = None, progress: ProgressFn | None = None,
               cancelled: CancelledFn | None = None) -> VideoSink:
    """Open a video file for frame-by-frame writing; use it as a context manager.

    `width`/`height` are the design size the drawer works in. `preview` quality caps the short side at
    720 px and uses the fastest encoder settings; GIF caps size and frame rate (480 px wide, 15 fps by
    default; `max_width`/`max_fps` override). `preset` is the x264 preset (mp4) or libvpx cpu-used 0..8
    (webm); `crf` overrides the quality default (23 mp4, 32 webm). `audio` is a file path or an
    `AudioArray`, cut or padded to the video's length (GIF has no audio track; it is ignored there). `progress(frames_done, total_frames or 0)` and
    `cancelled()` are called from the drawing thread, once per frame.
    Raises ValidationError (bad request) before any file is created.
    """
    settings = resolve_settings(width=width, height=height, fps=fps, format=format, quality=quality,
                                preset=preset, crf=crf, max_width=max_width, max_fps=max_fps)
    return VideoSink(path, settings, audio=audio, total_frames=total_frames, progress=progress,
                     cancelled=cancelled)


def render_frames(draw: DrawFn, path: str | Path, *, width: int, height: int, fps: FpsLike = 30,
                  frames: int | None = None, duration_seconds: float | None = None, format: VideoFormat = "mp4",
                  quality: Quality = "production", preset: str | None = None, crf: int | None = None,
                  audio: AudioInput | None = None, max_width: int | None = None, max_fps: float | None = None,
                  background: int | None = BLACK, poster: str | Path | None = None, poster_seconds: float = 0.0,
                  progress: ProgressFn | None = None, cancelled: CancelledFn | None = None) -> EncodeResult:
    """Render a clip by calling `draw(canvas, frame_index, t_seconds)` for every output frame.

    Length is `frames` at `fps` or `duration_seconds`. When the format lowers the frame rate (GIF), fewer
    frames are drawn, at their own times. `background` fills each frame first (None: keep the previous
    frame). `poster` saves the frame shown at `poster_seconds` as a picture on the way. On cancellation
    raises JobCancelledError; on any error the encoder thread is stopped and the partial file removed.
    """
    duration = _duration(frames, duration_seconds, fps)
    settings = resolve_settings(width=width, height=height, fps=fps, format=format, quality=quality,
                                preset=preset, crf=crf, max_width=max_width, max_fps=max_fps)
    out_fps = float(settings.fps)
    count = max(1, round(duration * out_fps))
    poster_index = min(count - 1, math.floor(poster_seconds * out_fps))
    with VideoSink(path, settings, audio=audio, total_frames=count, progress=progress, cancelled=cancelled) as sink:
        for index in range(count):
            canvas = sink.begin_frame(clear=background)
            draw(canvas, index, index / out_fps)
            if poster is not None and index == poster_index:
                sink.save_poster(poster)
            sink.submit()
        return sink.close()


def _duration(frames: int | None, duration_seconds: float | None, fps: FpsLike) -> float:
    if (frames is None) == (duration_seconds is None):
        raise ValidationError("give exactly one of frames or duration_seconds", field="frames")
    if frames is not None:
        if frames < 1:
            raise ValidationError(f"frames must be at least 1, got {frames}", field="frames")
        return float(frames / parse_fps(fps))
    assert duration_seconds is not None
    if not duration_seconds > 0:
        raise ValidationError(f"duration_seconds must be positive, got {duration_seconds}", field="duration_seconds")
    return duration_seconds
