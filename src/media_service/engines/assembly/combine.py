"""`combine_segments`: video segments joined into one programme, with their own audio and optional music.

The path is chosen honestly: when every segment has the same codec, size, frame rate, pixel format,
timebase, codec parameters and audio layout, and nothing is trimmed or transitioned, packets are copied
(`copy.py`); otherwise every segment is normalised and the programme is encoded once (`reencode.py`).
Either way the video is written first ("Concatenating") and the audio is then built on the programme's
timeline and muxed beside the (copied) video ("Adding background music"); in the copy path with no music
and no loudness target the segments' audio packets are copied too, untouched.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal

from media_service.engines.audio import SAMPLE_RATE, Loudness, integrated_loudness, write_with_video
from media_service.engines.video import TransitionType
from media_service.errors import JobCancelledError, ValidationError

from .copy import concat_copy, copy_blockers
from .probe import SegmentInfo, probe_segment
from .reencode import Span, encode_programme
from .soundtrack import Music, Placement, programme_audio

__all__ = ["CombineResult", "Segment", "StepFn", "Transition", "combine_segments"]

#: progress(fraction 0..1, step name): steps are "Probing", "Concatenating", "Adding background music",
#: "Mixing audio" (no music, audio rebuilt) and "Done".
StepFn = Callable[[float, str], None]


@dataclass(frozen=True)
class Segment:
    """A segment file and the part of it to use (seconds; trim_end None: to its end)."""

    path: Path
    trim_start: float = 0.0
    trim_end: float | None = None


@dataclass(frozen=True)
class Transition:
    """A transition between two segments, from the scene engine's set."""

    type: TransitionType = "crossfade"
    duration: float = 0.5


@dataclass(frozen=True)
class CombineResult:
    """What was written and how: `mode` copy|reencode with the `reasons` copying was refused."""

    path: Path
    mode: Literal["copy", "reencode"]
    reasons: list[str]
    duration_seconds: float
    width: int
    height: int
    fps: float
    format: str
    codec: str
    has_audio: bool
    audio_reencoded: bool
    size_bytes: int
    integrated_lufs: float | None
    segments: list[SegmentInfo] = field(default_factory=list)


def combine_segments(segments: Sequence[Segment], out: str | Path, *, output_format: str = "mp4",
                     size: tuple[int, int] | None = None, fps: Fraction | None = None,
                     transitions: Sequence[Transition | None] | None = None, music: Music | None = None,
                     loudness_target: float | None = -14.0, preset: str | None = None,
                     progress: StepFn | None = None, cancelled: Callable[[], bool] | None = None) -> CombineResult:
    """Join `segments` into `out` (see the module docstring); the first segment sets size and fps by default.

    `transitions[k]` joins segment k and k+1 (None or "none": a cut). `loudness_target` None keeps the
    segments' level (and, on the copy path without music, their audio packets). Raises ValidationError /
    UnsupportedMediaError naming `segments.N.video`, `transitions.N` or `bgm.source`; partial files are removed.
    """
    target = Path(out)
    joins = _joins(segments, transitions)
    say = progress or (lambda fraction, step: None)
    say(0.0, "Probing")
    infos = [probe_segment(s.path, field=f"segments.{i}.video") for i, s in enumerate(segments)]
    lengths = [_length(s, info, i) for i, (s, info) in enumerate(zip(segments, infos))]
    first = infos[0]
    width, height = size or (first.width, first.height)
    rate = fps or first.fps
    trimmed = any(s.trim_start > 0 or s.trim_end is not None for s in segments)
    reasons = copy_blockers(infos, output_format=output_format, trimmed=trimmed,
                            transitions=any(j is not None for j in joins), size=size, fps=fps)
    has_audio = music is not None or any(info.audio is not None for info in infos)
    rebuild = has_audio and (bool(reasons) or music is not None or loudness_target is not None)
    video_path = target.with_name(f"{target.stem}.video{target.suffix}") if rebuild else target
    spans = _spans(segments, lengths, joins)
    try:
        say(0.05, "Concatenating")
        step = _sub(say, 0.05, 0.7, "Concatenating")
        if reasons:
            encode_programme(spans, video_path, width=width, height=height, fps=rate, format=output_format,
                             audio=None, preset=preset, progress=step, cancelled=cancelled)
        else:
            concat_copy(infos, video_path, output_format=output_format, audio=not rebuild, progress=step,
                        cancelled=cancelled)
        lufs = None
        if rebuild:
            say(0.7, "Adding background music" if music is not None else "Mixing audio")
            _check(cancelled)
            duration = spans[-1].start + spans[-1].length
            placements = [Placement(path=s.path if info.audio is not None else None, start=span.start,
                                    length=span.length, source_start=span.source_start, fade_in=fade_in,
                                    fade_out=span.transition_duration if span.transition != "none" else 0.0)
                          for s, info, span, fade_in in zip(segments, infos, spans, _fade_ins(spans))]
            loudness = None if loudness_target is None else Loudness(target_lufs=loudness_target)
            samples = programme_audio(placements, duration, music=music, loudness=loudness)
            lufs = round(integrated_loudness(samples, SAMPLE_RATE), 2)
            write_with_video(video_path, samples, target, sample_rate=SAMPLE_RATE, field="segments",
                             cancelled=cancelled)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        if video_path != target:
            video_path.unlink(missing_ok=True)
    say(1.0, "Done")
    facts = probe_segment(target, field="output")
    return CombineResult(path=target, mode="reencode" if reasons else "copy", reasons=reasons,
                         duration_seconds=facts.duration_seconds, width=facts.width, height=facts.height,
                         fps=float(facts.fps), format=output_format, codec=facts.codec,
                         has_audio=facts.audio is not None, audio_reencoded=rebuild, size_bytes=target.stat().st_size,
                         integrated_lufs=lufs if lufs is not None and math.isfinite(lufs) else None, segments=infos)


def _joins(segments: Sequence[Segment], transitions: Sequence[Transition | None] | None) -> list[Transition | None]:
    if not segments:
        raise ValidationError("segments: at least one segment is required", field="segments")
    joins = list(transitions or [])
    if len(joins) > len(segments) - 1:
        raise ValidationError(f"transitions: {len(joins)} given for {len(segments)} segments (at most one "
                              f"between each pair)", field="transitions")
    joins += [None] * (len(segments) - 1 - len(joins))
    return [None if j is None or j.type == "none" or j.duration <= 0 else j for j in joins]


def _length(segment: Segment, info: SegmentInfo, index: int) -> float:
    end = info.duration_seconds if segment.trim_end is None else min(segment.trim_end, info.duration_seconds)
    if segment.trim_start < 0 or end - segment.trim_start <= 0:
        raise ValidationError(f"segments.{index}: trimming leaves nothing of a {info.duration_seconds:.2f} s "
                              f"segment", field=f"segments.{index}.trim_start")
    return end - segment.trim_start


def _spans(segments: Sequence[Segment], lengths: list[float], joins: list[Transition | None]) -> list[Span]:
    spans: list[Span] = []
    start = 0.0
    for k, (segment, length) in enumerate(zip(segments, lengths)):
        join = joins[k] if k < len(joins) else None
        overlap = 0.0 if join is None else min(join.duration, length / 2, lengths[k + 1] / 2)
        spans.append(Span(path=segment.path, start=start, length=length, source_start=segment.trim_start,
                          transition=join.type if join is not None else "none", transition_duration=overlap))
        start += length - overlap
    return spans


def _fade_ins(spans: list[Span]) -> list[float]:
    return [0.0] + [prev.transition_duration if prev.transition != "none" else 0.0 for prev in spans[:-1]]


def _sub(say: StepFn, start: float, end: float, step: str) -> Callable[[float], None]:
    return lambda fraction: say(start + (end - start) * min(1.0, max(0.0, fraction)), step)


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise JobCancelledError("combine cancelled")
