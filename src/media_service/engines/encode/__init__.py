"""The video encode engine: skia draws into a frame buffer, a second thread encodes it with PyAV.

    with open_video("out.mp4", width=1920, height=1080, fps=30, audio="mix.wav") as sink:
        for i in range(300):
            draw(sink.begin_frame(), i / 30)
            sink.submit()
    sink.result                                        # EncodeResult(path, frames, duration_seconds, ...)

    render_frames(draw, "out.webm", width=1920, height=1080, fps=30, frames=300, format="webm",
                  progress=report, cancelled=stop_requested)
    extract_poster("out.mp4", "poster.jpg", seconds=2.0)

Formats: mp4 (H.264 yuv420p + AAC, faststart), webm (VP9 + Opus), gif (one palette for the clip).
Qualities: production (requested size, x264 medium CRF 23) and preview (short side <= 720, fastest).
Errors: media_service.errors.ValidationError for bad requests (before any file exists),
UnsupportedMediaError for unreadable audio, JobCancelledError when `cancelled()` turns true; on any
failure the encoder thread is stopped and the partial file removed.
"""

from .audio import AudioArray, AudioInput
from .options import (
    GIF_MAX_FPS,
    GIF_MAX_WIDTH,
    PREVIEW_MAX_SHORT_SIDE,
    EncodeSettings,
    FpsLike,
    Quality,
    VideoFormat,
    parse_fps,
    resolve_settings,
)
from .poster import extract_poster, save_image
from .render import DrawFn, open_video, render_frames
from .sink import BLACK, CancelledFn, EncodeResult, ProgressFn, VideoSink

__all__ = [
    "BLACK", "GIF_MAX_FPS", "GIF_MAX_WIDTH", "PREVIEW_MAX_SHORT_SIDE", "AudioArray", "AudioInput", "CancelledFn",
    "DrawFn", "EncodeResult", "EncodeSettings", "FpsLike", "ProgressFn", "Quality", "VideoFormat", "VideoSink",
    "extract_poster", "open_video", "parse_fps", "render_frames", "resolve_settings", "save_image",
]
