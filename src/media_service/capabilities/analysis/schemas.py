"""Shapes of the analysis group (PRD §6.7, §7.4 Analysis): transcripts now; video and virality analysis
share this module as they land."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from media_service.engines.script import resolve_language
from media_service.jobs import JobOptions
from media_service.media import MediaKind, OutputRef, media_ref

__all__ = ["TranscriptRequest", "TranscriptResult", "TranscriptSegmentOut", "TranscriptWordOut"]

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

    model_config = ConfigDict(extra="forbid")

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
