"""Submission-time checks: a named text provider must be configured (503 naming the variable otherwise);
without a name the first configured one in TEXT_PROVIDER_ORDER is chosen and written into the request."""

from __future__ import annotations

from media_service.providers import registry_for
from media_service.settings import Settings

from .schemas import GenerateScriptRequest

__all__ = ["prepare_script"]


def prepare_script(request: GenerateScriptRequest, settings: Settings) -> GenerateScriptRequest:
    """The request with its provider chosen and checked."""
    name = registry_for(settings).text_provider_for(request.provider)
    return request.model_copy(update={"provider": name})
