"""What the image handlers and checks share: this process's provider registry, one image made and stored,
and records → API models."""

from __future__ import annotations

from pathlib import Path

from media_service.errors import ValidationError
from media_service.jobs import JobContext
from media_service.jobs.context import ProviderRegistry as ContextProviders
from media_service.media import OutputRef, signed_url
from media_service.media.service import media_services
from media_service.providers import ImageProvider, ImageRequest, ProviderRegistry, UnsupportedSize, registry_for
from media_service.settings import Settings

from .repository import CharacterRecord
from .schemas import Character, CharacterVariant, ImageOutput

__all__ = ["chosen_provider", "make_image", "provider_registry", "to_character", "parse_size"]

def provider_registry(settings: Settings) -> ProviderRegistry:
    """This process's provider registry (built once per process by the providers package)."""
    return registry_for(settings)


def parse_size(size: str) -> tuple[int, int]:
    width, height = size.split("x")
    return int(width), int(height)


def chosen_provider(registry: ProviderRegistry | ContextProviders, name: str | None, size: str | None, *,
                    size_field: str = "size") -> ImageProvider:
    """The provider to use (named, or the first configured) after checking it serves `size`.

    Unknown name → 400 on `provider`; not configured → 503 naming the variable; size → 400 on `size_field`.
    """
    provider = registry.image(registry.image_provider_for(name, field="provider"))
    if size is not None:
        try:
            provider.check_size(*parse_size(size))
        except UnsupportedSize as exc:
            raise ValidationError(f"{size} is not supported by {provider.name}: {exc}", field=size_field) from None
    return provider


def make_image(ctx: JobContext, provider: ImageProvider, request: ImageRequest, stem: str) -> ImageOutput:
    """Ask `provider` for one image (cancellable), store it as an output and describe it."""
    generated = provider.generate(request, ctx.workdir / stem, cancelled=ctx.cancelled)
    ref: OutputRef = ctx.outputs.save(generated.path)
    ctx.log(f"{provider.name} ({generated.model}) made {Path(ref.path).name}")
    for note in generated.notes:
        ctx.log(note)
    return ImageOutput(**ref.model_dump(), provider=generated.provider, model=generated.model,
                       revised_prompt=generated.revised_prompt, notes=list(generated.notes))


def to_character(record: CharacterRecord, settings: Settings) -> Character:
    """The API model, with freshly signed URLs for the stored images."""
    cfg = media_services(settings).cfg
    variants = [CharacterVariant(id=v.id, expression=v.expression, pose=v.pose, outfit=v.outfit,
                                 image_url=signed_url(cfg, Path(v.image_path)), image_path=v.image_path,
                                 provider=v.provider, model=v.model, created_at=v.created_at)
                for v in record.variants]
    return Character(id=record.id, name=record.name, description=record.description,
                     style=record.style, style_prompt=record.style_prompt,
                     variants=variants, workspace_id=record.workspace_id, size=record.size,
                     provider=record.provider, created_at=record.created_at)
