"""Submission-time checks: the chosen image provider must be configured (503 naming the variable otherwise)."""

from __future__ import annotations

from media_service.providers import registry_for
from media_service.settings import Settings

from .schemas import GenerateImagesRequest

__all__ = ["prepare_images"]


def prepare_images(request: GenerateImagesRequest, settings: Settings) -> GenerateImagesRequest:
    """The provider must be configured (503 naming the variable otherwise)."""
    registry_for(settings).ensure_configured("image", request.provider)
    return request
