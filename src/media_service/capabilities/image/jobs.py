"""Image job types (queue `io`: the work is mostly waiting on providers; the local engines are quick).

- `image.character`: the style prompt is built once; one image per expression; the character and its
  variants are stored together when every image exists;
- `image.character.variant`: the stored style prompt again (plus the first image as a reference where
  the provider takes one), one image per expression × pose × outfit, appended to the character;
- `image.gemini`: a prompt (+ reference images) → the Gemini image model;
- `image.stickers`: pictures generated on a plain background (or the `source` picture), cut out locally.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from media_service.engines.image import StickerOptions, cut_sticker
from media_service.jobs import JobContext, job_type
from media_service.media import MediaKind
from media_service.providers import ImageRequest
from media_service.settings import Settings

from .catalog import character_prompt, sticker_prompt, style_prompt
from .checks import prepare_character, prepare_gemini, prepare_stickers, prepare_variant
from .repository import CharacterRecord, VariantRecord, character_repository, new_id, now
from .schemas import (
    CharacterGenerateRequest,
    CharacterGenerateResponse,
    CharacterImage,
    CharacterVariantRequest,
    GeminiImageRequest,
    GeminiImageResult,
    StickerOutput,
    StickerRequest,
    StickerResult,
)
from .service import chosen_provider, make_image, parse_size

__all__ = ["character", "character_variant", "gemini_image", "stickers"]

_TIMEOUT = 900.0


def _gemini_available(settings: Settings) -> tuple[bool, str | None]:
    return (True, None) if settings.google_api_key is not None else (False, "set GOOGLE_API_KEY (or GEMINI_API_KEY)")


def _images(ctx: JobContext, request: CharacterGenerateRequest | CharacterVariantRequest, stored: CharacterRecord,
            combos: list[tuple[str, str | None, str | None]], references: tuple[Path, ...] = ()
            ) -> tuple[list[CharacterImage], list[VariantRecord]]:
    """One image per (expression, pose, outfit), each prompt starting with the stored style prompt."""
    provider = chosen_provider(ctx.providers, request.provider, None)
    width, height = parse_size(request.size or stored.size)
    images, records = [], []
    for i, (expression, pose, outfit) in enumerate(combos):
        ctx.raise_if_cancelled()
        ctx.progress(i / len(combos), f"{expression} ({i + 1}/{len(combos)})")
        prompt = character_prompt(stored.style_prompt, expression=expression, pose=pose, outfit=outfit)
        refs = references if provider.takes_references else ()
        image = make_image(ctx, provider, ImageRequest(prompt, width, height, model=request.model, seed=request.seed,
                                                       references=refs, style=stored.style,
                                                       title=f"{stored.name} {expression}"), f"v{i}")
        vid = new_id("var")
        images.append(CharacterImage(variant_id=vid, expression=expression, pose=pose, outfit=outfit, url=image.url,
                                     path=image.path, prompt=prompt, image=image))
        records.append(VariantRecord(vid, expression, pose, outfit, image.path, image.provider, image.model, now(),
                                     ctx.job_id))
    return images, records


def _or_none(values: list[str] | None) -> list[str | None]:
    """`values`, or one None (no pose/outfit) when there are none."""
    return [*values] if values else [None]

@job_type("image.character", request=CharacterGenerateRequest, result=CharacterGenerateResponse, queue="io",
          default_timeout_sec=_TIMEOUT, estimate=lambda r: 5.0 + 10.0 * len(r.expressions), prepare=prepare_character,
          summary="Generate a consistent character: one image per expression, stored with its style prompt")
def character(ctx: JobContext, request: CharacterGenerateRequest) -> CharacterGenerateResponse:
    """Build the style prompt, make one image per expression, store the character with its variants."""
    base = style_prompt(request.name, request.description, request.style)
    draft = CharacterRecord(new_id("char"), request.name, request.description, request.style, base,
                            request.workspace_id, request.size, str(request.provider), now())
    combos: list[tuple[str, str | None, str | None]] = [(e, None, None) for e in request.expressions]
    images, records = _images(ctx, request, draft, combos)
    character_repository(ctx.settings).add_character(replace(draft, variants=tuple(records)))
    ctx.log(f"stored character {draft.id} with {len(records)} variants")
    return CharacterGenerateResponse(character_id=draft.id, name=request.name, images=images, style_prompt=base,
                                     provider=images[0].image.provider)


@job_type("image.character.variant", request=CharacterVariantRequest, result=CharacterGenerateResponse, queue="io",
          default_timeout_sec=_TIMEOUT, estimate=lambda r: 5.0 + 10.0 * len(r.expressions), prepare=prepare_variant,
          summary="More expressions, poses or outfits of a stored character, from its style prompt")
def character_variant(ctx: JobContext, request: CharacterVariantRequest) -> CharacterGenerateResponse:
    """Reuse the stored style prompt (and the first image as reference) and append the new variants."""
    repository = character_repository(ctx.settings)
    stored = repository.get(str(request.character_id))
    combos = list(itertools.product(request.expressions, _or_none(request.poses), _or_none(request.outfits)))
    first = Path(stored.variants[0].image_path) if stored.variants else None
    references = (first,) if first is not None and first.is_file() else ()
    images, records = _images(ctx, request, stored, combos, references)
    repository.add_variants(stored.id, tuple(records))
    return CharacterGenerateResponse(character_id=stored.id, name=stored.name, images=images,
                                     style_prompt=stored.style_prompt, provider=images[0].image.provider)


@job_type("image.gemini", request=GeminiImageRequest, result=GeminiImageResult, queue="io",
          default_timeout_sec=300.0, estimated_duration_sec=15.0, prepare=prepare_gemini,
          available=_gemini_available, summary="Generate an image with the Gemini image model")
def gemini_image(ctx: JobContext, request: GeminiImageRequest) -> GeminiImageResult:
    """Fetch the reference images, then one call to the Gemini image model."""
    refs = tuple(ctx.inputs.fetch(ref, field=f"reference_images.{i}", accepts=MediaKind.IMAGE)
                 for i, ref in enumerate(request.reference_images))
    a, b = (int(x) for x in request.aspect_ratio.split(":"))
    scale = 1024 / max(a, b)
    provider = chosen_provider(ctx.providers, "gemini", None)
    image = make_image(ctx, provider, ImageRequest(request.prompt, round(a * scale), round(b * scale),
                                                   model=request.model, references=refs, seed=request.seed), "gemini")
    return GeminiImageResult(images=[image], prompt=request.prompt)


@job_type("image.stickers", request=StickerRequest, result=StickerResult, queue="io", default_timeout_sec=_TIMEOUT,
          estimate=lambda r: 2.0 + 10.0 * len(r.prompts or []), prepare=prepare_stickers,
          summary="Stickers: generated (or given) pictures cut out with a white outline and a soft shadow")
def stickers(ctx: JobContext, request: StickerRequest) -> StickerResult:
    """Generate each prompt on a plain background (or take `source`), then cut it out locally."""
    options = StickerOptions(outline=request.outline, format=request.format,
                             shadow_opacity=0.35 if request.shadow else 0.0)
    out: list[StickerOutput] = []
    if request.source is not None:
        picture = ctx.inputs.fetch(request.source, field="source", accepts=MediaKind.IMAGE)
        info = cut_sticker(picture, ctx.workdir / f"sticker.{request.format}", options)
        return StickerResult(stickers=[StickerOutput(sticker=ctx.outputs.save(info.path))])
    provider = chosen_provider(ctx.providers, request.provider, None)
    width, height = parse_size(request.size)
    prompts = request.prompts or []
    for i, prompt in enumerate(prompts):
        ctx.raise_if_cancelled()
        ctx.progress(i / len(prompts), f"sticker {i + 1}/{len(prompts)}")
        ask = ImageRequest(sticker_prompt(prompt, request.style), width, height, model=request.model,
                           seed=request.seed, style=request.style, title=prompt, plain_background=True)
        image = make_image(ctx, provider, ask, f"source{i}")
        info = cut_sticker(Path(image.path), ctx.workdir / f"sticker{i}.{request.format}", options)
        out.append(StickerOutput(prompt=prompt, sticker=ctx.outputs.save(info.path), source_image=image))
    return StickerResult(stickers=out)
