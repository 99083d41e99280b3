"""Requests and results of `POST /api/v1/video/pipeline` (PRD "Full pipeline") and its retry.

One request names the subject (`topic`, or a finished `script`), the platform, length, language, look, the
provider of each step, the voice, captions and music; the result is the final video plus what each step
did, who did it and how long it took. Unknown fields are refused; a bad value is a 400 naming its field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from media_service.engines.script import LANGUAGES, resolve_language
from media_service.jobs import JobOptions
from media_service.media import OutputRef
from media_service.models import StrictModel

__all__ = ["PipelineBgm", "PipelineCaptions", "PipelineProviders", "PipelineRequest", "PipelineResult",
           "PipelineRetry", "ScriptSegmentIn", "StepReport"]

_KNOWN = ", ".join(sorted(lang.name for lang in LANGUAGES.values()))
#: Sizes of the 9:16 programme by `resolution`.
SIZES = {"720p": (720, 1280), "1080p": (1080, 1920)}


class PipelineProviders(StrictModel):
    """Who makes each step; `local` everywhere runs offline."""

    script: Literal["gemini", "openai", "openai_compatible", "local"] | None = Field(
        None, description="Text provider of the script; default: the first configured (TEXT_PROVIDER_ORDER), "
                          "else local")
    images: Literal["local", "huggingface", "openai"] = Field("local", description="Image provider of the stills")
    video: str = Field("local", max_length=64, description="`local` (the motion engine films each still) or an "
                       "image-to-video model of GET /video/models (veo-3.1, veo-3.1-geminigen, wan-2.2)")
    voice: Literal["local", "elevenlabs", "openai", "modal"] = Field("local", description="Speech provider of the "
                                                                      "voiceover (for clips without their own sound)")


class ScriptSegmentIn(StrictModel):
    """One segment of a finished script (generate-script's segment shape)."""

    type: str = Field(min_length=1, max_length=40, description="HOOK, BODY_1 … BODY_n, ENDING_CTA")
    duration_seconds: float = Field(gt=0, le=60)
    script_text: str = Field(min_length=1, max_length=2000)
    visual_direction: str = Field("", max_length=2000)
    emotion: str = Field("neutral", max_length=60)

    @field_validator("script_text")
    @classmethod
    def _spoken(cls, value: str) -> str:
        if not any(ch.isalnum() for ch in value):
            raise ValueError("has nothing to speak (no letters or digits)")
        return value.strip()


class PipelineCaptions(StrictModel):
    """Word-timed captions drawn over every segment (the captions of the render engine)."""

    enabled: bool = True
    style: Literal["karaoke", "word", "line"] = "karaoke"
    position: Literal["bottom", "middle", "top"] = Field("middle", description="middle by default: clear of the "
                                                         "headline a local still draws in its lower third")
    highlight_color: str = Field("#FACC15", pattern=r"^#[0-9A-Fa-f]{6}$")
    uppercase: bool = False


class PipelineBgm(StrictModel):
    """Background music: a music-library track id or a MediaRef; `auto` picks a library track."""

    source: str = Field("auto", min_length=1, max_length=4096)
    volume: float = Field(0.15, ge=0, le=1, description="Music gain under the voice")


class PipelineRequest(JobOptions):
    """POST /video/pipeline: give `topic` (a script is written) or `script` (its segments are used as given)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"topic": "why sleep makes you smarter",
         "duration": "30s",
         "platform": "tiktok",
         "providers": {"images": "local", "video": "local", "voice": "local"}}]})

    topic: str | None = Field(None, max_length=2000, description="What the video is about")
    script: list[ScriptSegmentIn] | None = Field(None, min_length=1, max_length=8,
                                                 description="A finished script; its durations sum to `duration`")
    platform: Literal["tiktok", "instagram", "youtube_shorts"] = "tiktok"
    duration: Literal["30s", "60s"] = "30s"
    language: str = Field("english", max_length=40, description="a name (indonesian) or ISO 639-1 code (id)")
    style: Literal["cinematic", "realistic", "animated"] = "cinematic"
    providers: PipelineProviders = Field(default_factory=PipelineProviders)
    voice: str | None = Field(None, max_length=200, description="Voice id of the voice provider (GET /tts/voices); "
                              "default: the language's local voice")
    captions: PipelineCaptions | bool = Field(default_factory=PipelineCaptions,
                                              description="true/false, or the captions' look")
    bgm: PipelineBgm | None = Field(default_factory=PipelineBgm, description="null: no music")
    resolution: Literal["720p", "1080p"] = Field("720p", description="9:16 at 720×1280 (default) or 1080×1920")
    fps: Literal[24, 30] = 24

    @field_validator("topic")
    @classmethod
    def _topic(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be empty")
        return value.strip() if value is not None else None

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        found = resolve_language(value)
        if found is None:
            raise ValueError(f"unknown language {value!r}; a name or ISO 639-1 code of one of: {_KNOWN}")
        return found.name

    @field_validator("captions")
    @classmethod
    def _captions(cls, value: PipelineCaptions | bool) -> PipelineCaptions:
        return PipelineCaptions(enabled=value) if isinstance(value, bool) else value

    @property
    def total_seconds(self) -> int:
        return int(self.duration.rstrip("s"))

    @property
    def caption_options(self) -> PipelineCaptions:
        return self.captions if isinstance(self.captions, PipelineCaptions) else PipelineCaptions(enabled=self.captions)

    @property
    def size(self) -> tuple[int, int]:
        return SIZES[self.resolution]


class PipelineRetry(PipelineRequest):
    """The job a retry submits (internal: made by POST /video/pipeline/{id}/retry): the failed pipeline's request
    and the results of its finished steps, by step key, which this run reuses instead of redoing."""

    retry_of: str
    reuse: dict[str, dict[str, Any]] = Field(default_factory=dict)


class StepReport(BaseModel):
    """One step of the pipeline: its child jobs, who made it, and its wall time."""

    name: str
    provider: str
    job_ids: list[str] = Field(description="Child jobs of this run (GET /jobs/{id}); empty when all were reused")
    reused: int = Field(0, description="Items taken from the failed run being retried")
    seconds: float = Field(description="Wall time from the step's first submission to its last child's end")


class PipelineResult(BaseModel):
    """The final video and how it was made."""

    output: OutputRef
    video_url: str
    duration_seconds: float
    resolution: str
    integrated_lufs: float | None
    language: str
    platform: str
    segments: list[dict[str, Any]] = Field(description="The script used: type, duration_seconds, script_text, "
                                           "visual_direction, emotion")
    steps: list[StepReport]
    bgm: str | None = Field(description="The music used (a library track id or the reference given)")
    retry_of: str | None = None
