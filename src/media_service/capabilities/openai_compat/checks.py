"""Submission-time checks and plans: an OpenAI request → the job body of the type that serves it (speech: the
voice OpenAI's name maps to; images: the provider, size and count), the transcription form read and checked
field by field (unknown fields named), and `/v1/models` as what really serves each name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from starlette.datastructures import FormData, UploadFile

from media_service.engines.speech import MAX_SPEED, MIN_SPEED
from media_service.errors import ValidationError
from media_service.http.handlers import validation_error_from
from media_service.providers import ProviderNotConfiguredError, registry_for
from media_service.settings import Settings

from .catalog import IMAGE_MODELS, IMAGE_SIZES, MAX_IMAGES, SPEECH_MODELS, TRANSCRIPTION_MODELS, VOICE_MAP
from .schemas import ImagesJobRequest, ImagesRequest, ModelObject, SpeechRequest, TranscriptionForm

__all__ = ["SpeechPlan", "list_models", "plan_images", "plan_speech", "read_transcription_form"]

#: One fixed creation time for the model objects (the day this surface was added), as OpenAI's are fixed.
_CREATED = 1_796_256_000


@dataclass(frozen=True, slots=True)
class SpeechPlan:
    """The `tts.generate` body for a speech request and the voice that speaks it (`provider/voice`)."""

    body: dict[str, Any]
    voice: str


def plan_speech(request: SpeechRequest, settings: Settings) -> SpeechPlan:
    """OpenAI's voice through OpenAI when OPENAI_API_KEY is set, else the mapped local voice (VOICE_MAP)."""
    if not MIN_SPEED <= request.speed <= MAX_SPEED:
        raise ValidationError(f"speed {request.speed} is outside what the voices here speak ({MIN_SPEED} to "
                              f"{MAX_SPEED})", field="speed")
    body: dict[str, Any] = {"text": request.input, "speed": request.speed, "output_format": "wav"}
    if registry_for(settings).configured("speech", "openai"):
        body.update(provider="openai", voice_id=request.voice, model_id=request.model)
        if request.instructions:
            body["instructions"] = request.instructions
        return SpeechPlan(body, f"openai/{request.voice}")
    voice = VOICE_MAP[request.voice]
    body.update(provider="local", voice_id=voice, language="en")
    return SpeechPlan(body, f"local/{voice}")


def _size(request: ImagesRequest) -> tuple[int, int]:
    allowed = IMAGE_SIZES[request.model]
    size = request.size or "1024x1024"
    if size not in allowed:
        raise ValidationError(f"size {size!r} is not one of {', '.join(allowed)} for {request.model}", field="size")
    width, _, height = ("1024x1024" if size == "auto" else size).partition("x")
    return int(width), int(height)


def plan_images(request: ImagesRequest, settings: Settings) -> ImagesJobRequest:
    """The image job for a request: the first configured provider of IMAGE_PROVIDER_ORDER, the model's size."""
    if request.stream:
        raise ValidationError("streaming image generation is not served; send stream: false", field="stream")
    if request.n > MAX_IMAGES[request.model]:
        raise ValidationError(f"{request.model} makes at most {MAX_IMAGES[request.model]} image(s) per request",
                              field="n")
    width, height = _size(request)
    provider = registry_for(settings).image_provider_for(None)
    style = {"vivid": "cinematic", "natural": "realistic"}.get(request.style or "")
    return ImagesJobRequest(prompt=request.prompt, n=request.n, width=width, height=height, provider=provider,
                            model=request.model, style=style, output_format=request.output_format,
                            output_compression=request.output_compression)


_LIST_FIELDS = {"timestamp_granularities[]": "timestamp_granularities", "timestamp_granularities": "timestamp_granularities",
                "include[]": "include", "include": "include"}


def read_transcription_form(form: FormData) -> tuple[UploadFile, TranscriptionForm]:
    """The uploaded `file` and the other fields, checked; 400 naming each unknown or invalid field."""
    upload = form.get("file")
    values: dict[str, Any] = {}
    errors = []
    for key in form.keys():  # noqa: SIM118 - FormData is a multi-dict: keys() yields each name once
        if key == "file":
            continue
        items: Sequence[Any] = form.getlist(key)
        if any(isinstance(item, UploadFile) for item in items):
            errors.append({"field": key, "message": "only 'file' may be a file"})
        elif key in _LIST_FIELDS:
            values.setdefault(_LIST_FIELDS[key], []).extend(items)
        else:
            values[key] = items[-1]
    if not isinstance(upload, UploadFile):
        errors.append({"field": "file", "message": "send the audio as a file part named 'file'"})
    try:
        fields = TranscriptionForm.model_validate(values)
    except PydanticValidationError as exc:
        errors.extend(validation_error_from([dict(e) for e in exc.errors()], body_model=TranscriptionForm).details["errors"])
        fields = None
    if errors or fields is None or not isinstance(upload, UploadFile):
        raise ValidationError("Request validation failed", errors=errors)
    if fields.stream:
        raise ValidationError("streaming transcription is not served; send stream=false", field="stream")
    if fields.timestamp_granularities and fields.response_format != "verbose_json":
        raise ValidationError("timestamp_granularities needs response_format verbose_json",
                              field="timestamp_granularities")
    return upload, fields


def list_models(settings: Settings) -> list[ModelObject]:
    """Every name served here, with the engine or provider that serves it in this configuration."""
    registry = registry_for(settings)
    speech = ("openai (OpenAI's voices)" if registry.configured("speech", "openai")
              else "local: piper-en_US-joe-medium / espeak-en-female (OpenAI voices mapped; x-media-service-voice)")
    transcription = "local: faster-whisper tiny.en (English)" + (
        "; openai for other languages" if registry.configured("transcription", "openai") else "")
    try:
        image = registry.image_provider_for(None)
    except ProviderNotConfiguredError:  # no image provider at all (IMAGE_PROVIDER_ORDER without local)
        image = ""
    image_label = "local: Skia title card (not an AI image)" if image == "local" else image
    models = [ModelObject(id=m, created=_CREATED, owned_by="media-service", served_by=speech, kind="speech")
              for m in SPEECH_MODELS]
    models += [ModelObject(id=m, created=_CREATED, owned_by="media-service", served_by=transcription,
                           kind="transcription") for m in TRANSCRIPTION_MODELS]
    if image:
        models += [ModelObject(id=m, created=_CREATED, owned_by="media-service", served_by=image_label, kind="image")
                   for m in IMAGE_MODELS]
    return models
