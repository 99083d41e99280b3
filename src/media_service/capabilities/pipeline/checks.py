"""Submission-time checks of a pipeline: what the children would find wrong is found before any job exists
(children skip their own `prepare`). A bad value is a 400 naming its field; a provider without its key is a
503 naming the variable to set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from media_service.engines.script import resolve_language
from media_service.engines.speech import get_voice, voice_for_language
from media_service.errors import NotFoundError, ValidationError
from media_service.media import MediaKind, check_ref_at_submission
from media_service.media.music import music_library
from media_service.media.refs import classify_ref
from media_service.media.service import media_services
from media_service.providers import registry_for, video_model

from .schemas import PipelineRequest

if TYPE_CHECKING:
    from media_service.settings import Settings

__all__ = ["language_code", "prepare_pipeline"]

_SOUND = frozenset({MediaKind.AUDIO, MediaKind.VIDEO})
#: The API's speech provider names → the registry's.
_SPEECH = {"modal": "modal_voice"}


def language_code(name: str) -> str:
    """ISO 639-1 code of a language the request named (validated by the schema)."""
    found = resolve_language(name)
    if found is None:
        raise ValidationError(f"unknown language {name!r}", field="language")
    return found.code


def _subject(request: PipelineRequest) -> None:
    if request.topic is None and request.script is None:
        raise ValidationError("give a topic (a script is written for it) or a script", field="topic")
    if request.topic is not None and request.script is not None:
        raise ValidationError("give a topic or a script, not both", field="script")
    if request.script is not None:
        total = sum(s.duration_seconds for s in request.script)
        if abs(total - request.total_seconds) > 0.5:
            raise ValidationError(f"the segments last {total:g} s, not the {request.duration} asked for",
                                  field="script")


def _bgm(request: PipelineRequest, settings: Settings) -> None:
    if request.bgm is None or request.bgm.source == "auto":
        return
    try:
        classify_ref(request.bgm.source)
    except ValueError:
        try:
            music_library(settings).get(request.bgm.source)
        except NotFoundError:
            raise ValidationError(f"no music-library track {request.bgm.source!r} (and it is not a media reference)",
                                  field="bgm.source") from None
        return
    media = media_services(settings)
    check_ref_at_submission(request.bgm.source, field="bgm.source", accepts=_SOUND, cfg=media.cfg,
                            uploads=media.uploads)


def prepare_pipeline(request: PipelineRequest, settings: Settings) -> PipelineRequest:
    """The subject, the language's local voice, each step's provider (configured or 503) and the music."""
    _subject(request)
    code = language_code(request.language)
    providers = request.providers
    registry = registry_for(settings)
    script = registry.text_provider_for(providers.script, field="providers.script") if request.topic else None
    if providers.images != "local":
        registry.ensure_configured("image", providers.images, field="providers.images")
    if providers.video != "local":
        model = video_model(providers.video, field="providers.video")
        if "i2v" not in model.modes:
            raise ValidationError(f"{providers.video} does not film a still (image-to-video); use local or one of "
                                  "the image-to-video models of GET /video/models", field="providers.video")
        registry.ensure_configured("video", model.provider, field="providers.video")
    voice = request.voice
    if providers.voice == "local":
        if voice is not None:
            found = get_voice(voice, field="voice")
            if found.language != code:
                raise ValidationError(f"voice {voice!r} speaks {found.language}, not {request.language}",
                                      field="voice")
        else:
            voice = voice_for_language(code).id
    else:
        registry.ensure_configured("speech", _SPEECH.get(providers.voice, providers.voice), field="providers.voice")
    _bgm(request, settings)
    return request.model_copy(update={"providers": providers.model_copy(update={"script": script}), "voice": voice})
