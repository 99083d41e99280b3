"""What the AI video handlers share: one clip from a catalogue model through its provider (progress from the
vendor's percentage, the vendor's id in the job log, the file kept as an output), and the model listing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from media_service.media import MediaKind
from media_service.providers import VideoModel, VideoRequest
from media_service.providers.video_models import Mode

from .schemas import GenerateResult, VideoGenerateRequest

if TYPE_CHECKING:
    from media_service.jobs import JobContext

__all__ = ["generate_clip"]


def generate_clip(ctx: JobContext, request: VideoGenerateRequest, model: VideoModel, *,
                  routed_from: str | None = None) -> GenerateResult:
    """Fetch the first frame (if any), run the vendor job to the end and keep its file."""
    mode: Mode = "i2v" if request.reference_image_url else "t2v"
    image = None
    if request.reference_image_url:
        ctx.progress(0.0, "fetching the reference image")
        image = ctx.inputs.fetch(request.reference_image_url, field="reference_image_url", accepts=MediaKind.IMAGE)
    vendor_model = model.vendor_model(ctx.settings, mode)
    prompt = request.prompt if not request.style_preset else f"{request.prompt}. Style: {request.style_preset}"
    width, height = (int(v) for v in request.size.split("x"))
    provider = ctx.providers.video(model.provider)
    if routed_from:
        ctx.log(f"{routed_from} is retired; routed to {model.name} ({model.provider} {vendor_model})")

    def progress(fraction: float, status: str) -> None:
        ctx.progress(0.05 + 0.85 * fraction, f"{model.provider}: {status} {round(fraction * 100)}%")

    made = provider.generate(
        VideoRequest(prompt, model=vendor_model, duration_seconds=request.duration_seconds, width=width,
                     height=height, image=image, negative_prompt=request.negative_prompt),
        ctx.workdir / "clip", progress=progress, cancelled=ctx.cancelled,
        submitted=lambda pid: ctx.log(f"{model.provider} job {pid} created ({vendor_model})"))
    ctx.progress(0.92, "saving")
    ref = ctx.outputs.save(made.path, request=request)
    notes = list(made.notes) + ([f"sora-2 is retired (2026-09-24); made by {model.name}"] if routed_from else [])
    return GenerateResult(provider_generation_id=made.provider_id, video_url=ref.url,
                          duration_seconds=ref.duration_seconds, estimated_cost_usd=model.estimated_cost(
                              ref.duration_seconds or request.duration_seconds), output=ref, model=model.name,
                          provider=model.provider, provider_model=vendor_model, routed_from=routed_from,
                          has_audio=ref.audio_codec is not None, notes=notes)
