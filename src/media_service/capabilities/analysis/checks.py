"""Submission-time checks: the media reference (a path, URL, data: URI or upload of audio or video, by
content) and the transcription provider for the language. A failure is a 400 naming the field (or 503
naming the variable to set); no job is made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from media_service.errors import ValidationError
from media_service.media import RefKind, check_refs, classify_ref, sniff_bytes
from media_service.media.service import media_services
from media_service.providers import registry_for

from .schemas import TranscriptRequest

if TYPE_CHECKING:
    from media_service.settings import Settings

__all__ = ["prepare_transcript"]


def prepare_transcript(request: TranscriptRequest, settings: Settings) -> TranscriptRequest:
    """The media is audio or video; the provider can transcribe the language (and is configured)."""
    media = media_services(settings)
    check_refs(request, cfg=media.cfg, uploads=media.uploads)
    if classify_ref(request.media) is RefKind.PATH:  # a local file is read now: unknown bytes are not media
        with open(request.media, "rb") as handle:
            if sniff_bytes(handle.read(64)) is None:
                raise ValidationError("not an audio or video file (its content is not a known media format)",
                                      field="media")
    registry = registry_for(settings)
    name = request.provider or ("local" if request.language in (None, "en") else "openai")
    registry.ensure_configured("transcription", name)
    languages = registry.transcriber(name).languages
    if request.language is not None and languages is not None and request.language not in languages:
        raise ValidationError(f"the {name} transcriber understands {', '.join(languages)} only; use provider "
                              "openai for other languages", field="language")
    return request.model_copy(update={"provider": name})
