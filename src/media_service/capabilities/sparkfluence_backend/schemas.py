"""The Sparkfluence Python backend's contract (spec/sparkfluence-api-contracts.md, Endpoints 5 and 6),
field for field: the combine request, the 202 / 200 answers, the job status and the error envelope."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from media_service.models import StrictModel

__all__ = ["Accepted", "AcceptedBody", "BackendError", "BackendErrorBody", "CombineFinalVideoRequest", "Completed",
           "CompletedBody", "JobStatusBody", "JobStatusData", "Options", "SegmentIn", "VideoMetadata"]

Status = Literal["processing", "completed", "failed"]


class SegmentIn(StrictModel):
    """One Veo segment: its role (HOOK, BODY_1, …, ENDING_CTA), where to download it, its declared length."""

    type: str = Field(min_length=1, max_length=64)
    video_url: str = Field(pattern=r"^https?://", max_length=4096)
    duration_seconds: float = Field(gt=0, le=600)


class Options(StrictModel):
    """Background music: a URL (null: none) and its volume under the segments' voice."""

    bgm_url: str | None = Field(None, pattern=r"^https?://", max_length=4096)
    bgm_volume: float = Field(0.15, ge=0, le=1)


class CombineFinalVideoRequest(StrictModel):
    """POST /api/combine-final-video."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"project_id": "proj-42",
         "segments": [{"type": "HOOK",
                       "video_url": "https://example.com/media/hook.mp4",
                       "duration_seconds": 4},
                      {"type": "BODY_1",
                       "video_url": "https://example.com/media/body.mp4",
                       "duration_seconds": 6}]}]})

    project_id: str = Field(min_length=1, max_length=128)
    segments: list[SegmentIn] = Field(min_length=1, max_length=50)
    options: Options = Field(default_factory=Options)


class Accepted(BaseModel):
    """202: processing started."""

    job_id: str
    status: Status
    estimated_time_seconds: float
    polling_endpoint: str


class Completed(BaseModel):
    """200: the same project and segments were already combined."""

    job_id: str
    status: Status
    final_video_url: str
    duration_seconds: float
    file_size_mb: float
    resolution: str
    format: str
    codec: str
    output_path: str | None = Field(None, description="Where the file is (kept in the job's result, not answered)")


class VideoMetadata(BaseModel):
    duration_seconds: float
    file_size_mb: float
    resolution: str
    format: str
    codec: str


class JobStatusData(BaseModel):
    """GET /api/job-status/{job_id}: `metadata` only when completed."""

    job_id: str
    status: Status
    progress_percentage: int
    current_step: str
    final_video_url: str | None
    error_message: str | None
    metadata: VideoMetadata | None = None


class AcceptedBody(BaseModel):
    """The 202 body as the contract sends it: `{success: true, data: Accepted}`."""

    success: Literal[True] = True
    data: Accepted


class CompletedBody(BaseModel):
    """The 200 body (already combined): `{success: true, data: Completed}`."""

    success: Literal[True] = True
    data: Completed


class JobStatusBody(BaseModel):
    """The job-status body: `{success: true, data: JobStatusData}`."""

    success: Literal[True] = True
    data: JobStatusData


class BackendErrorBody(BaseModel):
    code: Literal["INVALID_REQUEST", "UNAUTHORIZED", "JOB_NOT_FOUND", "DOWNLOAD_FAILED", "FFMPEG_ERROR",
                  "UPLOAD_FAILED", "INTERNAL_ERROR", "RATE_LIMITED"]
    message: str
    failed_step: str | None
    details: dict[str, object] = Field(default_factory=dict)


class BackendError(BaseModel):
    """Every error on these two paths."""

    success: Literal[False] = False
    error: BackendErrorBody
