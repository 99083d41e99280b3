"""OpenAI's wire shapes for `/v1/*` (the fields OpenAI documents; others are a 400 naming them) and the
image job this group runs itself."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from media_service.jobs.schemas import JobOptions
from media_service.models import StrictModel

from .catalog import ImageModel, OpenAIVoice, SpeechFormat, SpeechModel, TranscriptFormat, TranscriptionModel

__all__ = ["GeneratedImageOut", "ImageData", "ImagesJobRequest", "ImagesJobResult", "ImagesRequest", "ImagesResponse",
           "ModelList", "ModelObject", "OpenAIError", "OpenAIErrorBody", "SpeechRequest", "TranscriptionForm"]


class SpeechRequest(StrictModel):
    """POST /v1/audio/speech (OpenAI's createSpeech)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"model": "tts-1", "input": "Hello from the media service.", "voice": "alloy", "response_format": "mp3"}]})

    model: SpeechModel = Field(description="tts-1, tts-1-hd or gpt-4o-mini-tts (GET /v1/models says who serves them)")
    input: str = Field(min_length=1, max_length=4096, description="The text to speak (at most 4096 characters)")
    voice: OpenAIVoice = Field(description="An OpenAI voice; without OPENAI_API_KEY mapped to a local voice "
                                     "(the x-media-service-voice header says which)")
    instructions: str | None = Field(None, max_length=4096, description="Tone and style (gpt-4o-mini-tts on OpenAI; "
                                                                         "local voices ignore it)")
    response_format: SpeechFormat = Field("mp3", description="mp3, opus (Ogg), aac (ADTS), flac, wav or pcm "
                                                             "(raw s16le, 24 kHz mono)")
    speed: float = Field(1.0, ge=0.25, le=4.0, description="0.25 to 4.0 as OpenAI takes it; served 0.5 to 2.0")
    stream_format: Literal["audio"] = Field("audio", description="audio only: the whole file in one response "
                                                                 "(sse streaming is not served)")


class TranscriptionForm(StrictModel):
    """POST /v1/audio/transcriptions form fields besides `file` (OpenAI's createTranscription)."""

    model: TranscriptionModel
    language: str | None = Field(None, max_length=40)
    prompt: str | None = Field(None, max_length=4096)
    response_format: TranscriptFormat = "json"
    temperature: float = Field(0.0, ge=0.0, le=1.0)
    timestamp_granularities: list[Literal["word", "segment"]] = Field(default_factory=list, max_length=2)
    include: list[Literal["logprobs"]] = Field(default_factory=list, max_length=1)
    stream: bool = False
    chunking_strategy: str | None = Field(None, max_length=200)


class ImagesRequest(StrictModel):
    """POST /v1/images/generations (OpenAI's createImage)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"model": "dall-e-3", "prompt": "A lighthouse at dawn, calm sea", "size": "1024x1024",
         "response_format": "b64_json"}]})

    prompt: str = Field(min_length=1, max_length=32_000)
    model: ImageModel = Field("dall-e-2", description="dall-e-2, dall-e-3 or gpt-image-1: the first configured image "
                                                      "provider of IMAGE_PROVIDER_ORDER serves them")
    n: int = Field(1, ge=1, le=10, description="Images to make (dall-e-3: 1)")
    size: str | None = Field(None, max_length=20, description="WxH among the model's sizes; default 1024x1024")
    quality: Literal["standard", "hd", "auto", "low", "medium", "high"] | None = None
    style: Literal["vivid", "natural"] | None = None
    response_format: Literal["url", "b64_json"] | None = Field(
        None, description="url (an absolute presigned download URL) or b64_json; default url (gpt-image-1: b64_json)")
    output_format: Literal["png", "jpeg", "webp"] = "png"
    output_compression: int | None = Field(None, ge=0, le=100)
    background: Literal["transparent", "opaque", "auto"] | None = None
    moderation: Literal["low", "auto"] | None = None
    partial_images: int | None = Field(None, ge=0, le=3)
    stream: bool = False
    user: str | None = Field(None, max_length=256, description="Accepted and ignored")


class ImageData(BaseModel):
    """One image of the answer: `b64_json` or `url`, and the prompt as the provider read it."""

    b64_json: str | None = None
    url: str | None = None
    revised_prompt: str | None = None


class ImagesResponse(BaseModel):
    created: int
    data: list[ImageData]
    output_format: str | None = None
    size: str | None = None


class ImagesJobRequest(JobOptions):
    """`openai_compat.images`: `n` images of one prompt from one image provider."""

    prompt: str = Field(min_length=1, max_length=32_000)
    n: int = Field(1, ge=1, le=10)
    width: int = Field(ge=64, le=4096)
    height: int = Field(ge=64, le=4096)
    provider: str = Field(max_length=40)
    model: str | None = Field(None, max_length=100)
    style: str | None = Field(None, max_length=40)
    output_format: Literal["png", "jpeg", "webp"] = "png"
    output_compression: int | None = Field(None, ge=0, le=100)


class GeneratedImageOut(BaseModel):
    path: str
    url: str
    mime: str
    provider: str
    model: str
    revised_prompt: str | None = None


class ImagesJobResult(BaseModel):
    images: list[GeneratedImageOut]
    provider: str
    notes: list[str] = Field(default_factory=list)


class ModelObject(BaseModel):
    """An OpenAI model object, with who serves it here."""

    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str
    served_by: str = Field(description="Our engine or provider behind this name")
    kind: Literal["speech", "transcription", "image"]


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelObject]


class OpenAIErrorBody(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None
    details: dict[str, Any] | None = Field(None, description="Ours: the job to poll on a 504, the setting on a 503")


class OpenAIError(BaseModel):
    """OpenAI's error shape."""

    error: OpenAIErrorBody
