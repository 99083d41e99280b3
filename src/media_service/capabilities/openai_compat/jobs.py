"""`openai_compat.images` (queue `io`): `n` images of one prompt from one image provider, for
`POST /v1/images/generations`. No other group has a plain "prompt → image" job type (image.* make characters,
stickers or Gemini images; Sparkfluence's makes one image per script segment), so this group declares it.
Speech and transcription submit `tts.generate` and `analyze.transcript` by name."""

from __future__ import annotations

from pathlib import Path

from media_service.jobs import JobContext, job_type
from media_service.providers import ImageRequest

from .schemas import GeneratedImageOut, ImagesJobRequest, ImagesJobResult

__all__ = ["images"]

_MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def _convert(path: Path, fmt: str, quality: int | None) -> Path:
    """`path` re-encoded as JPEG or WebP with Skia (providers answer PNG)."""
    import skia

    encoded = {"jpeg": skia.EncodedImageFormat.kJPEG, "webp": skia.EncodedImageFormat.kWEBP}[fmt]
    image = skia.Image.open(str(path))
    data = image.encodeToData(encoded, 90 if quality is None else quality)
    if data is None:
        raise RuntimeError(f"Skia could not encode {fmt}")
    target = path.with_suffix(".jpg" if fmt == "jpeg" else ".webp")
    target.write_bytes(bytes(data))
    return target


@job_type("openai_compat.images", request=ImagesJobRequest, result=ImagesJobResult, queue="io",
          default_timeout_sec=600.0, estimate=lambda r: 2.0 + 8.0 * r.n,
          summary="Images of one prompt from the first configured image provider (the OpenAI-compatible surface)")
def images(ctx: JobContext, request: ImagesJobRequest) -> ImagesJobResult:
    """Make `n` images with the planned provider and store each as an output."""
    provider = ctx.providers.image(request.provider)
    made_images: list[GeneratedImageOut] = []
    notes: list[str] = []
    for i in range(request.n):
        ctx.raise_if_cancelled()
        ctx.progress(i / request.n, f"image {i + 1} of {request.n}")
        made = provider.generate(ImageRequest(request.prompt, request.width, request.height, model=request.model,
                                              style=request.style, seed=i if request.n > 1 else None),
                                 ctx.workdir / f"image{i}", cancelled=ctx.cancelled)
        path = made.path
        mime = made.mime
        if _MIME[request.output_format] != mime:
            path, mime = _convert(path, request.output_format, request.output_compression), _MIME[request.output_format]
        ref = ctx.outputs.save(path)
        notes.extend(n for n in made.notes if n not in notes)
        made_images.append(GeneratedImageOut(path=ref.path, url=ref.url, mime=mime, provider=made.provider,
                                             model=made.model, revised_prompt=made.revised_prompt))
    ctx.log(f"{request.n} image(s) {request.width}x{request.height} by {provider.name}")
    return ImagesJobResult(images=made_images, provider=provider.name, notes=notes)
