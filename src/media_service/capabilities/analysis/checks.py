"""Submission-time checks: the media reference (a path, URL, data: URI or upload of audio or video, by
content) and the transcription provider for the language. A failure is a 400 naming the field (or 503
naming the variable to set); no job is made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from media_service.errors import ValidationError
from media_service.media import RefKind, check_refs, classify_ref, sniff_bytes
from media_service.media.service import media_services
from media_service.providers import registry_for

from .schemas import TranscriptRequest, VideoAnalysisRequest, ViralityRequest, YouTubeAnalysisRequest

if TYPE_CHECKING:
    from media_service.settings import Settings

__all__ = ["prepare_analysis", "prepare_transcript", "prepare_virality", "prepare_youtube"]


def _check_media(ref: str, field: str, settings: Settings, request: BaseModel) -> None:
    """References checked as everywhere; a local file is read now too: unknown bytes are not media."""
    media = media_services(settings)
    check_refs(request, cfg=media.cfg, uploads=media.uploads)
    if classify_ref(ref) is RefKind.PATH:
        with open(ref, "rb") as handle:
            if sniff_bytes(handle.read(64)) is None:
                raise ValidationError("not an audio or video file (its content is not a known media format)",
                                      field=field)


def _transcriber(settings: Settings, name: str | None, language: str | None, *, field: str) -> str:
    """The transcriber for `language`: `local` (English) unless named; 503 when it is not configured."""
    registry = registry_for(settings)
    chosen = name or ("local" if language in (None, "en") else "openai")
    registry.ensure_configured("transcription", chosen, field=field)
    languages = registry.transcriber(chosen).languages
    if language is not None and languages is not None and language not in languages:
        raise ValidationError(f"the {chosen} transcriber understands {', '.join(languages)} only; use provider "
                              "openai for other languages", field="language")
    return chosen


def prepare_transcript(request: TranscriptRequest, settings: Settings) -> TranscriptRequest:
    """The media is audio or video; the provider can transcribe the language (and is configured)."""
    _check_media(request.media, "media", settings, request)
    return request.model_copy(update={"provider": _transcriber(settings, request.provider, request.language,
                                                                field="provider")})


def prepare_analysis(request: VideoAnalysisRequest, settings: Settings) -> VideoAnalysisRequest:
    """The media, its transcriber and the writer of the prose fields."""
    _check_media(request.video_url, "video_url", settings, request)
    transcriber = _transcriber(settings, request.transcriber, request.language, field="transcriber")
    prose = registry_for(settings).text_provider_for(request.provider)
    return request.model_copy(update={"transcriber": transcriber, "provider": prose})


def prepare_virality(request: ViralityRequest, settings: Settings) -> ViralityRequest:
    """Exactly one of a video and a script; a video is checked like any media."""
    if (request.video_url is None) == (request.script is None):
        raise ValidationError("give either video_url or script (one of the two)", field="video_url")
    if request.video_url is not None:
        _check_media(request.video_url, "video_url", settings, request)
        _transcriber(settings, None, request.language, field="language")
    return request


def prepare_youtube(request: YouTubeAnalysisRequest, settings: Settings) -> YouTubeAnalysisRequest:
    """The YouTube Data API is configured (503 naming YOUTUBE_API_KEY otherwise); the prose writer is chosen."""
    registry = registry_for(settings)
    registry.ensure_configured("metadata", "youtube", field="url")
    return request.model_copy(update={"provider": registry.text_provider_for(request.provider)})
