"""`sparkfluence.generate_images` (queue `io`): one image per segment from the chosen provider, stored as outputs."""

from __future__ import annotations

from media_service.jobs import JobContext, job_type
from media_service.providers import ImageRequest

from .checks import prepare_images
from .schemas import GeneratedSegmentImage, GenerateImagesRequest, ImagesJobResult
from .service import SIZES, segment_prompt

__all__ = ["generate_images"]


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
