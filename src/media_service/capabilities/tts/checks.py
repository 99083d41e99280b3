"""Submission-time checks (each job type's `prepare`): provider, voice, language, references and options are
settled before a job exists, so bad input is a 400 naming the field and an unusable provider a 503
naming the setting."""

from __future__ import annotations

import tempfile
from pathlib import Path

from media_service.errors import NotFoundError, ValidationError
from media_service.media import check_refs
from media_service.media.service import media_services
from media_service.settings import Settings

from .catalog import CLONE_PROVIDERS, MODAL_LANGUAGES, PROVIDERS
from .schemas import MultiLanguageRequest, TTSRequest, VoiceCloneRequest
from .service import clone_provider_check, fetch_reference, plan_speech, voice_profiles

__all__ = ["clone_model", "prepare_clone", "prepare_generate", "prepare_multi_language"]


def prepare_generate(request: TTSRequest, settings: Settings) -> TTSRequest:
    """Provider (chain), voice or profile, language and model are usable."""
    plan_speech(settings, provider=request.provider, voice_id=request.voice_id,
                voice_profile_id=request.voice_profile_id, language=request.language, model_id=request.model_id)
    return request


def prepare_multi_language(request: MultiLanguageRequest, settings: Settings) -> MultiLanguageRequest:
    """Every language has a voice with the chosen provider."""
    for language, _ in request.items():
        plan_speech(settings, provider=request.provider, voice_id=None, voice_profile_id=None, language=language)
    return request


def clone_model(settings: Settings, model: str) -> str:
    """The provider model a VoiceCloneRequest.model names (`modal`: MODAL_VOICE_MODEL)."""
    if model == "modal":
        return settings.modal_voice_model
    return settings.elevenlabs_model if model == "elevenlabs" else model


def _clone_options(request: VoiceCloneRequest, settings: Settings) -> None:
    """Options the chosen model cannot honour, and that cannot be applied locally, are refused by name.
    (speed and pitch can always be applied locally by the audio engine.)"""
    provider = CLONE_PROVIDERS[request.model]
    model = clone_model(settings, request.model)
    given = request.options.model_fields_set
    emotional = model == "indextts2"
    if not emotional and request.options.emotion != "neutral":
        raise ValidationError(f"options.emotion: {provider} {model} takes no emotion (indextts2 does)",
                              field="options.emotion")
    if not emotional and "emotion_weight" in given:
        raise ValidationError(f"options.emotion_weight: {provider} {model} takes no emotion (indextts2 does)",
                              field="options.emotion_weight")
    if provider == "modal" and "stability" in given:
        raise ValidationError(f"options.stability: {model} has no stability setting (elevenlabs does)",
                              field="options.stability")
    language = (request.language or "").lower().split("-")[0]
    spoken = MODAL_LANGUAGES.get(model, PROVIDERS[provider].languages)
    if language and language not in spoken:
        raise ValidationError(f"language: {model} does not speak {request.language!r}; it speaks {', '.join(spoken)}",
                              field="language")


def prepare_clone(request: VoiceCloneRequest, settings: Settings) -> VoiceCloneRequest:
    """The reference (3–30 s) or profile, the options, then the cloning provider (503 naming what to set)."""
    if request.voice_reference_url is not None:
        media = media_services(settings)
        check_refs(request, cfg=media.cfg, uploads=media.uploads)
        with tempfile.TemporaryDirectory(dir=settings.temp_dir) as scratch:
            fetch_reference(settings, request.voice_reference_url, Path(scratch), field="voice_reference_url")
    elif request.voice_profile_id is not None:
        try:
            voice_profiles(settings).get(request.voice_profile_id)
        except NotFoundError:
            raise ValidationError(f"voice_profile_id: no voice profile {request.voice_profile_id!r}",
                                  field="voice_profile_id") from None
    _clone_options(request, settings)
    clone_provider_check(settings, CLONE_PROVIDERS[request.model], request.model)
    return request
