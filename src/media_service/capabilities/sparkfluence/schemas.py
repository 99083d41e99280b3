"""The contract's shapes for `/functions/v1/generate-images`, `generate-videos` and `check-video-status`
(Endpoints 2, 3 and 4), field for field, with our additions marked."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from media_service.jobs import JobOptions
from media_service.media import OutputRef
from media_service.models import StrictModel

__all__ = ["CheckVideoStatusData", "CheckVideoStatusRequest", "CheckVideoStatusResponse", "GenerateImagesData",
           "GenerateImagesRequest", "GenerateImagesResponse", "GenerateVideosData", "GenerateVideosRequest",
           "GenerateVideosResponse", "GeneratedSegmentImage", "ImageProviderName", "ImagesJobResult", "Segment",
           "SegmentImageIn", "SegmentVideo", "SegmentVideoJob", "SegmentVideoResult", "SparkError", "SparkErrorBody",
           "StatusSummary", "VeoResponse", "VideoProviderName", "VideoSegmentIn", "VideoStatus"]

ImageProviderName = Literal["huggingface", "openai", "local"]


class Segment(StrictModel):
    """One script segment (the output of generate-script)."""

    type: str = Field(min_length=1, max_length=40, description="HOOK, BODY_1, …, CTA")
    script_text: str = Field("", max_length=5000)
    visual_direction: str = Field(min_length=1, max_length=2000)
    emotion: str = Field("neutral", max_length=60)


class GenerateImagesRequest(JobOptions):
    """Endpoint 2 request body. `provider` `local` (our addition) draws title cards offline."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"segments": [{"type": "HOOK",
                       "visual_direction": "a desk at sunrise, coffee steam",
                       "script_text": "Stop scrolling."}],
         "aspect_ratio": "9:16"}]})

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


# --- Endpoints 3 and 4: generate-videos, check-video-status ------------------------------------------------
VideoProviderName = Literal["geminigen", "gemini", "local"]


class VideoSegmentIn(StrictModel):
    """One Endpoint 3 segment. `visual_direction` and `duration_seconds` (generate-script's fields) are
    accepted too: the first directs the camera, the second sets the clip's length where the model allows."""

    type: str = Field(min_length=1, max_length=40)
    script_text: str = Field(min_length=1, max_length=5000)
    emotion: str = Field("neutral", max_length=60)
    visual_direction: str | None = Field(None, max_length=2000)
    duration_seconds: float | None = Field(None, gt=0, le=60)


class SegmentImageIn(StrictModel):
    """The image of one segment (generate-images' `image_url`: any http(s) URL, ours included)."""

    segment_type: str = Field(min_length=1, max_length=40)
    image_url: str = Field(min_length=1, max_length=70_000_000)


class GenerateVideosRequest(StrictModel):
    """Endpoint 3 request. Our additions: `provider` (default: SPARKFLUENCE_VIDEO_MODEL, else the first
    configured of GeminiGen and Veo, else `local`), `aspect_ratio` and `resolution`."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"segments": [{"type": "HOOK", "script_text": "Stop scrolling.", "duration_seconds": 5}],
         "images": [{"segment_type": "HOOK", "image_url": "https://example.com/media/hook.png"}]}]})

    segments: list[VideoSegmentIn] = Field(min_length=1, max_length=20)
    images: list[SegmentImageIn] = Field(min_length=1, max_length=20)
    language: str = Field("english", min_length=2, max_length=40)
    provider: VideoProviderName | None = None
    aspect_ratio: Literal["9:16", "16:9"] = "9:16"
    resolution: Literal["720p", "1080p"] = "720p"


class SegmentVideoJob(JobOptions):
    """The job behind one uuid: one segment's clip (internal; made by generate-videos)."""

    segment_type: str
    prompt: str
    script_text: str
    motion: str
    language: str
    image_url: str
    model: str
    duration_seconds: float
    width: int
    height: int


class SegmentVideoResult(BaseModel):
    """A finished clip: who made it, its signed URL and file, its length and whether it has sound."""

    segment_type: str
    provider: str
    model: str
    video_url: str
    output: OutputRef
    duration_seconds: float | None
    has_audio: bool
    provider_generation_id: str | None = None
    voice: str | None = None


class VeoResponse(BaseModel):
    id: int
    uuid: str
    model_name: str
    status: Literal[1, 2, 3]
    status_percentage: int
    estimated_credit: float


class SegmentVideo(BaseModel):
    segment_type: str
    veo_response: VeoResponse


class GenerateVideosData(BaseModel):
    videos: list[SegmentVideo]
    polling_endpoint: str
    polling_interval_seconds: int
    provider: str = Field(description="Who makes the clips (our addition)")


class GenerateVideosResponse(BaseModel):
    success: Literal[True] = True
    data: GenerateVideosData


class CheckVideoStatusRequest(StrictModel):
    """Endpoint 4 request: the uuids generate-videos answered."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"video_uuids": ["3f1c2a9e-7b4d-4c1e-9a2b-5d6e7f8a9b0c"]}]})

    video_uuids: list[str] = Field(min_length=1, max_length=50)


class VideoStatus(BaseModel):
    uuid: str
    status: Literal[1, 2, 3]
    status_percentage: int
    video_url: str | None
    provider: str = Field(description="Who made (makes) the clip (our addition)")
    error_message: str | None = Field(None, description="Why it failed, when status is 3 (our addition)")


class StatusSummary(BaseModel):
    total: int
    completed: int
    processing: int
    failed: int


class CheckVideoStatusData(BaseModel):
    videos: list[VideoStatus]
    summary: StatusSummary
    all_completed: bool


class CheckVideoStatusResponse(BaseModel):
    success: Literal[True] = True
    data: CheckVideoStatusData
