"""What the AI video handlers share: one clip from a catalogue model through its provider (progress from the
vendor's percentage, the vendor's id in the job log, the file kept as an output), and the model listing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from media_service.engines.assembly import Segment, combine_segments, probe_segment
from media_service.engines.encode import extract_poster
from media_service.media import MediaKind
from media_service.providers import GeneratedVideo, VideoModel, VideoRequest
from media_service.providers.video_models import Mode

from .schemas import GenerateResult, VideoGenerateRequest

if TYPE_CHECKING:
    from media_service.jobs import JobContext

__all__ = ["generate_clip"]


def generate_clip(ctx: JobContext, request: VideoGenerateRequest, model: VideoModel, *,
                  routed_from: str | None = None) -> GenerateResult:
    """Fetch the first frame (if any), run the vendor job(s) to the end and keep the file. With `allow_extend`,
    a request longer than the model's longest clip is made in parts, each later one continuing from the last
    frame of the one before (models that take an image), and the parts are joined and trimmed to the length."""
    image = None
    if request.reference_image_url:
        ctx.progress(0.0, "fetching the reference image")
        image = ctx.inputs.fetch(request.reference_image_url, field="reference_image_url", accepts=MediaKind.IMAGE)
    prompt = request.prompt if not request.style_preset else f"{request.prompt}. Style: {request.style_preset}"
    width, height = (int(v) for v in request.size.split("x"))
    provider = ctx.providers.video(model.provider)
    parts = model.parts_for(request.duration_seconds) if request.allow_extend else [request.duration_seconds]
    if routed_from:
        ctx.log(f"{routed_from} is retired; routed to {model.name} ({model.provider})")
    if len(parts) > 1:
        ctx.log(f"allow_extend: {request.duration_seconds:g} s in {len(parts)} parts of "
                f"{' + '.join(f'{p:g}' for p in parts)} s")
    made: list[GeneratedVideo] = []
    vendor_model = ""
    for k, part in enumerate(parts):
        mode: Mode = "i2v" if image is not None else "t2v"
        vendor_model = model.vendor_model(ctx.settings, mode)
        span = 0.85 / len(parts)
        label = f"part {k + 1}/{len(parts)}: " if len(parts) > 1 else ""

        def progress(fraction: float, status: str, base: float = 0.05 + k * span, label: str = label) -> None:
            ctx.progress(base + span * fraction, f"{label}{model.provider}: {status} {round(fraction * 100)}%")

        made.append(provider.generate(
            VideoRequest(prompt, model=vendor_model, duration_seconds=part, width=width, height=height, image=image,
                         negative_prompt=request.negative_prompt),
            ctx.workdir / f"clip{k}", progress=progress, cancelled=ctx.cancelled,
            submitted=lambda pid, vm=vendor_model: ctx.log(f"{model.provider} job {pid} created ({vm})")))
        if k + 1 < len(parts) and "i2v" in model.modes:
            image = extract_poster(made[-1].path, ctx.workdir / f"last{k}.png", seconds=1e9)
    ctx.progress(0.92, "joining the parts" if len(made) > 1 else "saving")
    path = made[0].path if len(made) == 1 else _joined(made, request.duration_seconds, ctx.workdir / "extended.mp4")
    ref = ctx.outputs.save(path, request=request)
    notes = [note for clip in made for note in clip.notes]
    notes += [f"sora-2 is retired (2026-09-24); made by {model.name}"] if routed_from else []
    if len(made) > 1:
        notes.append(f"made in {len(made)} parts joined in order" + (
            ", each later part starting from the last frame of the one before" if "i2v" in model.modes else ""))
    return GenerateResult(provider_generation_id=",".join(clip.provider_id for clip in made), video_url=ref.url,
                          duration_seconds=ref.duration_seconds, estimated_cost_usd=model.estimated_cost(
                              sum(parts) if len(parts) > 1 else ref.duration_seconds or request.duration_seconds),
                          output=ref, model=model.name, provider=model.provider, provider_model=vendor_model,
                          routed_from=routed_from, has_audio=ref.audio_codec is not None,
                          parts_seconds=parts if len(parts) > 1 else [], notes=notes)


def _joined(clips: list[GeneratedVideo], duration: float, out: Path) -> Path:
    """The parts one after the other (stream-copied when they match, as a model's clips do), the last one cut
    so the whole is `duration` long when the parts run longer."""
    lengths = [probe_segment(clip.path, field=f"part{k}").duration_seconds for k, clip in enumerate(clips)]
    excess = sum(lengths) - duration
    segments = [Segment(clip.path) for clip in clips]
    if excess > 0.05 and lengths[-1] - excess > 0.1:
        segments[-1] = Segment(clips[-1].path, trim_end=lengths[-1] - excess)
    return combine_segments(segments, out, loudness_target=None).path
