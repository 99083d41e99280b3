"""`sparkfluence.generate_images` (queue `io`): one image per segment from the chosen provider, stored as outputs.
generate-videos' clips, one job per segment (its uuid): `sparkfluence.segment_video` (queue `io`, a video
provider) and `sparkfluence.local_segment_video` (queue `cpu`: the motion engine and a local voiceover)."""

from __future__ import annotations

import numpy as np

from media_service.jobs import JobContext, job_type
from media_service.media import MediaKind
from media_service.providers import LOCAL_VIDEO_MODEL, ImageRequest, VideoRequest, video_model

from .checks import prepare_images
from .schemas import GeneratedSegmentImage, GenerateImagesRequest, ImagesJobResult, SegmentVideoJob, SegmentVideoResult
from .service import SIZES, segment_prompt

__all__ = ["generate_images", "local_segment_video", "segment_video"]

#: Silence before and after the voiceover in a local clip, and the local clips' frame rate.
VOICE_LEAD_SEC = 0.25
LOCAL_FPS = 24


@job_type("sparkfluence.generate_images", request=GenerateImagesRequest, result=ImagesJobResult, queue="io",
          default_timeout_sec=600.0, estimate=lambda r: 3.0 + 8.0 * len(r.segments), prepare=prepare_images,
          summary="Sparkfluence generate-images: one image per script segment")
def generate_images(ctx: JobContext, request: GenerateImagesRequest) -> ImagesJobResult:
    """Build each segment's prompt, generate and store its image."""
    provider = ctx.providers.image(request.provider)
    width, height = SIZES[request.provider][request.aspect_ratio]
    images, paths = [], []
    notes: list[str] = []
    for i, segment in enumerate(request.segments):
        ctx.raise_if_cancelled()
        ctx.progress(i / len(request.segments), f"segment {segment.type}")
        prompt = segment_prompt(segment, style=request.style, aspect_ratio=request.aspect_ratio)
        made = provider.generate(ImageRequest(prompt, width, height, style=request.style,
                                              title=segment.script_text or None),
                                 ctx.workdir / f"segment{i}", cancelled=ctx.cancelled)
        ref = ctx.outputs.save(made.path)
        notes.extend(n for n in made.notes if n not in notes)
        images.append(GeneratedSegmentImage(segment_type=segment.type, prompt=prompt, image_url=ref.url,
                                            provider=made.provider, revised_prompt=made.revised_prompt))
        paths.append(ref.path)
    return ImagesJobResult(images=images, provider=provider.name, paths=paths, notes=notes)


def _load_local_engines() -> None:
    """Import the motion, speech and audio engines (in a worker's forkserver, before any job)."""
    import media_service.engines.audio
    import media_service.engines.motion
    import media_service.engines.speech  # noqa: F401


@job_type("sparkfluence.segment_video", request=SegmentVideoJob, result=SegmentVideoResult, queue="io",
          default_timeout_sec=2400.0, estimated_duration_sec=120.0,
          summary="Sparkfluence generate-videos: one segment's clip by a video provider (its uuid is this job)")
def segment_video(ctx: JobContext, request: SegmentVideoJob) -> SegmentVideoResult:
    """The segment's image as first frame, the contract's prompt; progress follows the vendor's percentage."""
    model = video_model(request.model)
    image = ctx.inputs.fetch(request.image_url, field="image_url", accepts=MediaKind.IMAGE)
    vendor_model = model.vendor_model(ctx.settings, "i2v")
    made = ctx.providers.video(model.provider).generate(
        VideoRequest(request.prompt, model=vendor_model, duration_seconds=request.duration_seconds,
                     width=request.width, height=request.height, image=image), ctx.workdir / "clip",
        progress=lambda f, status: ctx.progress(0.05 + 0.9 * f, f"{model.provider}: {status}"),
        cancelled=ctx.cancelled, submitted=lambda pid: ctx.log(f"{model.provider} job {pid} created ({vendor_model})"))
    ref = ctx.outputs.save(made.path, request=request)
    return SegmentVideoResult(segment_type=request.segment_type, provider=model.provider, model=vendor_model,
                              video_url=ref.url, output=ref, duration_seconds=ref.duration_seconds,
                              has_audio=ref.audio_codec is not None, provider_generation_id=made.provider_id)


@job_type("sparkfluence.local_segment_video", request=SegmentVideoJob, result=SegmentVideoResult, queue="cpu",
          default_timeout_sec=1200.0, estimate=lambda r: 4.0 + 1.5 * max(r.duration_seconds, 4.0),
          warm_up=_load_local_engines,
          summary="Sparkfluence generate-videos offline: the segment image moved by the motion engine, with a "
                  "local voiceover of script_text")
def local_segment_video(ctx: JobContext, request: SegmentVideoJob) -> SegmentVideoResult:
    """Speak the script with the language's local voice, film the image at least that long, mux the two."""
    from media_service.engines.audio import write_with_video
    from media_service.engines.motion import animate_image, match_template
    from media_service.engines.speech import synthesize, voice_for_language

    image = ctx.inputs.fetch(request.image_url, field="image_url", accepts=MediaKind.IMAGE)
    voice = voice_for_language(request.language)
    ctx.progress(0.05, "voiceover")
    speech = synthesize(request.script_text, voice.id, cancelled=ctx.cancelled)
    duration = max(request.duration_seconds, speech.duration + 2 * VOICE_LEAD_SEC)
    track = np.zeros((1, round(duration * speech.sample_rate)), dtype=np.float32)
    lead = round(VOICE_LEAD_SEC * speech.sample_rate)
    track[0, lead:lead + speech.samples.size] = speech.samples
    motion = match_template(None, request.motion)
    ctx.log(f"voice {voice.id} ({speech.duration:.2f} s); {motion.reason}")
    frames = max(1, round(duration * LOCAL_FPS))
    silent = animate_image(image, ctx.workdir / "silent.mp4", motion=motion, width=request.width,
                           height=request.height, fps=LOCAL_FPS, duration_seconds=duration, quality="balanced",
                           progress=lambda done, _total: ctx.progress(0.15 + 0.75 * done / frames, "rendering"),
                           cancelled=ctx.cancelled)
    out = ctx.workdir / f"{ctx.job_id}.mp4"
    ctx.progress(0.92, "voiceover into the clip")
    write_with_video(silent.path, track, out, sample_rate=speech.sample_rate, cancelled=ctx.cancelled)
    ref = ctx.outputs.save(out, request=request)
    return SegmentVideoResult(segment_type=request.segment_type, provider="local", model=LOCAL_VIDEO_MODEL,
                              video_url=ref.url, output=ref, duration_seconds=ref.duration_seconds,
                              has_audio=ref.audio_codec is not None, voice=voice.id)
