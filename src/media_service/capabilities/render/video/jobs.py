"""`render.scene` (queue `cpu`): a scene timeline rendered by the video engine (see `service.py`).

Submission checks everything knowable (`checks.py`); the estimate grows with frames × output pixels.
"""

from __future__ import annotations

from media_service.engines.encode import resolve_settings
from media_service.engines.scene import default_font_library
from media_service.jobs import JobContext, job_type

from .checks import prepare_render_scene
from .schemas import RenderSceneRequest, RenderSceneResult
from .service import render_timeline_job

__all__ = ["estimate_render_seconds", "render_scene", "warm_fonts"]

_TIMEOUT = 3600.0
#: Seconds per 1080p-equivalent frame on the reference machine (2 cores), end to end.
_SECONDS_PER_FRAME = {"production": 1 / 40, "preview": 1 / 120}

def warm_fonts() -> None:
    """Build the system font library (fontconfig + ICU, ~0.45 s) once in the forkserver cpu jobs are forked
    from, so no render pays for it again (never in the API process)."""
    default_font_library()


def estimate_render_seconds(request: RenderSceneRequest) -> float:
    """Frames × output pixels at the measured rate of the quality, plus fetching and the audio mix."""
    timeline = request.timeline
    try:
        settings = resolve_settings(width=timeline.width, height=timeline.height, fps=timeline.fps,
                                    format=request.output_format, quality=request.quality)
    except Exception:  # noqa: BLE001 -- an invalid request is refused by prepare; the estimate only needs a number
        return 10.0
    frames = max(1, round(timeline.duration * float(settings.fps)))
    size = settings.width * settings.height / (1920 * 1080)
    audio = 0.02 * timeline.duration if timeline.audio is not None else 0.0
    return round(1.0 + frames * size * _SECONDS_PER_FRAME[request.quality] + audio, 1)


@job_type("render.scene", request=RenderSceneRequest, result=RenderSceneResult, queue="cpu", warm_up=warm_fonts,
          default_timeout_sec=_TIMEOUT, estimate=estimate_render_seconds, prepare=prepare_render_scene,
          summary="Render a scene timeline (layers, keyframes, transitions, video clips, audio) to a video")
def render_scene(ctx: JobContext, request: RenderSceneRequest) -> RenderSceneResult:
    """Fetch the timeline's media, render it frame by frame, and deliver the video and its poster."""
    timeline = request.timeline
    ctx.log(f"timeline: {timeline.width}x{timeline.height} @ {timeline.fps:g} fps, {timeline.duration:g} s, "
            f"{len(timeline.scenes)} scene(s), {request.output_format} {request.quality}")
    return render_timeline_job(ctx, timeline, format=request.output_format, quality=request.quality,
                               request=request, poster_time=request.poster_time)
