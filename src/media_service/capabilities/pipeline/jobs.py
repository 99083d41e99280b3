"""`video.pipeline` (queue `io`): one request → script → images → clips → voiceover → captions → combine.

The parent only coordinates: every step is a child job of the type that does that work, submitted by name
(`scripts.generate`, `sparkfluence.generate_images`, `video.image_to_video`, `tts.generate`, `render.scene`,
`video.combine`), so each shows in `/jobs` with its own logs and `parent_id`. Clips and voiceovers are
submitted together (they do not depend on each other); each segment is then drawn once more with its
voiceover and captions (`render.scene`), and the segments are joined with music at −14 LUFS.
`video.pipeline_retry` is the same run for POST /video/pipeline/{id}/retry, reusing the finished steps.
"""

from __future__ import annotations

from typing import Any

from media_service.engines.speech import MAX_SPEED
from media_service.jobs import JobContext, job_type
from media_service.media import OutputRef
from media_service.media.music import music_library
from media_service.providers import video_model

from .checks import language_code, prepare_pipeline
from .schemas import PipelineRequest, PipelineResult, PipelineRetry
from .service import VOICE_LEAD_SEC, Item, PipelineRun, captions_body, clip_body, combine_body, images_body, \
    voice_body

__all__ = ["pipeline", "pipeline_retry", "run_pipeline"]

_TIMEOUT = 3600.0


def _estimate(request: PipelineRequest) -> float:
    """About 3 s of work per second of video on two cores at 720p, more at 1080p."""
    return (4.0 if request.resolution == "1080p" else 3.0) * request.total_seconds


def _segments(run: PipelineRun, request: PipelineRequest) -> list[dict[str, Any]]:
    if request.script is not None:
        run.skip("script", "given")
        return [s.model_dump() for s in request.script]
    provider = request.providers.script or "local"
    script = run.one("script", provider, Item("script", "scripts.generate", {
        "input_type": "topic", "content": request.topic, "duration": request.duration,
        "platform": request.platform, "language": request.language, "provider": provider}))
    return list(script["segments"])


def _bgm(ctx: JobContext, request: PipelineRequest) -> str | None:
    """The music: the request's, or for `auto` the library's best match for the style (else its first track)."""
    if request.bgm is None:
        return None
    if request.bgm.source != "auto":
        return request.bgm.source
    library = music_library(ctx.settings)
    mood = "dramatic" if request.style == "cinematic" else "upbeat"
    found = library.search(mood=mood, duration_min=10, limit=1) or library.tracks()[:1]
    return found[0].id if found else None


def run_pipeline(ctx: JobContext, request: PipelineRequest, *, reuse: dict[str, dict[str, Any]] | None = None,
                 retry_of: str | None = None) -> PipelineResult:
    """Run (or, after a wait, continue) the pipeline; see the module docstring."""
    run = PipelineRun(ctx, reuse)
    code = language_code(request.language)
    segments = _segments(run, request)
    images = run.one("images", request.providers.images,
                     Item("images", "sparkfluence.generate_images", images_body(request, segments)))
    model = request.providers.video
    own_sound = model != "local" and video_model(model).audio
    clips = [Item(f"clip:{i}", "video.image_to_video", clip_body(request, s, images["paths"][i], i), s["type"])
             for i, s in enumerate(segments)]
    voices = [] if own_sound else [Item(f"voice:{i}", "tts.generate", voice_body(request, s["script_text"], code),
                                        s["type"]) for i, s in enumerate(segments)]
    run.start(voices)  # speech and motion run side by side
    made = run.step("clips", model, clips)
    spoken: list[dict[str, Any] | None] = [None] * len(segments)
    if voices:
        spoken = list(run.step("voiceover", request.providers.voice, voices))
        fits = []
        for i, (segment, voice) in enumerate(zip(segments, spoken)):
            room = float(segment["duration_seconds"]) - 2 * VOICE_LEAD_SEC
            if voice is not None and voice["duration_seconds"] > room:
                speed = min(MAX_SPEED, round(1.03 * voice["duration_seconds"] / room, 3))
                ctx.log(f"voiceover {segment['type']}: {voice['duration_seconds']:.2f} s for {room:.2f} s; "
                        f"spoken again at speed {speed}")
                fits.append((i, Item(f"voice:{i}:fit", "tts.generate",
                                     voice_body(request, segment["script_text"], code, speed), segment["type"])))
        if fits:
            for (i, _), result in zip(fits, run.step("voiceover_fit", request.providers.voice,
                                                     [item for _, item in fits])):
                spoken[i] = result
    else:
        run.skip("voiceover", "the clips' own sound")
    drawn = run.step("captions", "local", [
        Item(f"captions:{i}", "render.scene", captions_body(request, s, made[i], spoken[i]), s["type"])
        for i, s in enumerate(segments)])
    bgm = _bgm(ctx, request)
    final = run.one("combine", "local", Item("combine", "video.combine", combine_body(request, segments, drawn, bgm)))
    output = OutputRef.model_validate(final["output"])
    ctx.progress(1.0, "done")
    return PipelineResult(output=output, video_url=output.url, duration_seconds=final["duration_seconds"],
                          resolution=final["resolution"], integrated_lufs=final.get("integrated_lufs"),
                          language=request.language, platform=request.platform, segments=segments,
                          steps=run.reports(), bgm=bgm, retry_of=retry_of)


@job_type("video.pipeline", request=PipelineRequest, result=PipelineResult, queue="io", default_timeout_sec=_TIMEOUT,
          estimate=_estimate, prepare=prepare_pipeline,
          summary="Full pipeline: script → images → clips → voiceover → captions → music, one parent job")
def pipeline(ctx: JobContext, request: PipelineRequest) -> PipelineResult:
    """The whole video from one request; each step is a child job."""
    return run_pipeline(ctx, request)


@job_type("video.pipeline_retry", request=PipelineRetry, result=PipelineResult, queue="io",
          default_timeout_sec=_TIMEOUT, estimate=_estimate,
          summary="A failed pipeline run again (POST /video/pipeline/{id}/retry): finished steps are reused")
def pipeline_retry(ctx: JobContext, request: PipelineRetry) -> PipelineResult:
    """The pipeline of `retry_of` again, taking the finished steps' results from `reuse`."""
    return run_pipeline(ctx, request, reuse=request.reuse, retry_of=request.retry_of)
