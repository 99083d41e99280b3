"""Requests and results of `/api/v1/avatar/*` (PRD §6.6, §7.4): InfiniteTalk on Modal, SadTalker and Wav2Lip on
Replicate, the routing `/avatar/talking-head`, and custom-avatar training (`AvatarTrainingRequest` →
`AvatarTrainingResponse`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from media_service.jobs import JobOptions
from media_service.media import OutputRef
from media_service.models import StrictModel

__all__ = ["AvatarList", "AvatarResult", "AvatarTrainingRequest", "AvatarTrainingResponse", "InfiniteTalkRequest",
           "SadTalkerRequest", "TalkingHeadRequest", "TrainJob", "TrainingConfig", "Wav2LipRequest"]

_REF = "an http(s) URL, data: URI, input path or upload id"
Resolution = Literal["512x512", "256x256"]
Backend = Literal["infinitetalk", "sadtalker", "wav2lip"]


class _Speech(JobOptions):
    audio_url: str = Field(min_length=1, max_length=70_000_000,
                           description=f"The speech ({_REF}): 1 s to 10 min, not silent (checked before any call)")


class _StillFace(_Speech):
    face_image_url: str | None = Field(None, max_length=70_000_000,
                                       description=f"A still image with exactly one face ({_REF}); checked locally "
                                       "by MediaPipe face detection before any provider call")
    avatar_id: str | None = Field(None, max_length=64, description="A trained avatar (GET /avatar/models) instead "
                                  "of face_image_url")
    output_resolution: Resolution | None = Field(None, description="Video size (default 512x512)")


class InfiniteTalkRequest(_StillFace):
    """POST /avatar/infinitetalk: PRD `InfiniteTalkRequest` on the Modal InfiniteTalk endpoint."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"audio_url": "https://example.com/media/speech.wav",
         "face_image_url": "https://example.com/media/face.png"}]})

    fps: int | None = Field(None, ge=1, le=60, description="Frames per second (default 25)")
    use_fp8: bool = Field(False, description="FP8 inference: faster, slightly softer")
    multi_gpu: bool = Field(False, description="Spread the call over several GPUs (long audio)")


class SadTalkerRequest(_StillFace):
    """POST /avatar/sadtalker: SadTalker on Replicate (REPLICATE_SADTALKER_VERSION)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"audio_url": "https://example.com/media/speech.wav",
         "face_image_url": "https://example.com/media/face.png",
         "still": True}]})

    still: bool = Field(True, description="Less head motion (SadTalker `still`)")
    preprocess: Literal["crop", "resize", "full"] = Field("full", description="How the face is cropped")
    enhancer: Literal["gfpgan", "RestoreFormer"] | None = Field(None, description="Face enhancer")
    pose_style: int | None = Field(None, ge=0, le=45)
    expression_scale: float | None = Field(None, gt=0, le=3)


class Wav2LipRequest(_Speech):
    """POST /avatar/wav2lip: Wav2Lip on Replicate (REPLICATE_WAV2LIP_VERSION): re-times the lips of a face video
    (or a still) to the speech."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"audio_url": "https://example.com/media/speech.wav",
         "face_url": "https://example.com/media/face.mp4"}]})

    face_url: str = Field(min_length=1, max_length=70_000_000,
                          description=f"A face video or image with exactly one face ({_REF})")
    fps: int | None = Field(None, ge=1, le=60)
    pads: str | None = Field(None, pattern=r"^\d{1,3} \d{1,3} \d{1,3} \d{1,3}$",
                             description="Face box padding `top bottom left right` in pixels (default `0 10 0 0`)")
    smooth: bool = Field(True, description="Smooth the face box over time")
    resize_factor: int | None = Field(None, ge=1, le=4, description="Downscale the video by this factor")


class TalkingHeadRequest(_Speech):
    """POST /avatar/talking-head: give `face_url` (a still face → InfiniteTalk, else SadTalker; a face video →
    Wav2Lip) or `avatar_id` (its training backend), or name `backend`. The result says what was chosen and why."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"audio_url": "https://example.com/media/speech.wav",
         "face_url": "https://example.com/media/face.png"}]})

    face_url: str | None = Field(None, max_length=70_000_000, description=f"A face image or video ({_REF})")
    avatar_id: str | None = Field(None, max_length=64, description="A trained avatar instead of face_url")
    backend: Literal["auto", "infinitetalk", "sadtalker", "wav2lip"] = "auto"
    output_resolution: Resolution | None = None
    fps: int | None = Field(None, ge=1, le=60)


class AvatarResult(BaseModel):
    """The talking-head video (kept as an output: vendor URLs expire) and who made it."""

    video_url: str
    output: OutputRef
    backend: Backend
    provider_model: str
    provider_id: str
    duration_seconds: float | None
    has_audio: bool
    avatar_id: str | None = None
    chosen_because: str | None = Field(None, description="/avatar/talking-head: why this backend")
    notes: list[str] = Field(default_factory=list)


class TrainingConfig(StrictModel):
    epochs: int = Field(10, ge=1, le=1000)
    batch_size: int = Field(4, ge=1, le=256)
    learning_rate: float = Field(1e-4, gt=0, le=1)
    frame_rate: int = Field(25, ge=1, le=60)


class AvatarTrainingRequest(StrictModel):
    """POST /avatar/train: PRD `AvatarTrainingRequest`."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"video_url": "https://example.com/media/footage.mp4", "avatar_name": "Ana"}]})

    video_url: str = Field(min_length=1, max_length=70_000_000,
                           description=f"Footage of one person ({_REF}); one face is checked on a frame")
    avatar_name: str = Field(min_length=1, max_length=200)
    backend: Literal["infinitetalk", "sadtalker"] = "infinitetalk"
    training_config: TrainingConfig | None = None


class TrainJob(JobOptions):
    """The `avatar.train` job's input: the request plus the avatar row it fills in."""

    avatar_id: str = Field(max_length=64)
    video_url: str = Field(max_length=70_000_000)
    avatar_name: str = Field(max_length=200)
    backend: Literal["infinitetalk", "sadtalker"]
    training_config: TrainingConfig


class AvatarTrainingResponse(BaseModel):
    """PRD `AvatarTrainingResponse`: status uploading → training → completed | failed."""

    job_id: str | None
    avatar_id: str
    avatar_name: str
    backend: str
    status: Literal["uploading", "training", "completed", "failed"]
    progress: float | None = Field(None, description="0..1")
    estimated_time_remaining: float | None = Field(None, description="Seconds, from the backend")
    model_path: str | None = None
    error: str | None = None
    created_at: datetime
    updated_at: datetime


class AvatarList(BaseModel):
    """GET /avatar/models: trained avatars usable by `avatar_id`."""

    avatars: list[AvatarTrainingResponse]
