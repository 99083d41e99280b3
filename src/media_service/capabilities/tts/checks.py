"""Submission-time checks (each job type's `prepare`): provider, voice, language and references are
settled before a job exists, so bad input is a 400 naming the field and an unusable provider a 503
naming the setting."""

from __future__ import annotations

import tempfile
from pathlib import Path
from media_service.settings import Settings
from media_service.media import check_refs
from media_service.media.service import media_services

from .service import clone_provider_check, fetch_reference, plan_speech, voice_profiles
from .schemas import MultiLanguageRequest, TTSRequest, VoiceCloneRequest


__all__ = ["prepare_clone", "prepare_generate", "prepare_multi_language"]


def prepare_generate(request: TTSRequest, settings: Settings) -> TTSRequest:
    """Provider (chain), voice or profile, language and model are usable."""
    plan_speech(settings, provider=request.provider, voice_id=request.voice_id,
                voice_profile_id=request.voice_profile_id, language=request.language, model_id=request.model_id)
    return request


def prepare_multi_language(request: MultiLanguageRequest, settings: Settings) -> MultiLanguageRequest:
    """Every language has a voice with the chosen provider."""
    for language, _ in request.items():
        plan_speech(settings, provider=request.provider, voice_id=None, voice_profile_id=None,
                    language=language)
    return request


def prepare_clone(request: VoiceCloneRequest, settings: Settings) -> VoiceCloneRequest:
    """The reference (3–30 s) or profile, then the cloning provider (503 naming what to set)."""
    if request.voice_reference_url is not None:
        media = media_services(settings)
        check_refs(request, cfg=media.cfg, uploads=media.uploads)
        with tempfile.TemporaryDirectory(dir=settings.temp_dir) as scratch:
            fetch_reference(settings, request.voice_reference_url, Path(scratch), field="voice_reference_url")
    elif request.voice_profile_id is not None:
        from media_service.errors import NotFoundError, ValidationError

        try:
            voice_profiles(settings).get(request.voice_profile_id)
        except NotFoundError:
            raise ValidationError(f"voice_profile_id: no voice profile {request.voice_profile_id!r}",
                                  field="voice_profile_id") from None
    clone_provider_check(settings, request.model)
    return request
