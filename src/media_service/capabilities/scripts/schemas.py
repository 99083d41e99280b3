"""Shapes of the scripts group: the contract's generate-script (sparkfluence-api-contracts.md Endpoint 1),
field for field, plus our additions on the answer (`provider`, `model`, `knowledge_ids`, `notes`), and the
knowledge base entries."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from media_service.models import StrictModel
from pydantic import BaseModel, ConfigDict, Field, field_validator

from media_service.engines.script import LANGUAGES, resolve_language
from media_service.jobs import JobOptions

__all__ = ["GenerateScriptData", "GenerateScriptRequest", "GenerateScriptResponse", "KnowledgeEntry",
           "KnowledgeEntryRequest", "KnowledgeList", "ScriptMetadata", "ScriptSegmentOut", "TextProviderName"]

TextProviderName = Literal["gemini", "openai", "openai_compatible", "local"]
_KNOWN = ", ".join(sorted(lang.name for lang in LANGUAGES.values()))


def _language(value: str) -> str:
    found = resolve_language(value)
    if found is None:
        raise ValueError(f"unknown language {value!r}; a name or ISO 639-1 code of one of: {_KNOWN}")
    return found.name


class GenerateScriptRequest(JobOptions):
    """Endpoint 1 request. `provider` (our addition) picks the text provider; without it the first
    configured one in TEXT_PROVIDER_ORDER writes, and `local` (no language model) when none is."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"input_type": "topic",
         "content": "3 habits that double your focus",
         "duration": "30s",
         "platform": "tiktok",
         "language": "english",
         "provider": "local"}]})


    input_type: Literal["transcript", "title", "topic"]
    content: str = Field(max_length=20_000)
    duration: Literal["30s", "60s"]
    platform: Literal["tiktok", "instagram", "youtube_shorts"] = "tiktok"
    language: str = Field("english", max_length=40, description="a name (indonesian) or ISO 639-1 code (id)")
    provider: TextProviderName | None = None

    @field_validator("content")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        return _language(value)

    @property
    def total_seconds(self) -> int:
        return int(self.duration.rstrip("s"))


class ScriptSegmentOut(BaseModel):
    type: str = Field(description="HOOK, BODY_1 … BODY_n, ENDING_CTA")
    duration_seconds: int
    script_text: str
    visual_direction: str
    emotion: str


class ScriptMetadata(BaseModel):
    virality_score: float = Field(ge=0, le=10)
    hooks_used: list[str]
    total_duration: int
    language: str


class GenerateScriptData(BaseModel):
    segments: list[ScriptSegmentOut]
    metadata: ScriptMetadata
    provider: str = Field(description="who wrote it: gemini, openai, openai_compatible or local (offline)")
    model: str
    knowledge_ids: list[str] = Field(description="knowledge entries retrieved for the prompt, best first")
    notes: list[str] = Field(default_factory=list, description="repairs, retries and fallbacks, in words")


class GenerateScriptResponse(BaseModel):
    success: Literal[True] = True
    data: GenerateScriptData


class KnowledgeEntryRequest(StrictModel):
    """A hook pattern or example script to retrieve from. In `text`, `{topic}` marks where the offline
    writer puts the subject; a line without it is used as written."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"pattern": "question_hook",
         "language": "english",
         "text": "Did you know {topic}?",
         "tags": ["curiosity"]}]})


    kind: Literal["hook", "script", "cta"] = "hook"
    pattern: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$",
                         description="a snake_case name reported in hooks_used (curiosity_gap, pain_point, …)")
    language: str = Field(max_length=40)
    text: str = Field(min_length=1, max_length=4000)
    example: str | None = Field(None, max_length=4000)
    tags: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        return _language(value)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


class KnowledgeEntry(BaseModel):
    id: str
    kind: str
    pattern: str
    language: str = Field(description="ISO 639-1 code")
    text: str
    example: str | None
    tags: list[str]
    source: Literal["starter", "user"]
    created_at: datetime


class KnowledgeList(BaseModel):
    entries: list[KnowledgeEntry]
    total: int
