"""Requests and results of `/api/v1/image/*` (PRD §6.4, §8.1 Character).

Requests refuse unknown fields; sizes are `WxH` strings checked against the chosen provider at submission
(`checks.py`). Every image result names the provider that made it (`local` for the offline title cards),
the model, the vendor's `revised_prompt` when it gave one and `notes` (e.g. dall-e-3 served by gpt-image).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from media_service.jobs import JobOptions
from media_service.media import MediaKind, OutputRef, media_ref
from media_service.models import StrictModel

from .catalog import CharacterStyle, Expression

__all__ = [
    "Character", "CharacterGenerateRequest", "CharacterGenerateResponse", "CharacterImage", "CharacterList",
    "CharacterVariant", "CharacterVariantRequest", "GeminiImageRequest", "GeminiImageResult", "ImageOutput",
    "ProviderList", "ProviderStatus", "StickerOutput", "StickerRequest", "StickerResult", "StyleList", "StylePreset",
]

if TYPE_CHECKING:
    PictureRef: TypeAlias = str
else:
    PictureRef = media_ref(MediaKind.IMAGE)

_SIZE = re.compile(r"^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$")
AspectRatio = Literal["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"]
Text = Annotated[str, Field(min_length=1, max_length=200)]


def _size(value: str) -> str:
    if not _SIZE.match(value):
        raise ValueError("must be WIDTHxHEIGHT in pixels, e.g. 1024x1024")
    return value


def _neutral() -> list[Expression]:
    return ["neutral"]


class _ImageJob(JobOptions):
    provider: str | None = Field(None, max_length=40, description="openai, gemini, huggingface, replicate or local; "
                                 "default: the first configured in IMAGE_PROVIDER_ORDER")
    model: str | None = Field(None, max_length=100, description="A model id of the provider (default: configured); "
                              "dall-e-3 is served by the configured gpt-image model")
    seed: int | None = Field(None, ge=0, le=2**32 - 1)


class CharacterGenerateRequest(_ImageJob):
    """PRD CharacterGenerateRequest: one image per expression, all from one stored style prompt."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "Pip",
         "description": "a small round robot with a teal scarf",
         "style": "mascot",
         "expressions": ["happy", "surprised"],
         "provider": "local"}]})

    name: str = Field(min_length=1, max_length=100)
    description: str = Field(min_length=1, max_length=2000)
    style: CharacterStyle
    expressions: list[Expression] = Field(default_factory=_neutral, min_length=1, max_length=7)
    size: str = Field("1024x1024", description="1024x1024, 1792x1024 or 1024x1792 (PRD), or any size the provider "
                                               "serves")
    workspace_id: str | None = Field(None, max_length=200)

    @field_validator("size")
    @classmethod
    def _check_size(cls, value: str) -> str:
        return _size(value)

    @field_validator("expressions")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class CharacterVariantRequest(_ImageJob):
    """PRD CharacterVariantRequest: more images of a stored character; one per expression × pose × outfit."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"expressions": ["sleepy"], "provider": "local"}]})

    character_id: str | None = Field(None, max_length=64, description="Taken from the path")
    expressions: list[Text] = Field(min_length=1, max_length=7)
    poses: list[Text] | None = Field(None, max_length=6)
    outfits: list[Text] | None = Field(None, max_length=6)
    size: str | None = Field(None, description="Default: the character's size")

    @field_validator("size")
    @classmethod
    def _check_size(cls, value: str | None) -> str | None:
        return None if value is None else _size(value)

    @model_validator(mode="after")
    def _not_too_many(self) -> CharacterVariantRequest:
        count = len(self.expressions) * len(self.poses or [None]) * len(self.outfits or [None])
        if count > 12:
            raise ValueError(f"expressions × poses × outfits gives {count} images; at most 12 per request")
        return self


class ImageOutput(OutputRef):
    """A stored image and who made it."""

    provider: str
    model: str
    revised_prompt: str | None = None
    notes: list[str] = Field(default_factory=list)


class CharacterImage(BaseModel):
    """PRD CharacterGenerateResponse.images[] plus the variant id and the image's details."""

    variant_id: str
    expression: str
    pose: str | None = None
    outfit: str | None = None
    url: str
    path: str
    prompt: str
    image: ImageOutput


class CharacterGenerateResponse(BaseModel):
    """PRD CharacterGenerateResponse (also the variant job's result)."""

    character_id: str
    name: str
    images: list[CharacterImage]
    style_prompt: str
    provider: str


class CharacterVariant(BaseModel):
    """PRD §8.1 CharacterVariant (+ pose, outfit, provider, model)."""

    id: str
    expression: str
    pose: str | None = None
    outfit: str | None = None
    image_url: str = Field(description="A freshly signed URL of the stored image")
    image_path: str
    provider: str
    model: str
    created_at: datetime


class Character(BaseModel):
    """PRD §8.1 Character."""

    id: str
    name: str
    description: str
    style: CharacterStyle
    style_prompt: str
    variants: list[CharacterVariant]
    workspace_id: str | None = None
    size: str
    provider: str
    created_at: datetime


class CharacterList(BaseModel):
    characters: list[Character]
    next_cursor: str | None = None
    has_more: bool = False


class GeminiImageRequest(_ImageJob):
    """A prompt, an aspect ratio and optional reference images for the Gemini image model."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"prompt": "A lighthouse at dawn, watercolour", "aspect_ratio": "16:9"}]})

    prompt: str = Field(min_length=1, max_length=8000)
    aspect_ratio: AspectRatio = "1:1"
    reference_images: list[PictureRef] = Field(default_factory=list, max_length=4)


class GeminiImageResult(BaseModel):
    images: list[ImageOutput]
    prompt: str


class StickerRequest(_ImageJob):
    """Stickers from prompts (generated on a plain background, then cut out locally) or from `source`."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"prompts": ["a happy cactus"], "provider": "local"}]})

    prompts: list[Annotated[str, Field(min_length=1, max_length=1000)]] | None = Field(None, min_length=1,
                                                                                       max_length=8)
    source: PictureRef | None = Field(None, description="Cut out this picture instead (no provider needed)")
    style: CharacterStyle | None = None
    size: str = "1024x1024"
    format: Literal["png", "webp"] = "png"
    outline: float = Field(0.025, ge=0, le=0.1, description="Outline width, fraction of the subject's longer side")
    shadow: bool = True

    @field_validator("size")
    @classmethod
    def _check_size(cls, value: str) -> str:
        return _size(value)

    @model_validator(mode="after")
    def _one_source(self) -> StickerRequest:
        if (self.prompts is None) == (self.source is None):
            raise ValueError("give either prompts or source")
        return self


class StickerOutput(BaseModel):
    prompt: str | None = None
    sticker: OutputRef
    source_image: ImageOutput | None = Field(None, description="The generated picture it was cut from")


class StickerResult(BaseModel):
    stickers: list[StickerOutput]


class StylePreset(StrictModel):
    name: str
    prompt_fragment: str


class StyleList(BaseModel):
    styles: list[StylePreset]


class ProviderStatus(BaseModel):
    name: str
    configured: bool
    local: bool
    setting: str | None = Field(None, description="The variable to set to enable it")
    model: str | None = None
    base_url: str | None = None


class ProviderList(BaseModel):
    providers: list[ProviderStatus]
    default: str | None = Field(None, description="What a request without `provider` uses now")
    order: list[str]
