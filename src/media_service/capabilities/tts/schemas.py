"""Requests and results of `/api/v1/tts/*`: PRD §6.2 (TTSResponse, VoiceCloneRequest, multi-language) and
§8.1 VoiceProfile, plus word timings on every result.

Limits live here, so a bad value is a 400 naming its field before any job exists: text up to
`MAX_TEXT_CHARS` characters (longer scripts: split them across requests), speed 0.5–2.0, references
of 3–30 seconds (checked when fetched).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from media_service.engines.speech import MAX_SPEED, MIN_SPEED
from media_service.jobs import JobOptions
from media_service.media import MediaKind, OutputRef, media_ref
from media_service.models import StrictModel

__all__ = [
    "MAX_TEXT_CHARS", "LanguageOutput", "MultiLanguageRequest", "MultiLanguageResult", "ProviderInfo",
    "ProviderList", "ProviderName", "SpeechFormat", "TTSRequest", "TimingSource", "TTSResult", "VoiceCloneOptions",
    "VoiceCloneRequest", "VoiceInfo", "VoiceList", "VoiceProfile", "VoiceProfileCreate", "VoiceProfileMetadata",
    "VoiceSettings", "WordTimingOut",
]

MAX_TEXT_CHARS = 5000
MIN_REFERENCE_SECONDS = 3.0
MAX_REFERENCE_SECONDS = 30.0
ProviderName = Literal["local", "elevenlabs", "openai", "modal"]
SpeechFormat = Literal["mp3", "wav", "ogg", "aac", "opus"]
TimingSource = Literal["engine", "provider", "aligned", "estimate"]
if TYPE_CHECKING:
    SoundRef: TypeAlias = str
else:
    SoundRef = media_ref(MediaKind.AUDIO, MediaKind.VIDEO)

_Language = Field(None, pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$", description="ISO 639-1 code (en, es, …)")
_Text = Field(min_length=1, max_length=MAX_TEXT_CHARS,
              description=f"Plain text (no SSML), at most {MAX_TEXT_CHARS} characters; spoken sentence by sentence")


def _spoken(value: str) -> str:
    if not any(ch.isalnum() for ch in value):
        raise ValueError("text has nothing to speak (no letters or digits)")
    return value


class VoiceSettings(StrictModel):
    """ElevenLabs voice settings (PRD §6.2.1 defaults); local voices ignore them."""

    stability: float = Field(0.3, ge=0, le=1)
    similarity_boost: float = Field(0.85, ge=0, le=1)
    style: float = Field(0.6, ge=0, le=1)
    use_speaker_boost: bool = True


class TTSRequest(JobOptions):
    """POST /tts/generate. Without `provider`, TTS_PROVIDER_CHAIN decides (default: local)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"text": "Hello world", "voice_id": "piper-en_US-joe-medium", "output_format": "mp3"}]})

    text: str = _Text
    provider: ProviderName | None = Field(None, description="local, elevenlabs, openai or modal; default: the chain")
    voice_id: str | None = Field(None, max_length=200, description="A voice of the provider (GET /tts/voices)")
    voice_profile_id: str | None = Field(None, max_length=64, description="A saved voice profile (vp_…)")
    model_id: str | None = Field(None, max_length=200, description="Provider model; default from configuration")
    voice_settings: VoiceSettings | None = None
    speed: float = Field(1.0, ge=MIN_SPEED, le=MAX_SPEED, description="Speaking rate, 1 = the voice's own pace")
    language: str | None = _Language
    output_format: SpeechFormat = Field("mp3", description="mp3, wav, ogg (Opus in Ogg), aac (.m4a) or opus")
    instructions: str | None = Field(None, min_length=1, max_length=1000,
                                     description="Tone and style for OpenAI gpt-4o-mini-tts voices")

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        return _spoken(value)

    @model_validator(mode="after")
    def _one_voice(self) -> TTSRequest:
        if self.voice_id is not None and self.voice_profile_id is not None:
            raise ValueError("give voice_id or voice_profile_id, not both")
        return self


class WordTimingOut(BaseModel):
    """A written word and when it is spoken (seconds from the start of the audio)."""

    text: str
    start: float
    end: float


class SkippedProvider(BaseModel):
    """A provider of the chain that did not speak, and why."""

    provider: str
    reason: str


class TTSResult(BaseModel):
    """PRD TTSResponse (job_id is the job's own) + the OutputRef and word timings."""

    audio_path: str
    audio_url: str
    duration_seconds: float
    character_count: int
    model_used: str = Field(description="provider/model or engine/voice that spoke")
    provider: str
    voice_id: str
    language: str
    format: SpeechFormat
    words: list[WordTimingOut]
    timing_source: TimingSource = Field(
        description="engine: the local engine's alignment; provider: the provider's (ElevenLabs); aligned: the "
                    "known text aligned to the audio by faster-whisper tiny.en (English); estimate: spread by "
                    "syllable weights over the voiced audio")
    integrated_lufs: float | None = None
    output: OutputRef
    skipped: list[SkippedProvider] = Field(default_factory=list, description="Providers of the chain passed over")
    notes: list[str] = Field(default_factory=list)


class MultiLanguageRequest(JobOptions):
    """POST /tts/multi-language: one text in several languages, or a text per language; one job."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"texts": {"en": "Hello world", "de": "Hallo Welt"}, "output_format": "mp3"}]})

    text: str | None = Field(None, min_length=1, max_length=MAX_TEXT_CHARS)
    languages: list[str] | None = Field(None, min_length=1, max_length=10)
    texts: dict[str, str] | None = Field(None, min_length=1, max_length=10, description="language → its text")
    provider: ProviderName | None = None
    speed: float = Field(1.0, ge=MIN_SPEED, le=MAX_SPEED)
    output_format: SpeechFormat = "mp3"

    @model_validator(mode="after")
    def _texts(self) -> MultiLanguageRequest:
        if self.texts is None and (self.text is None or self.languages is None):
            raise ValueError("give texts (language → text), or text with languages")
        if self.texts is not None and self.text is not None:
            raise ValueError("give texts or text, not both")
        for language, text in self.items():
            if not text.strip() or len(text) > MAX_TEXT_CHARS:
                raise ValueError(f"texts.{language}: 1 to {MAX_TEXT_CHARS} characters")
        return self

    def items(self) -> list[tuple[str, str]]:
        """(language, text) pairs in request order."""
        if self.texts is not None:
            return list(self.texts.items())
        return [(language, self.text or "") for language in self.languages or []]


class LanguageOutput(TTSResult):
    """One language's speech in a multi-language result."""


class MultiLanguageResult(BaseModel):
    outputs: list[LanguageOutput]


class VoiceCloneOptions(StrictModel):
    """PRD VoiceCloneRequest.options."""

    speed: float = Field(1.0, ge=0.5, le=2.0)
    pitch: float = Field(0.0, ge=-50, le=50, description="percent")
    emotion: Literal["neutral", "happy", "sad", "angry", "excited"] = "neutral"
    emotion_weight: float = Field(0.5, ge=0, le=1)
    stability: float = Field(0.5, ge=0, le=1)


class VoiceCloneRequest(JobOptions):
    """POST /tts/voice-clone: speak `text` in the voice of a 3–30 s reference (or a saved profile)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"text": "Speak in my voice", "voice_reference_url": "https://example.com/media/my-voice.wav"}]})

    text: str = _Text
    voice_reference_url: SoundRef | None = None
    voice_profile_id: str | None = Field(None, max_length=64)
    model: Literal["indextts2", "xtts", "modal", "elevenlabs"] = Field(
        "indextts2", description="indextts2 / xtts / modal (MODAL_VOICE_MODEL) through the Modal voice endpoint, "
                                 "or elevenlabs (instant voice cloning)")
    options: VoiceCloneOptions = Field(default_factory=VoiceCloneOptions)
    language: str | None = _Language
    output_format: SpeechFormat = "mp3"

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        return _spoken(value)

    @model_validator(mode="after")
    def _reference(self) -> VoiceCloneRequest:
        if (self.voice_reference_url is None) == (self.voice_profile_id is None):
            raise ValueError("give voice_reference_url or voice_profile_id (one of them)")
        return self


class VoiceProfileMetadata(StrictModel):
    language: str | None = _Language
    gender: Literal["male", "female"] | None = None
    age_range: str | None = Field(None, max_length=40)


class VoiceProfileCreate(StrictModel):
    """POST /tts/voices (PRD §6.2.2): references are fetched, checked (3–30 s each) and kept by the service."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"name": "Narrator", "reference_urls": ["https://example.com/media/my-voice.wav"]}]})

    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    reference_urls: list[SoundRef] = Field(min_length=1, max_length=5)
    metadata: VoiceProfileMetadata = Field(default_factory=VoiceProfileMetadata)


class VoiceProfile(BaseModel):
    """PRD §8.1 VoiceProfile; `reference_urls` are the service's own copies (signed links)."""

    id: str
    name: str
    description: str | None = None
    reference_urls: list[str]
    reference_seconds: list[float]
    embedding_id: str | None = None
    embedding_provider: str | None = None
    quality_score: float | None = None
    created_at: datetime
    last_used_at: datetime | None = None
    usage_count: int = 0
    metadata: VoiceProfileMetadata


class VoiceInfo(BaseModel):
    """A built-in voice (local engines, and the PRD's provider voices)."""

    id: str
    name: str
    provider: str
    language: str
    gender: str | None = None
    licence: str | None = None
    licence_note: str | None = None
    quality: str | None = None
    available: bool = Field(description="usable now (the provider is configured)")
    default: bool = False


class VoiceList(BaseModel):
    voices: list[VoiceInfo]
    profiles: list[VoiceProfile]
    notes: list[str] = Field(default_factory=list)


class ProviderInfo(BaseModel):
    name: str
    configured: bool
    missing: list[str] = Field(default_factory=list, description="settings to set to use it")
    in_chain: bool
    languages: list[str]
    features: dict[str, bool]
    models: list[str]
    default_model: str | None = None
    note: str | None = None


class ProviderList(BaseModel):
    chain: list[str]
    default_voice: str
    providers: list[ProviderInfo]
