"""Requests and results of the AI video routes (PRD §6.3.1, §7.4): `POST /video/sora`, `/video/mochi`,
`/video/wan2` share the PRD's `SoraGenerateRequest` shape; every result is `SoraGenerateResponse`-like plus
the `OutputRef` of the downloaded file (vendor URLs expire; we keep the file)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from media_service.jobs import JobOptions
from media_service.media import OutputRef

__all__ = ["GenerateResult", "MochiRequest", "ModelEntry", "ModelList", "SoraRequest", "VideoGenerateRequest",
           "Wan2Request"]


class VideoGenerateRequest(JobOptions):
    """The PRD's request: a prompt, a length, a size, an optional style and a first-frame image."""

    prompt: str = Field(min_length=1, max_length=4000)
    duration_seconds: float = Field(8, gt=0, le=60, description="Seconds; the model's catalogue entry says "
                                    "which lengths it makes (GET /video/models)")
    size: str = Field("720x1280", pattern=r"^[0-9]{2,4}x[0-9]{2,4}$", description="WIDTHxHEIGHT the model makes")
    style_preset: str | None = Field(None, max_length=200, description="Style guidance appended to the prompt")
    reference_image_url: str | None = Field(None, max_length=70_000_000, description="First frame (image-to-"
                                            "video): an http(s) URL, data: URI, input path or upload id")
    negative_prompt: str | None = Field(None, max_length=2000)
    allow_extend: bool = Field(False, description="Longer than the model's longest clip: make it in parts (each "
                               "later part starts from the last frame of the one before when the model takes an "
                               "image) and join them, trimmed to duration_seconds. Off: such a request is a 400 "
                               "naming the model's limit")


class SoraRequest(VideoGenerateRequest):
    """POST /video/sora: Sora 2 was retired (providers.md §1.5); routed to SORA_FALLBACK_MODEL."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"prompt": "A robot walking through a neon city", "duration_seconds": 8, "size": "1280x720"}]})

    model: Literal["sora-2"] = "sora-2"


class MochiRequest(VideoGenerateRequest):
    """POST /video/mochi: Genmo Mochi 1 on Replicate (text-to-video, 848x480, ~5.4 s)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"prompt": "A paper boat drifting down a rainy street", "duration_seconds": 5.4}]})

    duration_seconds: float = Field(5.4, gt=0, le=60)
    size: str = Field("848x480", pattern=r"^[0-9]{2,4}x[0-9]{2,4}$")


class Wan2Request(VideoGenerateRequest):
    """POST /video/wan2: Wan 2.2 on Replicate (text- or image-to-video, 5 s)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"prompt": "A hot-air balloon over misty hills", "duration_seconds": 5}]})

    duration_seconds: float = Field(5, gt=0, le=60)
    size: str = Field("832x480", pattern=r"^[0-9]{2,4}x[0-9]{2,4}$")


class GenerateResult(BaseModel):
    """`SoraGenerateResponse`-like: the vendor's id, our status and file, its length, the estimated cost."""

    provider_generation_id: str
    status: Literal["completed"] = "completed"
    video_url: str
    duration_seconds: float | None
    estimated_cost_usd: float | None
    output: OutputRef
    model: str
    provider: str
    provider_model: str
    routed_from: str | None = None
    has_audio: bool
    parts_seconds: list[float] = Field(default_factory=list, description="With allow_extend: the lengths asked "
                                       "of the model, one request each, joined in this order")
    notes: list[str] = Field(default_factory=list)


class ModelEntry(BaseModel):
    """One model of GET /video/models: its capabilities, whether it can run here and what to set."""

    name: str
    provider: str
    description: str
    modes: list[str]
    audio: bool
    durations_seconds: list[float] | dict[str, float]
    sizes: list[str]
    fps: list[int]
    price_per_second_usd: float | None
    configured: bool
    setting: str | None
    provider_models: dict[str, str]
    endpoints: list[str]


class TransformModelEntry(BaseModel):
    """A video-to-video model of POST /video/transform."""

    name: str
    provider: str
    operations: list[str] = Field(description="The enhancement_type values it does")
    configured: bool
    setting: str | None
    provider_model: str | None = Field(None, description="The Replicate version it runs (a setting)")
    endpoints: list[str] = Field(default_factory=lambda: ["/video/transform"])


class ModelList(BaseModel):
    models: list[ModelEntry]
    transform_models: list[TransformModelEntry] = Field(default_factory=list, description=(
        "Video-to-video: POST /video/transform's models (local ones run offline)"))
    sora: dict[str, Any] = Field(description="Sora 2's retirement and where /video/sora routes")
