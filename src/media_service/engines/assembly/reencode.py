"""The normalising path: every segment decoded, fitted to one size and frame rate, and encoded once.

Each output frame at programme time t shows the frame of the active segment that starts at or before
its own time (so 24 fps material in a 30 fps programme repeats frames, 60 fps drops them), scaled to fit
the output and centred on black (letter- or pillar-boxed, never cropped or stretched). Between two
segments with a transition the last `duration` seconds of the first overlap the first of the next and
the scene engine's transition paints them (crossfade, fade, slides, wipe, zoom).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import skia

from media_service.engines.encode import AudioArray, EncodeResult, open_video
from media_service.engines.video import ClipSource, TransitionType
from media_service.engines.video.transitions import draw_transition

__all__ = ["Span", "encode_programme"]

_SAMPLING = skia.SamplingOptions(skia.FilterMode.kLinear, skia.MipmapMode.kNone)
#: x264 for the one encode: veryfast at CRF 20 keeps Veo-quality segments visually intact at several times
#: the speed of "medium" (bench/combine.py).
DEFAULT_PRESET, DEFAULT_CRF = "veryfast", 20


@dataclass(frozen=True)
class Span:
    """One segment on the programme: its file, start on the programme, length, trim into the file, and the
    transition into the next segment (`kind`, `duration` seconds; "none" is a cut)."""

    path: Path
    start: float
    length: float
    source_start: float = 0.0
    transition: TransitionType = "none"
    transition_duration: float = 0.0


def encode_programme(spans: Sequence[Span], out: Path, *, width: int, height: int, fps: Fraction, format: str,
                     audio: AudioArray | None, preset: str | None = None, crf: int | None = None,
                     progress: Callable[[float], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> EncodeResult:
    """Draw and encode the programme described by `spans` into `out`."""
    duration = spans[-1].start + spans[-1].length
    count = max(1, round(duration * fps))
    sources = [ClipSource(span.path, size=(width, height), fit="contain", name=f"segments.{i}.video")
               for i, span in enumerate(spans)]
    size = (width, height)
    background = _fill(0xFF000000)

    def report(done: int, total: int) -> None:
        if progress is not None and total:
            progress(done / total)

    try:
        with open_video(out, width=width, height=height, fps=fps, format=format,  # type: ignore[arg-type]
                        preset=preset or (DEFAULT_PRESET if format == "mp4" else None),
                        crf=crf if crf is not None else (DEFAULT_CRF if format == "mp4" else None), audio=audio, total_frames=count, progress=report,
                        cancelled=cancelled) as sink:
            for index in range(count):
                t = float(index / fps)
                canvas = sink.begin_frame()
                k = _active(spans, t)
                span = spans[k]
                entering = spans[k - 1] if k > 0 else None
                if entering is not None and entering.transition != "none" and t < span.start + entering.transition_duration:
                    p = _ease((t - span.start) / entering.transition_duration)
                    old, new = sources[k - 1], sources[k]
                    draw_transition(canvas, entering.transition, p, size,
                                    old=_drawer(old, t - entering.start + entering.source_start, size),
                                    new=_drawer(new, t - span.start + span.source_start, size),
                                    background=background)
                else:
                    _drawer(sources[k], t - span.start + span.source_start, size)(canvas)
                sink.submit()
            return sink.close()
    finally:
        for source in sources:
            source.close()


def _active(spans: Sequence[Span], t: float) -> int:
    """The last segment that has started at t."""
    index = 0
    for k, span in enumerate(spans):
        if span.start <= t + 1e-9:
            index = k
    return index


def _ease(u: float) -> float:
    """Cubic ease in-out, the scene engine's default transition easing."""
    u = min(1.0, max(0.0, u))
    return 4 * u * u * u if u < 0.5 else 1 - (-2 * u + 2) ** 3 / 2


def _fill(color: int) -> Callable[[skia.Canvas], None]:
    def draw(canvas: skia.Canvas) -> None:
        canvas.clear(color)
    return draw


def _drawer(source: ClipSource, t: float, size: tuple[int, int]) -> Callable[[skia.Canvas], None]:
    """Paint the clip's frame at clip time t, fitted and centred, over black."""
    def draw(canvas: skia.Canvas) -> None:
        canvas.drawColor(0xFF000000)
        image = source.frame_at(t)
        if image is None:
            return
        width, height = size
        ratio = min(width / image.width(), height / image.height())
        w, h = image.width() * ratio, image.height() * ratio
        canvas.drawImageRect(image, skia.Rect.MakeXYWH((width - w) / 2, (height - h) / 2, w, h), _SAMPLING)
    return draw
