"""What the video handlers do around the engines: fetch inputs (segments in parallel, bounded), turn the
engines' progress into human steps, compare declared and real lengths, and describe the results.

Steps a combine reports (the Sparkfluence backend shows them as `current_step`): "Downloading segment 2
(BODY_1)", "Downloading background music", "Concatenating", "Adding background music" (or "Mixing
audio"), "Uploading", "Upload complete". When a download fails, the step names that segment.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from media_service.engines.audio import Ducking, MusicLibrary
from media_service.errors import NotFoundError, ServiceError
from media_service.media import MediaKind
from media_service.providers import VideoRequest, video_model
from media_service.settings import Settings

from .schemas import CombineRequest, CombineTransition, ImageToVideoRequest, ImageToVideoResult, SegmentReport

if TYPE_CHECKING:  # the assembly engine loads in workers only (see jobs.py)
    from media_service.engines.assembly import CombineResult as EngineResult
    from media_service.engines.assembly import Music, Segment, Transition
    from media_service.jobs import JobContext

__all__ = ["DURATION_TOLERANCE", "MAX_PARALLEL_DOWNLOADS", "engine_progress", "engine_segments",
           "engine_transitions", "fetch_bgm", "fetch_segments", "library_track", "output_fps", "provider_clip", "segment_reports",
           "segment_step"]

#: Segment downloads at once: enough to hide per-request latency, few enough to be polite to one origin.
MAX_PARALLEL_DOWNLOADS = 4
#: A declared segment length further than this from the real one is logged as a warning.
DURATION_TOLERANCE = 0.5
_SOUND = (MediaKind.AUDIO, MediaKind.VIDEO)


@functools.cache
def _library(directory: str | None, index_path: str) -> MusicLibrary:
    return MusicLibrary(directory, index_path=index_path, include_starter=True)


def library_track(settings: Settings, track_id: str) -> Path:
    """The file of music-library track `track_id` (the audio group's library and index); 404 names bgm.source."""
    directory = str(Path(settings.music_library_dir).expanduser()) if settings.music_library_dir else None
    library = _library(directory, str(Path(settings.data_dir).resolve() / "music-index.json"))
    for track in library.tracks():
        if track.id == track_id:
            return Path(track.path)
    raise NotFoundError(f"bgm.source: no music-library track {track_id!r} (and it is not a media reference)",
                        details={"field": "bgm.source"})


def segment_step(index: int, label: str | None) -> str:
    """`Downloading segment 2 (BODY_1)`: 1-based, with the label when there is one."""
    return f"Downloading segment {index + 1}" + (f" ({label})" if label else "")


def fetch_segments(ctx: JobContext, request: CombineRequest, *, until: float) -> list[Path]:
    """Every segment as a local file, MAX_PARALLEL_DOWNLOADS at a time, progress from 0 to `until`.

    Progress and logs are written from this (the handler's) thread only. On the first failure the
    step names that segment, the error is logged and re-raised with the segment in its details; downloads
    not started are cancelled, those running finish (bounded by the HTTP timeouts) before the error leaves,
    so nothing writes into the job's workdir after the runtime removes it with the attempt.
    """
    segments = request.segments
    paths: list[Path | None] = [None] * len(segments)
    ctx.progress(0.0, segment_step(0, segments[0].label))
    pool = ThreadPoolExecutor(max_workers=min(MAX_PARALLEL_DOWNLOADS, len(segments)), thread_name_prefix="segment")
    try:
        futures: dict[Future[Path], int] = {
            pool.submit(ctx.inputs.fetch, s.video, field=f"segments[{i}].video", accepts=MediaKind.VIDEO): i
            for i, s in enumerate(segments)}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
            for future in sorted(done, key=lambda f: futures[f]):
                index = futures[future]
                error = future.exception()
                if error is not None:
                    _fail_download(ctx, index, segments[index].label, error, until * sum(p is not None for p in paths)
                                   / len(segments))
                paths[index] = future.result()
                ctx.log(f"segment {index + 1}{_label(segments[index].label)}: fetched "
                        f"{paths[index].stat().st_size} bytes")  # type: ignore[union-attr]
            ctx.raise_if_cancelled()
            if pending:
                waiting = min(futures[f] for f in pending)
                ctx.progress(until * sum(p is not None for p in paths) / len(segments),
                             segment_step(waiting, segments[waiting].label))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [p for p in paths if p is not None]


def _label(label: str | None) -> str:
    return f" ({label})" if label else ""


def _fail_download(ctx: JobContext, index: int, label: str | None, error: BaseException, progress: float) -> None:
    step = segment_step(index, label)
    ctx.progress(progress, step)
    ctx.flush()
    ctx.log(f"{step} failed: {getattr(error, 'message', str(error))}", level="error")
    if isinstance(error, ServiceError):
        error.details.setdefault("segment", index + 1)
        if label:
            error.details.setdefault("segment_type", label)
        error.details.setdefault("failed_step", step)
    raise error


def fetch_bgm(ctx: JobContext, request: CombineRequest, *, at: float) -> Music | None:
    """The music file (a reference, fetched; or a library track) with its volume and ducking."""
    from media_service.engines.assembly import Music

    bgm = request.bgm
    if bgm is None:
        return None
    ctx.progress(at, "Downloading background music")
    path = (ctx.inputs.fetch(bgm.source, field="bgm.source", accepts=_SOUND) if bgm.is_ref
            else library_track(ctx.settings, bgm.source))
    return Music(path=path, volume=bgm.volume, ducking=Ducking(duck_to=bgm.duck_to) if bgm.ducking else None)


def engine_transitions(request: CombineRequest) -> list[Transition | None] | None:
    """The request's transitions as the engine's (one for every join when a single one is given)."""
    from media_service.engines.assembly import Transition

    joins = len(request.segments) - 1
    given = request.transitions
    if given is None:
        return None
    items: list[CombineTransition] = given if isinstance(given, list) else [given] * joins
    return [None if t.type == "none" else Transition(type=t.type, duration=t.duration) for t in items]


def engine_segments(request: CombineRequest, paths: list[Path]) -> list[Segment]:
    """The engine's segments (files and trims)."""
    from media_service.engines.assembly import Segment

    return [Segment(path=p, trim_start=s.trim_start, trim_end=s.trim_end) for s, p in zip(request.segments, paths)]


def output_fps(request: CombineRequest) -> Fraction | None:
    """The requested frame rate as an exact fraction (29.97 → 30000/1001)."""
    fps = request.output.fps
    return None if fps is None else Fraction(fps).limit_denominator(1001)


def segment_reports(ctx: JobContext, request: CombineRequest, result: EngineResult) -> tuple[list[SegmentReport],
                                                                                              list[str]]:
    """Each segment's real facts, and a warning (also logged) for each declared length off by > 0.5 s."""
    reports, warnings = [], []
    for index, (segment, info) in enumerate(zip(request.segments, result.segments)):
        declared = segment.duration_seconds
        if declared is not None and abs(declared - info.duration_seconds) > DURATION_TOLERANCE:
            warning = (f"segment {index + 1}{_label(segment.label)}: declared {declared:g} s but is "
                       f"{info.duration_seconds:.2f} s long")
            warnings.append(warning)
            ctx.log(warning, level="warning")
        reports.append(SegmentReport(index=index, label=segment.label, duration_seconds=round(info.duration_seconds, 3),
                                     declared_duration_seconds=declared, resolution=info.resolution,
                                     fps=round(float(info.fps), 3), codec=info.codec, has_audio=info.audio is not None))
    return reports, warnings


def engine_progress(ctx: JobContext, start: float, end: float) -> Callable[[float, str], None]:
    """The combine engine's (fraction, step) mapped onto [start, end] of the job."""
    def report(fraction: float, step: str) -> None:
        if step != "Done":
            ctx.progress(start + (end - start) * fraction, step)
    return report


def provider_clip(ctx: JobContext, request: ImageToVideoRequest, image: Path) -> ImageToVideoResult:
    """Image-to-video by a catalogue model's provider: `motion_prompt` is the prompt, the image the first frame;
    progress follows the vendor's percentage and the vendor's id goes to the job log."""
    model = video_model(request.model)
    vendor_model = model.vendor_model(ctx.settings, "i2v")
    width, height = (int(v) for v in request.resolution.split("x"))
    prompt = request.motion_prompt or "Gentle, natural camera motion bringing the still image to life"
    made = ctx.providers.video(model.provider).generate(
        VideoRequest(prompt, model=vendor_model, duration_seconds=request.duration_seconds, width=width,
                     height=height, image=image), ctx.workdir / "clip",
        progress=lambda f, status: ctx.progress(0.05 + 0.85 * f, f"{model.provider}: {status} {round(f * 100)}%"),
        cancelled=ctx.cancelled, submitted=lambda pid: ctx.log(f"{model.provider} job {pid} created ({vendor_model})"))
    ref = ctx.outputs.save(made.path, request=request)
    duration, fps = ref.duration_seconds or request.duration_seconds, ref.fps or float(request.fps)
    return ImageToVideoResult(output=ref, model=model.name, template=None, strength=None,
                              motion_reason=f"made by {model.provider} ({vendor_model}) from the prompt",
                              duration_seconds=round(duration, 3), frames=round(duration * fps), fps=fps,
                              resolution=f"{ref.width}x{ref.height}", quality=request.quality,
                              provider=model.provider, provider_generation_id=made.provider_id,
                              has_audio=ref.audio_codec is not None)
