"""Video job types (queue `cpu`): combine, image-to-video and transform over the local engines (transform's
AI operations on Replicate's enhancement models).

Each handler fetches its inputs through `ctx.inputs` (egress guard, size limit; errors name the field),
makes one engine call with the job's progress and cancellation, and saves the file as an OutputRef.
The engines are imported inside the handlers: they load in the workers (the forkserver preloads them
through `warm_up`), not in the API process, whose start-up they would slow by about 1.5 s.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from media_service.jobs import JobContext, job_type
from media_service.media import MediaKind
from media_service.media.probe import probe_media
from media_service.providers import ENHANCERS, EnhanceSettings

from .checks import prepare_combine, prepare_image_to_video, prepare_transform, transform_model
from .schemas import (
    LOCAL_MODEL,
    CombineRequest,
    CombineResult,
    ImageToVideoRequest,
    ImageToVideoResult,
    TransformRequest,
    TransformResult,
)
from .service import (engine_progress, engine_segments, engine_transitions, fetch_bgm, fetch_segments, output_fps,
                      provider_clip, segment_reports)

__all__ = ["combine", "image_to_video", "transform"]

if TYPE_CHECKING:
    from media_service.engines.transform import Operation

_TIMEOUT = 1800.0


def _load_engines() -> None:
    """Import the three engines (in a worker's forkserver, before any job)."""
    import media_service.engines.assembly
    import media_service.engines.motion
    import media_service.engines.transform  # noqa: F401


@job_type("video.combine", request=CombineRequest, result=CombineResult, queue="cpu", default_timeout_sec=_TIMEOUT,
          estimate=lambda req: 5.0 + 3.0 * len(req.segments), prepare=prepare_combine, warm_up=_load_engines,
          summary="Combine video segments (stream copy when honest) with background music and a loudness target")
def combine(ctx: JobContext, request: CombineRequest) -> CombineResult:
    """Fetch the segments in parallel, then join them, add the music and normalise in one engine call."""
    from media_service.engines.assembly import combine_segments

    paths = fetch_segments(ctx, request, until=0.3)
    music = fetch_bgm(ctx, request, at=0.3)
    out = ctx.workdir / f"{ctx.job_id}.{request.output.format}"
    result = combine_segments(engine_segments(request, paths), out, output_format=request.output.format,
                              size=request.output.size, fps=output_fps(request),
                              transitions=engine_transitions(request), music=music,
                              loudness_target=request.loudness_target, progress=engine_progress(ctx, 0.32, 0.95),
                              cancelled=ctx.cancelled)
    ctx.log(f"combined {len(paths)} segments by {'stream copy' if result.mode == 'copy' else 're-encoding'}"
            + (f" ({'; '.join(result.reasons)})" if result.reasons else ""))
    reports, warnings = segment_reports(ctx, request, result)
    ctx.progress(0.96, "Uploading")
    ref = ctx.outputs.save(result.path, request=request)
    ctx.progress(1.0, "Upload complete")
    return CombineResult(output=ref, mode=result.mode, reasons=result.reasons,
                         duration_seconds=round(result.duration_seconds, 3),
                         resolution=f"{result.width}x{result.height}", fps=round(result.fps, 3), format=result.format,
                         codec=result.codec, audio_reencoded=result.audio_reencoded,
                         integrated_lufs=result.integrated_lufs, segments=reports, warnings=warnings)


@job_type("video.image_to_video", request=ImageToVideoRequest, result=ImageToVideoResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, estimate=lambda req: 2.0 + req.duration_seconds * req.fps / 12,
          prepare=prepare_image_to_video, warm_up=_load_engines, summary="Animate a still image: a motion template (local engine) or an image-to-video model")
def image_to_video(ctx: JobContext, request: ImageToVideoRequest) -> ImageToVideoResult:
    """Fetch the image, pick the template (by name, else from the prompt) and film it."""
    from media_service.engines.motion import animate_image, match_template

    ctx.progress(0.0, "fetching")
    image = ctx.inputs.fetch(request.image_ref, field=request.image_field, accepts=MediaKind.IMAGE)
    if request.model != LOCAL_MODEL:
        return provider_clip(ctx, request, image)
    motion = match_template(request.template, request.motion_prompt)
    ctx.log(motion.reason)
    width, height = (int(v) for v in request.resolution.split("x"))
    total = max(1, round(request.duration_seconds * request.fps))
    result = animate_image(image, ctx.workdir / f"{ctx.job_id}.{request.format}", motion=motion, width=width,
                           height=height, fps=request.fps, duration_seconds=request.duration_seconds,
                           quality=request.quality, format=request.format,
                           progress=lambda done, _: ctx.progress(0.05 + 0.9 * done / total, "rendering"),
                           cancelled=ctx.cancelled)
    ref = ctx.outputs.save(result.path, request=request)
    return ImageToVideoResult(output=ref, model=LOCAL_MODEL, template=result.template, strength=result.strength,
                              motion_reason=result.reason, duration_seconds=round(result.video.duration_seconds, 3),
                              frames=result.video.frames, fps=result.video.fps, resolution=request.resolution,
                              quality=request.quality)


@job_type("video.transform", request=TransformRequest, result=TransformResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, estimated_duration_sec=30.0, prepare=prepare_transform, warm_up=_load_engines,
          summary="Upscale or denoise a video locally (audio kept), or super-resolution, face restoration, "
                  "colorize and style transfer on Replicate models")
def transform(ctx: JobContext, request: TransformRequest) -> TransformResult:
    """Fetch the video and run the local transform, or the Replicate model the request routes to."""
    from media_service.engines.transform import transform_video

    ctx.progress(0.0, "fetching")
    source = ctx.inputs.fetch(request.video_ref, field=request.video_field, accepts=MediaKind.VIDEO)
    model = transform_model(request)
    if model != LOCAL_MODEL:
        return _on_replicate(ctx, request, source, model)
    operation: Operation = "upscale" if request.enhancement_type == "upscale" else "denoise"
    result = transform_video(source, ctx.workdir / f"{ctx.job_id}.mp4", operation=operation,
                             resolution=request.output_resolution, strength=request.strength, method=request.method,
                             progress=lambda done, total: ctx.progress(0.05 + 0.9 * done / max(total, done, 1),
                                                                        operation),
                             cancelled=ctx.cancelled)
    ref = ctx.outputs.save(result.path, request=request)
    return TransformResult(output=ref, enhancement_type=request.enhancement_type, model=LOCAL_MODEL,
                           width=result.width, height=result.height, frames=result.frames, fps=result.fps,
                           audio_kept=result.has_audio)


def _on_replicate(ctx: JobContext, request: TransformRequest, source: Path, model: str) -> TransformResult:
    """One prediction of the enhancement model (cancelled with the job), its video downloaded and measured."""
    enhancer = ENHANCERS[model]
    version = str(getattr(ctx.settings, enhancer.setting))
    asked = EnhanceSettings(request.output_resolution, request.strength, request.style_prompt)
    ctx.log(f"{request.enhancement_type} on replicate {model} ({version.split(':')[0]})")
    made = ctx.providers.video("replicate").enhance(
        version, source, enhancer.video_input, enhancer.inputs(asked), ctx.workdir / "enhanced",
        progress=lambda fraction, state: ctx.progress(0.05 + 0.9 * fraction, state), cancelled=ctx.cancelled,
        submitted=lambda pid: ctx.log(f"replicate prediction {pid}"))
    facts = probe_media(made.path)
    ref = ctx.outputs.save(made.path, name=f"{ctx.job_id}{made.path.suffix}", request=request)
    fps = facts.fps or 0.0
    return TransformResult(output=ref, enhancement_type=request.enhancement_type, model=model,
                           width=facts.width or 0, height=facts.height or 0,
                           frames=round((facts.duration_seconds or 0.0) * fps), fps=fps,
                           audio_kept=facts.audio_codec is not None, provider="replicate",
                           provider_generation_id=made.provider_id)
