"""The contract's shapes for `/functions/v1/generate-images` (Endpoint 2), field for field."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from media_service.jobs import JobOptions

__all__ = ["GenerateImagesData", "GenerateImagesRequest", "GenerateImagesResponse", "GeneratedSegmentImage",
           "ImageProviderName", "ImagesJobResult", "Segment", "SparkError", "SparkErrorBody"]

ImageProviderName = Literal["huggingface", "openai", "local"]


class Segment(BaseModel):
    """One script segment (the output of generate-script)."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(min_length=1, max_length=40, description="HOOK, BODY_1, …, CTA")
    script_text: str = Field("", max_length=5000)
    visual_direction: str = Field(min_length=1, max_length=2000)
    emotion: str = Field("neutral", max_length=60)


class GenerateImagesRequest(JobOptions):
    """Endpoint 2 request body. `provider` `local` (our addition) draws title cards offline."""

    model_config = ConfigDict(extra="forbid")

    segments: list[Segment] = Field(min_length=1, max_length=20)
    style: Literal["cinematic", "realistic", "animated"] = "cinematic"
    aspect_ratio: Literal["9:16", "16:9", "1:1"] = "9:16"
    provider: ImageProviderName = "huggingface"


class GeneratedSegmentImage(BaseModel):
    segment_type: str
    prompt: str
    image_url: str
    provider: str
    revised_prompt: str | None


class GenerateImagesData(BaseModel):
    images: list[GeneratedSegmentImage]
    provider: str


class GenerateImagesResponse(BaseModel):
    success: Literal[True] = True
    data: GenerateImagesData


class ImagesJobResult(BaseModel):
    """The job's result: the contract's data plus each stored file's path and notes."""

    images: list[GeneratedSegmentImage]
    provider: str
    paths: list[str]
    notes: list[str] = Field(default_factory=list)


class SparkErrorBody(BaseModel):
    code: Literal["INVALID_INPUT", "UNAUTHORIZED", "RATE_LIMITED", "API_ERROR", "INTERNAL_ERROR", "NOT_FOUND",
                  "TIMEOUT"]
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class SparkError(BaseModel):
    success: Literal[False] = False
    error: SparkErrorBody
