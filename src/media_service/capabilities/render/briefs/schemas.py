"""Request and result models of the brief formats: PRD §8.1 ContentBrief (sections, style, settings, audio),
§6.1.1 RenderBriefRequest/Response and §6.1.3 GeneratorInput/BatchRenderRequest.

Every brief model refuses unknown keys (a typo is a 400 naming it, not a silently ignored field). A
section's `content` is typed by its `type`; the schemas below are the contract and appear in the OpenAPI
document. Extensions beyond the PRD are marked as such in their descriptions.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from media_service.engines.scene import parse_color
from media_service.engines.video.model import TransitionType
from media_service.jobs import JobOptions
from media_service.media import AudioRef, ImageRef, OutputRef, classify_ref

from ..video import VideoOutputOptions
from ..video.schemas import OutputFormat, Quality
from .themes import ThemeName

__all__ = [
    "FORMAT_IDS", "FPS_CHOICES", "SECTION_TYPES", "AudioConfig", "BatchAccepted", "BatchItemRequest", "BatchItemView",
    "BatchRenderRequest", "BatchView", "CaptionsConfig", "CodeBlock", "ComparisonContent", "ComparisonSide", "ContentBrief", "FormatInfo",
    "GeneratorInput", "IntroContent", "ListItemContent", "OutroContent", "RenderBriefRequest", "RenderBriefResult",
    "RenderExplainerRequest", "RenderExplainerResult", "Resolution", "Section", "SectionTiming", "SectionType",
    "SpokenWord", "StyleConfig",
    "TopicContent", "TransitionContent", "VideoFormat", "VideoSettings", "VoiceConfig",
]

VideoFormat = Literal["explainer_v1", "listicle_v1", "comparison_v1", "shorts_v1", "devvlog_v1"]
FORMAT_IDS: tuple[str, ...] = get_args(VideoFormat)
SectionType = Literal["intro", "topic", "list_item", "comparison", "outro", "transition"]
SECTION_TYPES: tuple[str, ...] = get_args(SectionType)
FPS_CHOICES = (24, 25, 30, 50, 60)
MAX_SIDE = 8192
_TEXT = 240       # one line of on-screen copy
_PARAGRAPH = 600


class BriefModel(BaseModel):
    """Strict: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")


# ---- section contents ----------------------------------------------------------------------------------

class _Content(BriefModel):
    voiceover_text: str | None = Field(None, max_length=10_000, description=(
        "Narration for this section: spoken when brief.audio.voice is set (and captioned with brief.captions), "
        "else kept with the brief."))


class CodeBlock(BriefModel):
    """Extension (devvlog_v1, explainer_v1): a code listing drawn in an editor or terminal window."""

    source: str = Field(min_length=1, max_length=4000, description="the code; tabs become 4 spaces")
    language: str = Field("text", max_length=32, description=(
        "python, javascript, typescript, go, rust, bash, json, sql, … (unknown: drawn without highlighting)"))
    filename: str | None = Field(None, max_length=80, description="shown in the window's title bar")
    kind: Literal["editor", "terminal"] = Field("editor", description=(
        "terminal: lines starting with `$ ` are typed commands, the rest is their output"))

    @field_validator("source")
    @classmethod
    def _fits_a_window(cls, source: str) -> str:
        lines = source.expandtabs(4).rstrip("\n").split("\n")
        if len(lines) > 16:
            raise ValueError(f"{len(lines)} lines: at most 16 fit a readable code window")
        widest = max(len(line) for line in lines)
        if widest > 72:
            raise ValueError(f"a line of {widest} characters: at most 72 fit a readable code window")
        return source


class IntroContent(_Content):
    title: str = Field(min_length=1, max_length=_TEXT)
    subtitle: str | None = Field(None, max_length=_TEXT)
    image: ImageRef | None = None


class TopicContent(_Content):
    heading: str = Field(min_length=1, max_length=_TEXT)
    body: str | None = Field(None, max_length=_PARAGRAPH)
    bullets: list[Annotated[str, Field(min_length=1, max_length=160)]] = Field(default_factory=list, max_length=6)
    image: ImageRef | None = None
    code: CodeBlock | None = Field(None, description="extension: a code window (devvlog_v1, explainer_v1)")


class ListItemContent(_Content):
    number: int | None = Field(None, ge=0, le=999, description="default: counts down from the number of items")
    title: str = Field(min_length=1, max_length=_TEXT)
    description: str | None = Field(None, max_length=_PARAGRAPH)
    image: ImageRef | None = None
    code: CodeBlock | None = Field(None, description="extension: a code window (devvlog_v1)")


class ComparisonSide(BriefModel):
    title: str = Field(min_length=1, max_length=120)
    points: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(default_factory=list, max_length=5)
    image: ImageRef | None = None


class ComparisonContent(_Content):
    left: ComparisonSide
    right: ComparisonSide
    verdict: str | None = Field(None, max_length=_TEXT)


class OutroContent(_Content):
    title: str | None = Field(None, max_length=_TEXT)
    cta: str = Field(min_length=1, max_length=120, description="the call to action, e.g. 'Subscribe for more'")
    handle: str | None = Field(None, max_length=60, description="e.g. '@yourchannel'")


class TransitionContent(_Content):
    style: TransitionType = Field("wipe", description="how the stinger moves and how the next section enters")


# ---- sections --------------------------------------------------------------------------------------------

class _SectionBase(BriefModel):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    start_time_sec: float = Field(ge=0, description="when the section starts on the video's time axis")
    duration_sec: float = Field(gt=0, le=600)

    @property
    def end_time_sec(self) -> float:
        return self.start_time_sec + self.duration_sec


class IntroSection(_SectionBase):
    type: Literal["intro"]
    content: IntroContent


class TopicSection(_SectionBase):
    type: Literal["topic"]
    content: TopicContent


class ListItemSection(_SectionBase):
    type: Literal["list_item"]
    content: ListItemContent


class ComparisonSection(_SectionBase):
    type: Literal["comparison"]
    content: ComparisonContent


class OutroSection(_SectionBase):
    type: Literal["outro"]
    content: OutroContent


class TransitionSection(_SectionBase):
    type: Literal["transition"]
    content: TransitionContent = Field(default_factory=lambda: TransitionContent.model_validate({}))


Section = Annotated[IntroSection | TopicSection | ListItemSection | ComparisonSection | OutroSection
                    | TransitionSection, Field(discriminator="type")]


# ---- style, settings, audio -------------------------------------------------------------------------------

_ANGLE_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*deg\s*$")


def _split_colours(value: str) -> list[str]:
    """Comma-separated colours, where rgb()/rgba() keep their own commas."""
    parts, depth, current = [], 0, ""
    for ch in value:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return [p for p in parts if p]


class StyleConfig(BriefModel):
    """Look of the video. Everything but `theme` is optional; the theme supplies the rest."""

    theme: ThemeName = "dark"
    primary_color: str | None = Field(None, description="brand colour: panels, bars, buttons")
    accent_color: str | None = Field(None, description="highlights: numbers, bullets, underlines")
    background_type: Literal["solid", "gradient", "image", "video"] | None = Field(
        None, description="default: the theme's (gradient for dark/neon, solid for light/minimal); video: extension")
    background_value: str | None = Field(None, description=(
        "solid: a colour; gradient: 2–4 colours, optionally after an angle ('135deg, #1e3a8a, #6b21a8'); "
        "image/video: a MediaRef (drawn under a scrim in the theme's background colour for legibility)"))
    font_family: str | None = Field(None, max_length=100, description="an installed family for all text")

    @field_validator("primary_color", "accent_color")
    @classmethod
    def _colour(cls, value: str | None) -> str | None:
        if value is not None:
            parse_color(value)
        return value

    @model_validator(mode="after")
    def _background(self) -> StyleConfig:
        kind, value = self.background_type, self.background_value
        if kind in ("image", "video"):
            if not value:
                raise ValueError(f"background_value: a MediaRef is required when background_type is {kind!r}")
            classify_ref(value)
        elif value:
            if kind is None:
                raise ValueError("background_value: set background_type (solid, gradient, image or video) too")
            self.backdrop_colors()
        return self

    def backdrop_colors(self) -> list[str]:
        """The backdrop's colours for solid/gradient backgrounds set by the brief; [] when the theme decides."""
        if self.background_type not in ("solid", "gradient") or not self.background_value:
            return []
        parts = _split_colours(self.background_value)
        if parts and _ANGLE_RE.match(parts[0]):
            parts = parts[1:]
        want = (1, 1) if self.background_type == "solid" else (2, 4)
        if not want[0] <= len(parts) <= want[1]:
            raise ValueError(f"background_value: a {self.background_type} background takes "
                             f"{'one colour' if want == (1, 1) else '2 to 4 colours'}, got {len(parts)}")
        for part in parts:
            try:
                parse_color(part)
            except ValueError as exc:
                raise ValueError(f"background_value: {exc}") from None
        return parts

    def backdrop_angle(self) -> float:
        """The gradient angle in degrees (CSS convention: 180 = top to bottom); default 135."""
        parts = _split_colours(self.background_value or "")
        match = _ANGLE_RE.match(parts[0]) if parts else None
        return float(match.group(1)) if match else 135.0


class Resolution(BriefModel):
    width: int = Field(ge=144, le=MAX_SIDE, description="px, even")
    height: int = Field(ge=144, le=MAX_SIDE, description="px, even")

    @field_validator("width", "height")
    @classmethod
    def _even(cls, value: int) -> int:
        if value % 2:
            raise ValueError(f"must be even (video frames are encoded in 2×2 chroma blocks), got {value}")
        return value


def _check_fps(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value not in FPS_CHOICES:
        raise ValueError(f"must be one of 24, 25, 30, 50, 60; got {value!r}")
    return int(value)


Fps = Annotated[int, BeforeValidator(_check_fps), Field(description="frames per second: 24, 25, 30, 50 or 60",
                                                        json_schema_extra={"enum": list(FPS_CHOICES)})]


class VideoSettings(BriefModel):
    duration_sec: float = Field(gt=0, le=3600)
    fps: Fps = 30
    resolution: Resolution | None = Field(None, description="default: the format's (1920×1080, shorts 1080×1920)")


VoiceProvider = Literal["local", "elevenlabs", "openai", "modal"]


class VoiceConfig(BriefModel):
    """Extension (issue 14): who speaks the sections' `voiceover_text`: a local voice (GET /tts/voices) in the
    render job, or a cloud provider / saved voice profile through one `tts.generate` child job per section."""

    provider: VoiceProvider | None = Field(None, description="default: local")
    voice_id: str | None = Field(None, min_length=1, max_length=120, description=(
        "a local voice id, e.g. piper-en_US-joe-medium or espeak-hi; default: TTS_DEFAULT_VOICE"))
    voice_profile_id: str | None = Field(None, min_length=1, max_length=120, description="a saved voice profile")
    speed: float = Field(1.0, ge=0.5, le=2.0, description="speaking rate (1 = the voice's own)")


class AudioConfig(BriefModel):
    voiceover: AudioRef | None = Field(None, description="narration (MediaRef)")
    voice: VoiceConfig | None = Field(None, description=(
        "extension: speak each section's voiceover_text with this voice; sections stretch to fit what is said"))
    music: str | None = Field(None, min_length=1, description=(
        "background music: a MediaRef, or the id of a track in the local music library "
        "(GET /api/v1/audio/music/search); it ducks under the voice, and the mix is normalised to -14 LUFS"))
    volume_voice: float = Field(1.0, ge=0, le=1)
    volume_music: float = Field(0.3, ge=0, le=1)


class CaptionsConfig(BriefModel):
    """Extension (issue 14): word-timed captions of the spoken voiceover_text, inside the format's safe area."""

    enabled: bool = True
    style: Literal["karaoke", "word", "line"] = Field("karaoke", description=(
        "karaoke: a line at a time, the spoken word highlighted; word: one word at a time; line: two lines at "
        "a time"))
    font: str | None = Field(None, min_length=1, max_length=100, description="default: the theme's display face")
    size: float | None = Field(None, ge=16, le=240, description="px at a 1080 px short side (scaled with the "
                               "frame); default 76 portrait, 59 landscape (× 1.4 for word)")
    position: Literal["bottom", "middle", "top"] = "bottom"
    highlight_color: str | None = Field(None, description="default: the theme's accent colour")
    max_words_per_line: int | None = Field(None, ge=1, le=12, description="default: 4 portrait, 6 landscape")
    uppercase: bool = False

    @field_validator("highlight_color")
    @classmethod
    def _colour(cls, value: str | None) -> str | None:
        if value is not None:
            parse_color(value)
        return value


class ContentBrief(BriefModel):
    """PRD §8.1: a video as sections on a time axis, drawn by one of the formats."""

    id: str = Field(min_length=1, max_length=120)
    format: VideoFormat
    title: str = Field(min_length=1, max_length=_TEXT)
    description: str | None = Field(None, max_length=2000)
    sections: list[Section] = Field(min_length=1, max_length=100)
    style: StyleConfig = Field(default_factory=lambda: StyleConfig.model_validate({}))
    settings: VideoSettings
    audio: AudioConfig | None = None
    captions: CaptionsConfig | None = Field(None, description="extension: captions of the spoken voiceover_text")
    metadata: dict[str, Any] | None = Field(None, description="kept as given; not drawn")

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, sections: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for section in sections:
            if section.id in seen:
                raise ValueError(f"duplicate section id {section.id!r}")
            seen.add(section.id)
        return sections


# ---- requests -----------------------------------------------------------------------------------------------

class RenderBriefRequest(VideoOutputOptions):
    """PRD RenderBriefRequest: a brief, compiled by its format into a timeline and rendered."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"brief": {"id": "my-video",
                   "format": "explainer_v1",
                   "title": "How AI Works",
                   "sections": [{"id": "intro",
                                 "type": "intro",
                                 "start_time_sec": 0,
                                 "duration_sec": 3,
                                 "content": {"title": "How AI Works"}},
                                {"id": "outro",
                                 "type": "outro",
                                 "start_time_sec": 3,
                                 "duration_sec": 2,
                                 "content": {"cta": "Follow"}}],
                   "settings": {"duration_sec": 5, "fps": 30}},
         "quality": "preview"}]})

    brief: ContentBrief


class GeneratorInput(BriefModel):
    """PRD GeneratorInput: a few fields from which the service writes the whole brief (generator.py)."""

    format: VideoFormat = "explainer_v1"
    title: str = Field(min_length=1, max_length=_TEXT)
    subtitle: str | None = Field(None, max_length=_TEXT)
    topics: list[Annotated[str, Field(min_length=1, max_length=_PARAGRAPH)]] = Field(default_factory=list,
                                                                                   max_length=20)
    theme: ThemeName = "dark"
    duration_per_topic: float = Field(5.0, ge=2, le=60, description="seconds per topic section")
    images: list[ImageRef] = Field(default_factory=list, max_length=20,
                                   description="extension: one picture per topic, in order")
    music: str | None = Field(None, description="extension: MediaRef or music-library track id")
    cta: str | None = Field(None, max_length=120, description="extension: outro call to action")
    handle: str | None = Field(None, max_length=60, description="extension: outro handle")
    fps: Fps = 30
    resolution: Resolution | None = Field(None, description="extension: default the format's")


class RenderExplainerRequest(VideoOutputOptions, GeneratorInput):
    """POST /render/explainer: a GeneratorInput written into a brief and rendered."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"title": "How AI Works", "topics": ["Data", "Training", "Inference"], "quality": "preview"}]})


class BatchItemRequest(RenderExplainerRequest):
    """One video of a batch (job type `render.batch-item`): a GeneratorInput plus where it belongs."""

    batch_id: str
    index: int = Field(ge=0)


class BatchRenderRequest(JobOptions):
    """PRD BatchRenderRequest: one video per GeneratorInput, at most `max_concurrent` rendering at once.
    `webhook_url` receives one `batch.completed` delivery when every video has finished."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"videos": [{"title": "Three focus habits", "topics": ["Single-task", "Timebox"]},
                    {"title": "Sleep and memory", "topics": ["Deep sleep", "REM"]}],
         "quality": "preview"}]})

    videos: list[GeneratorInput] = Field(min_length=1, max_length=100)
    output_dir: str | None = Field(None, max_length=4096, description="also write each video here (under EXPORT_ROOTS)")
    quality: Quality = "production"
    output_format: OutputFormat = Field("mp4", description="extension")
    max_concurrent: int = Field(3, ge=1, le=32)


# ---- results ------------------------------------------------------------------------------------------------

class SpokenWord(BaseModel):
    """A word of the voiceover and when it is said, in seconds of the video."""

    text: str
    start: float
    end: float


class SectionTiming(BaseModel):
    """Where a section of a spoken brief ended up once retimed to fit its voiceover."""

    id: str
    start_time_sec: float
    duration_sec: float


class RenderBriefResult(BaseModel):
    """PRD RenderBriefResponse plus the output and poster files."""

    job_id: str
    status: Literal["completed"] = "completed"
    video_path: str
    video_url: str
    duration_seconds: float
    file_size_bytes: int
    render_time_seconds: float
    format: VideoFormat
    width: int
    height: int
    fps: float
    output: OutputRef = Field(description="the video file")
    poster: OutputRef | None = Field(None, description="a JPEG of one frame")
    warnings: list[str] = Field(default_factory=list, description="e.g. fonts that were not installed")
    voice_id: str | None = Field(None, description="extension: the voice that spoke the voiceover_text")
    words: list[SpokenWord] = Field(default_factory=list, description="extension: the spoken words' times")
    sections: list[SectionTiming] = Field(default_factory=list, description=(
        "extension: a spoken brief's sections as retimed to fit what is said"))


class RenderExplainerResult(RenderBriefResult):
    brief: ContentBrief = Field(description="the brief the service wrote from the input")


class FormatInfo(BaseModel):
    """One entry of GET /render/formats."""

    id: VideoFormat
    name: str
    description: str
    look: str
    default_resolution: Resolution
    default_fps: int
    section_types: list[SectionType]
    example_brief: ContentBrief
    preview_url: str


class BatchItemView(BaseModel):
    index: int
    title: str
    format: str
    job_id: str | None = Field(None, description="null until the batch starts this video")
    status: Literal["pending", "queued", "processing", "completed", "failed", "cancelled", "timeout"]
    progress: float = 0.0
    video_path: str | None = None
    video_url: str | None = None
    error: dict[str, Any] | None = None


class BatchView(BaseModel):
    """GET /render/batch/:id: the batch and each of its videos."""

    batch_id: str
    status: Literal["queued", "processing", "completed", "partial", "failed", "cancelled"]
    progress: float
    total: int
    counts: dict[str, int]
    max_concurrent: int
    job_id: str = Field(description="the batch's coordinating job (DELETE /jobs/:id cancels the whole batch)")
    created_at: str
    completed_at: str | None = None
    webhook_registered: bool
    videos: list[BatchItemView]


class BatchAccepted(BaseModel):
    batch_id: str
    job_id: str
    status: Literal["queued"] = "queued"
    total: int
    poll_url: str
    webhook_registered: bool
