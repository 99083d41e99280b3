"""Shapes of the analysis group (PRD §6.7, §7.4 Analysis): transcripts, video analysis (PRD
`VideoAnalysisRequest` → `VideoAnalysisResponse`, every field, plus the measurements behind them) and the
explained virality score of a video or a script."""

from __future__ import annotations

from typing import Annotated, Literal

from media_service.models import StrictModel
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from media_service.engines.script import resolve_language
from media_service.jobs import JobOptions
from media_service.media import MediaKind, OutputRef, media_ref
from media_service.providers.youtube import video_id_of

__all__ = ["AnalysisType", "FeatureOut", "HookAnalysis", "PlatformCaptions", "ScriptSegmentIn", "TextAnalysis",
           "TranscriptRequest", "TranscriptResult", "TranscriptSegmentOut", "TranscriptWordOut", "VideoAnalysisRequest",
           "VideoAnalysisResponse", "VideoMeasurements", "ViralityRequest", "ViralityResult", "YouTubeAnalysisRequest",
           "YouTubeAnalysisResponse", "YouTubeCaptionTrack", "YouTubeVideoInfo"]

SoundRef = media_ref(MediaKind.AUDIO, MediaKind.VIDEO)


def language_code(value: str | None) -> str | None:
    """An ISO 639-1 code for a language name or code; ValueError when unknown."""
    if value is None:
        return None
    found = resolve_language(value)
    if found is None:
        raise ValueError(f"unknown language {value!r}; a name (english) or ISO 639-1 code (en)")
    return found.code


class TranscriptRequest(JobOptions):
    """Speech in an audio or video file → text, segments, word times and subtitles. `provider` `local`
    (faster-whisper tiny.en, English, offline) or `openai` (any language); without it, `local` for English
    or an unnamed language, `openai` for other languages."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"media": "https://example.com/media/voice.wav", "language": "en"}]})


    media: SoundRef  # type: ignore[valid-type]
    language: str | None = Field(None, max_length=40, description="ISO 639-1 code or name; detected when absent "
                                                                  "where the engine can")
    provider: Literal["local", "openai"] | None = None

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return language_code(value)


class TranscriptWordOut(BaseModel):
    word: str
    start: float
    end: float
    probability: float | None = None


class TranscriptSegmentOut(BaseModel):
    start: float
    end: float
    text: str


class TranscriptResult(BaseModel):
    """The transcript with word times; `srt` and `vtt` are stored subtitle files (their text inline too)."""

    text: str
    language: str = Field(description="ISO 639-1 code")
    duration_sec: float
    segments: list[TranscriptSegmentOut]
    words: list[TranscriptWordOut]
    provider: str
    model: str
    srt: OutputRef
    vtt: OutputRef
    srt_text: str
    vtt_text: str
    notes: list[str] = Field(default_factory=list)


AnalysisType = Literal["transcript", "topics", "virality", "captions", "hook"]
ProseProvider = Literal["gemini", "openai", "openai_compatible", "local"]
ALL_TYPES: tuple[AnalysisType, ...] = ("transcript", "topics", "virality", "captions", "hook")


class VideoAnalysisRequest(JobOptions):
    """PRD VideoAnalysisRequest. Every response field is always filled; `analysis_types` is kept for the
    PRD's shape. `language` picks the transcriber (local for English, openai otherwise); `provider` the
    writer of the prose fields (`local`: documented templates; default: the first configured text
    provider in TEXT_PROVIDER_ORDER)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"video_url": "https://example.com/media/clip.mp4", "language": "en"}]})


    video_url: SoundRef  # type: ignore[valid-type]
    analysis_types: list[AnalysisType] = Field(default_factory=lambda: list(ALL_TYPES), min_length=1)
    language: str | None = Field(None, max_length=40)
    provider: ProseProvider | None = None
    transcriber: Literal["local", "openai"] | None = None

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return language_code(value)


class HookAnalysis(BaseModel):
    hook_text: str
    hook_type: Literal["question", "statement", "shock", "curiosity"]
    hook_strength: int = Field(ge=1, le=10)


class PlatformCaptions(BaseModel):
    youtube_title: str
    youtube_description: str
    tiktok_caption: str
    instagram_caption: str


class FeatureOut(BaseModel):
    """One explained virality feature: the measured value scaled 0–1, its weight, what was measured."""

    name: str
    value: float
    weight: float
    measured: str


class VideoMeasurements(BaseModel):
    """What was measured (not guessed)."""

    duration_sec: float
    has_video: bool
    has_audio: bool
    scene_cuts_sec: list[float]
    cuts_per_minute: float
    integrated_lufs: float | None
    silence_ratio: float
    longest_silence_sec: float
    has_speech: bool
    word_count: int
    words_per_minute: float | None
    time_to_first_word_sec: float | None


class TextAnalysis(BaseModel):
    """The PRD VideoAnalysisResponse's fields: what a transcript is analysed into."""

    transcript: str
    summary: str
    detected_topics: list[str]
    virality_score: float = Field(ge=0, le=100)
    suggested_caption: str
    hashtags: list[str]
    hook_analysis: HookAnalysis
    platform_captions: PlatformCaptions


class VideoAnalysisResponse(TextAnalysis):
    """PRD VideoAnalysisResponse, every field, then our additions: the measurements, the virality features,
    which fields are heuristic (documented templates and formulas) and who wrote the prose."""

    measurements: VideoMeasurements
    virality_features: list[FeatureOut]
    heuristic_fields: list[str]
    prose_provider: str
    transcriber: str | None
    keyword_method: str
    notes: list[str] = Field(default_factory=list)


class ScriptSegmentIn(StrictModel):
    """A script segment as generate-script answers it (visual_direction and emotion optional here)."""


    type: str = Field(min_length=1, max_length=40)
    duration_seconds: float = Field(gt=0, le=600)
    script_text: str = Field(min_length=1, max_length=5000)
    visual_direction: str = Field("", max_length=2000)
    emotion: str = Field("neutral", max_length=60)


class ViralityRequest(JobOptions):
    """The virality score of a video (`video_url`) or a script (`script`: its segments), one of the two."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"script": [{"type": "HOOK", "duration_seconds": 3, "script_text": "Stop scrolling: this doubles your focus."},
                    {"type": "BODY_1", "duration_seconds": 8, "script_text": "Work in 25-minute blocks, phone away."}]}]})


    video_url: SoundRef | None = None  # type: ignore[valid-type]
    script: list[ScriptSegmentIn] | None = Field(None, min_length=1, max_length=20)
    hooks_used: list[str] = Field(default_factory=list, max_length=20)
    language: str | None = Field(None, max_length=40)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return language_code(value)


class ViralityResult(BaseModel):
    """0–100 (the PRD's scale; `score_10` is the same on the contract's 0–10) with its explained features."""

    virality_score: float = Field(ge=0, le=100)
    score_10: float = Field(ge=0, le=10)
    source: Literal["video", "script"]
    features: list[FeatureOut]
    measurements: VideoMeasurements | None = None
    method: str = ("weighted mean of measured features, each scaled 0–1 (see features[].measured); a transparent "
                   "heuristic, not a trained predictor")


# --- /analyze/youtube ---------------------------------------------------------------------------------------
class YouTubeAnalysisRequest(JobOptions):
    """A YouTube video by URL (watch?v=, youtu.be/, /shorts/, /embed/, /live/) or 11-character id: its metadata
    through the YouTube Data API v3 (YOUTUBE_API_KEY), its captions where the API gives them, and the text
    analysis of /analyze/video. `provider` writes the prose fields (default: the first configured text
    provider, else the local templates)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"url": "https://www.youtube.com/shorts/dQw4w9WgXcQ", "caption_language": "en"}]})

    url: str = Field(min_length=1, max_length=2048, description="a YouTube video URL or id")
    provider: ProseProvider | None = None
    caption_language: Annotated[str | None, AfterValidator(language_code)] = Field(None, max_length=40, description="preferred caption language (name or "
                                         "ISO code); default: the video's own language, else the first track")

    @field_validator("url")
    @classmethod
    def _video(cls, value: str) -> str:
        found = video_id_of(value)
        if found is None:
            raise ValueError("not a YouTube video URL or id (youtube.com/watch?v=…, youtu.be/…, /shorts/…, or the "
                             "11-character id)")
        return found


class YouTubeVideoInfo(BaseModel):
    """What the YouTube Data API says about the video."""

    id: str
    url: str
    title: str
    description: str
    channel_title: str
    published_at: str | None
    tags: list[str]
    duration_sec: float | None
    language: str | None
    view_count: int | None
    like_count: int | None
    comment_count: int | None


class YouTubeCaptionTrack(BaseModel):
    id: str
    language: str
    name: str
    kind: str = Field(description="standard, asr (automatic) or forced")


class YouTubeAnalysisResponse(TextAnalysis):
    """The PRD analysis fields written from the video's transcript (from the title and description when there is
    none), then the video's metadata and where the transcript came from (a caption track, or none and why)."""

    video: YouTubeVideoInfo
    transcript_source: Literal["captions", "none"]
    caption_tracks: list[YouTubeCaptionTrack]
    caption_track_used: str | None
    virality_features: list[FeatureOut] = Field(description="the text's features only: no picture or sound is "
                                                "downloaded, so cuts and loudness are not scored")
    heuristic_fields: list[str]
    prose_provider: str
    keyword_method: str
    notes: list[str] = Field(default_factory=list)
