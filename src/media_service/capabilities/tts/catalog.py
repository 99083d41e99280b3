"""What each speech provider offers (PRD §6.2, §7.4 TTS table; providers.md §1.2, §2, §8) and the
PRD §6.2.3 language table. Static facts; whether a provider is usable comes from settings (`service.py`).

`REGISTRY_NAMES` maps the chain's names to the provider registry's (the Modal voice endpoint is
`modal_voice` there, beside the avatar endpoint); `MAX_REQUEST_CHARS` is what one provider request takes
(longer texts are sent in sentence groups and joined).
"""

from __future__ import annotations

from dataclasses import dataclass

from media_service.engines.speech import LANGUAGES
from media_service.providers.openai import OPENAI_MAX_INPUT, OPENAI_VOICES

__all__ = ["CLONE_PROVIDERS", "MAX_REQUEST_CHARS", "MODAL_LANGUAGES", "OPENAI_VOICES", "PROVIDERS",
           "PRD_LANGUAGE_VOICES", "ProviderFacts", "REGISTRY_NAMES"]


@dataclass(frozen=True)
class ProviderFacts:
    name: str
    settings: tuple[str, ...]  # environment variables that must all be set
    languages: tuple[str, ...]
    models: tuple[str, ...]
    cloning: bool
    timestamps: bool
    emotion: bool
    instructions: bool


PROVIDERS: dict[str, ProviderFacts] = {
    "local": ProviderFacts("local", (), LANGUAGES, ("piper/en_US-joe-medium", "espeak-ng/1.52"),
                           cloning=False, timestamps=True, emotion=False, instructions=False),
    "elevenlabs": ProviderFacts(
        "elevenlabs", ("ELEVENLABS_API_KEY",),
        ("en", "es", "fr", "de", "ja", "ko", "pt", "zh", "id", "hi", "it", "nl", "pl", "ru", "tr", "ar", "sv"),
        ("eleven_multilingual_v2", "eleven_v3", "eleven_flash_v2_5", "eleven_turbo_v2_5", "eleven_monolingual_v1"),
        cloning=True, timestamps=True, emotion=False, instructions=False),
    "openai": ProviderFacts(
        "openai", ("OPENAI_API_KEY",),
        ("en", "es", "fr", "de", "ja", "ko", "pt", "zh", "id", "hi", "it", "nl", "pl", "ru", "tr", "ar", "sv"),
        ("gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15", "tts-1", "tts-1-hd"),
        cloning=False, timestamps=False, emotion=False, instructions=True),
    "modal": ProviderFacts("modal", ("MODAL_VOICE_ENDPOINT", "MODAL_VOICE_API_KEY"),
                           ("en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs", "ar", "zh", "ja", "hu",
                            "ko", "hi"),  # XTTS v2's; IndexTTS2 speaks en and zh (MODAL_LANGUAGES)
                           ("indextts2", "xtts"),
                           cloning=True, timestamps=False, emotion=True, instructions=False),
}

# PRD §6.2.3: language → (ElevenLabs voice id, OpenAI voice); the local voice comes from the engine.
PRD_LANGUAGE_VOICES: dict[str, tuple[str, str]] = {
    "en": ("21m00Tcm4TlvDq8ikWAM", "alloy"),
    "es": ("AZnzlk1XvdvUeBnXmlld", "nova"),
    "fr": ("ThT5KcBeYPX3keUQqHPh", "shimmer"),
    "de": ("ErXwobaYiN019PkySvjV", "onyx"),
    "ja": ("Xb7hH8MSUJpSbSDYk0k2", "echo"),
    "ko": ("jBpfuIE2acCO8z3wKNLl", "fable"),
    "pt": ("GBv7mTt0atIp3Br8iCZE", "alloy"),
    "zh": ("g5CIjZEefAph4nQFvHAz", "nova"),
}

# Languages each Modal model speaks (IndexTTS2: Chinese and English; XTTS v2: its 17).
MODAL_LANGUAGES: dict[str, tuple[str, ...]] = {
    "indextts2": ("en", "zh"),
    "xtts": ("en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs", "ar", "zh", "ja", "hu", "ko", "hi"),
}
REGISTRY_NAMES = {"elevenlabs": "elevenlabs", "openai": "openai", "modal": "modal_voice"}
MAX_REQUEST_CHARS = {"elevenlabs": 5000, "openai": OPENAI_MAX_INPUT, "modal": 2000}
# VoiceCloneRequest.model → the provider that clones with it.
CLONE_PROVIDERS = {"indextts2": "modal", "xtts": "modal", "modal": "modal", "elevenlabs": "elevenlabs"}
