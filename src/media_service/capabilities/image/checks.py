"""Submission-time checks (each image job type's `prepare`): the provider exists, is configured and serves
the size; references are valid; a variant's character exists. A failure is a 400 naming the field (503
naming the variable for an unconfigured provider, 404 for an unknown character) and no job is created."""

from __future__ import annotations

from media_service.settings import Settings
from media_service.media import check_refs
from media_service.media.service import media_services

from .repository import character_repository
from .schemas import CharacterGenerateRequest, CharacterVariantRequest, GeminiImageRequest, StickerRequest
from .service import chosen_provider, provider_registry


__all__ = ["prepare_character", "prepare_gemini", "prepare_stickers", "prepare_variant"]


def prepare_character(request: CharacterGenerateRequest, settings: Settings) -> CharacterGenerateRequest:
    """Provider and size; the chosen provider is written into the request so every attempt uses it."""
    provider = chosen_provider(provider_registry(settings), request.provider, request.size)
    return request.model_copy(update={"provider": provider.name})


def prepare_variant(request: CharacterVariantRequest, settings: Settings) -> CharacterVariantRequest:
    """The character exists; provider (default: the character's) and size (default: the character's)."""
    character = character_repository(settings).get(str(request.character_id))
    name = request.provider or character.provider
    provider = chosen_provider(provider_registry(settings), name, request.size or character.size)
    return request.model_copy(update={"provider": provider.name, "size": request.size or character.size})


def prepare_gemini(request: GeminiImageRequest, settings: Settings) -> GeminiImageRequest:
    """Gemini is configured; reference images are valid references."""
    chosen_provider(provider_registry(settings), "gemini", None)
    media = media_services(settings)
    check_refs(request, cfg=media.cfg, uploads=media.uploads)
    return request


def prepare_stickers(request: StickerRequest, settings: Settings) -> StickerRequest:
    """A `source` needs no provider; prompts need one that serves the size."""
    media = media_services(settings)
    check_refs(request, cfg=media.cfg, uploads=media.uploads)
    if request.prompts is None:
        return request
    provider = chosen_provider(provider_registry(settings), request.provider, request.size)
    return request.model_copy(update={"provider": provider.name})
