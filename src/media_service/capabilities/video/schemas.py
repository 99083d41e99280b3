"""Requests and results of `/api/v1/video/*`: combine, image-to-video and transform.

Limits live here, so a bad value is a 400 naming its field before any job exists; unknown fields are
refused. Media inputs are MediaRefs (path under INPUT_ROOTS, http(s) URL, data: URI or upload id).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from media_service.jobs import JobOptions
from media_service.media import OutputRef, VideoRef, is_upload_id
from media_service.media.refs import classify_ref
from media_service.models import StrictModel

__all__ = [
    "LOCAL_MODEL", "CombineBgm", "CombineOutput", "CombineRequest", "CombineResult", "CombineSegment",
    "CombineTransition", "ImageToVideoRequest", "ImageToVideoResult", "SegmentReport", "TransformRequest",
    "TransformResult",
]

LOCAL_MODEL = "local"
TransitionName = Literal["none", "fade", "crossfade", "slide-left", "slide-right", "slide-up", "slide-down", "wipe",
                         "zoom"]
#: The motion engine's templates (engines/motion/templates.py; a test keeps the two lists equal). Named here
#: so the API process need not import the engine.
TemplateName = Literal["panLeft", "panRight", "zoomIn", "zoomOut", "parallax", "floating", "shimmer",
                       "productShowcase"]
Resolution = Literal["512x512", "768x512", "512x768", "720x1280", "1280x720", "1080x1920", "1920x1080"]


class CombineSegment(StrictModel):
    """One segment: a video, the part of it to use, and what the caller believes its length is."""

    video: VideoRef
    trim_start: float = Field(0.0, ge=0, le=3600, description="Seconds cut from the segment's start")
    trim_end: float | None = Field(None, gt=0, le=3600, description="Where the segment ends (seconds); default: its end")
    duration_seconds: float | None = Field(None, gt=0, le=3600, description="Declared length; a real length "
                                           "more than 0.5 s away is a warning in the job log")
    label: str | None = Field(None, max_length=64, description="A name for progress steps and logs (e.g. HOOK)")

    @model_validator(mode="after")
    def _trim_order(self) -> CombineSegment:
        if self.trim_end is not None and self.trim_end <= self.trim_start:
            raise ValueError("trim_end must be greater than trim_start")
        return self


class CombineTransition(StrictModel):
    """A transition between two segments (the scene engine's set); `none` is a cut."""

    type: TransitionName = "crossfade"
    duration: float = Field(0.5, ge=0, le=3, description="Seconds the two segments overlap")


class CombineBgm(StrictModel):
    """Background music: a media reference or a music-library track id, its volume and optional ducking."""

    source: str = Field(min_length=1, max_length=2_000_000, description="A MediaRef (audio) or the id of a "
                        "track from POST /api/v1/audio/music/search")
    volume: float = Field(0.15, ge=0, le=1, description="Music gain under the segments' own audio (0.15 ≈ -16.5 dB)")
    ducking: bool = Field(False, description="Duck the music further while the segments' audio is active")
    duck_to: float = Field(0.5, ge=0, le=1, description="Music gain while ducked (a factor on `volume`)")

    @property
    def is_ref(self) -> bool:
        """Whether `source` is a media reference (else a library track id)."""
        try:
            classify_ref(self.source)
        except ValueError:
            return False
        return True


class CombineOutput(StrictModel):
    """The programme's container, size and frame rate; default: the first segment's size and rate."""

    format: Literal["mp4", "webm"] = "mp4"
    resolution: str | None = Field(None, pattern=r"^[1-9][0-9]{1,3}x[1-9][0-9]{1,3}$", description="WIDTHxHEIGHT")
    fps: float | None = Field(None, gt=0, le=60)

    @property
    def size(self) -> tuple[int, int] | None:
        if self.resolution is None:
            return None
        width, height = (int(v) for v in self.resolution.split("x"))
        return width, height

    @field_validator("resolution")
    @classmethod
    def _even(cls, value: str | None) -> str | None:
        if value is not None and any(int(v) % 2 or not 16 <= int(v) <= 3840 for v in value.split("x")):
            raise ValueError("both sides must be even and 16..3840 px")
        return value


class CombineRequest(JobOptions):
    """POST /video/combine."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"segments": [{"video": "https://example.com/media/hook.mp4", "label": "HOOK"},
                      {"video": "https://example.com/media/body.mp4", "label": "BODY_1"}],
         "transitions": {"type": "crossfade", "duration": 0.5}}]})

    segments: list[CombineSegment] = Field(min_length=1, max_length=100)
    transitions: list[CombineTransition] | CombineTransition | None = Field(
        None, description="One per join (segment k → k+1), or one for every join; default: cuts")
    bgm: CombineBgm | None = None
    loudness_target: float | None = Field(-14.0, ge=-40, le=-5, description="Programme loudness (LUFS); null "
                                          "keeps the segments' level (and, when nothing else changes, their audio)")
    output: CombineOutput = Field(default_factory=CombineOutput)

    @model_validator(mode="after")
    def _joins(self) -> CombineRequest:
        if isinstance(self.transitions, list) and len(self.transitions) > len(self.segments) - 1:
            raise ValueError(f"transitions: at most {len(self.segments) - 1} (one per join)")
        return self


class SegmentReport(BaseModel):
    """What a segment turned out to be."""

    index: int
    label: str | None
    duration_seconds: float
    declared_duration_seconds: float | None
    resolution: str
    fps: float
    codec: str
    has_audio: bool


class CombineResult(BaseModel):
    """The combined programme and how it was made (`mode` copy|reencode, `reasons` for re-encoding)."""

    output: OutputRef
    mode: Literal["copy", "reencode"]
    reasons: list[str]
    duration_seconds: float
    resolution: str
    fps: float
    format: str
    codec: str
    audio_reencoded: bool
    integrated_lufs: float | None
    segments: list[SegmentReport]
    warnings: list[str]


class ImageToVideoRequest(JobOptions):
    """POST /video/image-to-video (PRD §6.3.2): one image input, a motion template or prompt."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"image_url": "https://example.com/media/photo.png",
         "template": "zoomIn",
         "duration_seconds": 4}]})

    image_url: str | None = Field(None, pattern=r"^https?://", max_length=4096)
    image_base64: str | None = Field(None, max_length=70_000_000, description="Base64 bytes or a data: URI")
    image_path: str | None = Field(None, pattern=r"^/", max_length=4096)
    upload: str | None = Field(None, pattern=r"^upl_", max_length=64)
    motion_prompt: str | None = Field(None, max_length=1000)
    template: TemplateName | None = Field(None, description="A motion template by name (wins over motion_prompt)")
    duration_seconds: float = Field(5.0, gt=0, le=60)
    fps: int = Field(24, ge=1, le=60)
    resolution: Resolution = "720x1280"
    quality: Literal["draft", "balanced", "quality"] = "balanced"
    model: str = Field(LOCAL_MODEL, max_length=64, description="`local` (the motion engine) or an image-to-video "
                       "model of GET /video/models (veo-3.1, veo-3.1-geminigen, wan-2.2): its provider makes the "
                       "clip from the image with `motion_prompt` as the prompt")
    format: Literal["mp4", "webm"] = "mp4"

    @field_validator("image_base64")
    @classmethod
    def _as_data_uri(cls, value: str | None) -> str | None:
        """Bare base64 becomes a data: URI (the content decides the type), so that submission can store it as a
        file like any other long data: URI; then the stored input holds the upload id instead."""
        if value is None:
            return None
        value = value.strip()
        if value.startswith("data:") or is_upload_id(value):
            return value
        return f"data:application/octet-stream;base64,{value}"

    @model_validator(mode="after")
    def _one_image(self) -> ImageToVideoRequest:
        given = [n for n in ("image_url", "image_base64", "image_path", "upload") if getattr(self, n)]
        if len(given) != 1:
            raise ValueError("give exactly one of image_url, image_base64, image_path, upload")
        return self

    @property
    def image_ref(self) -> str:
        """The image as a MediaRef (a data: URI, or the upload that submission stored it in)."""
        return str(self.image_base64 or self.image_url or self.image_path or self.upload)

    @property
    def image_field(self) -> str:
        return next(n for n in ("image_url", "image_base64", "image_path", "upload") if getattr(self, n))


class ImageToVideoResult(BaseModel):
    """The clip, the template used and why (a prompt that matched nothing says so here). A provider model
    (`model` ≠ local) has no template: `provider` and `provider_generation_id` say who made the clip."""

    output: OutputRef
    model: str
    template: TemplateName | None
    strength: float | None
    motion_reason: str
    duration_seconds: float
    frames: int
    fps: float
    resolution: str
    quality: str
    provider: str = "local"
    provider_generation_id: str | None = None
    has_audio: bool = False


class TransformRequest(JobOptions):
    """POST /video/transform (PRD §6.3.3); `video` takes any MediaRef (video_url / video_path: the PRD's names)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"enhancement_type": "upscale",
         "video_url": "https://example.com/media/clip.mp4",
         "output_resolution": "1080p"}]})

    video: VideoRef | None = None
    video_url: str | None = Field(None, pattern=r"^https?://", max_length=4096)
    video_path: str | None = Field(None, pattern=r"^/", max_length=4096)
    style_prompt: str | None = Field(None, max_length=2000)
    enhancement_type: Literal["style-transfer", "upscale", "denoise", "colorize", "super-resolution"]
    model: str | None = Field(None, max_length=64, description=(
        "`local` (default for upscale and denoise, offline); on Replicate (REPLICATE_API_TOKEN): `real-esrgan` "
        "(default for super-resolution), `gfpgan` (faces restored: super-resolution, upscale, denoise), `deoldify` "
        "(default for colorize), `lcm-video2video` (default for style-transfer, needs style_prompt)"),
        examples=["local", "real-esrgan"])
    output_resolution: Literal["720p", "1080p", "4K"] = "1080p"
    strength: float = Field(0.5, ge=0, le=1)
    method: Literal["fftdnoiz", "nlmeans"] = Field("fftdnoiz", description="denoise only")
    preserve_motion: bool = Field(True, description="Local transforms work frame by frame: every input frame gives "
                                  "one output frame at the same time, so motion is always preserved")

    @model_validator(mode="after")
    def _one_video(self) -> TransformRequest:
        if len([v for v in (self.video, self.video_url, self.video_path) if v]) != 1:
            raise ValueError("give exactly one of video, video_url, video_path")
        return self

    @property
    def video_ref(self) -> str:
        return str(self.video or self.video_url or self.video_path)

    @property
    def video_field(self) -> str:
        return next(n for n in ("video", "video_url", "video_path") if getattr(self, n))


class TransformResult(BaseModel):
    """The transformed video."""

    output: OutputRef
    enhancement_type: str
    model: str
    width: int
    height: int
    frames: int
    fps: float
    audio_kept: bool
    provider: str = Field("local", description="local, or replicate")
    provider_generation_id: str | None = Field(None, description="The Replicate prediction id")
