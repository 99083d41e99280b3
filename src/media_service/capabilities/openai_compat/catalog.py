"""What the OpenAI-compatible surface serves, and with what: OpenAI's model and voice names mapped honestly onto
our engines and providers, the audio formats with their content types, and the image sizes each model takes.

| OpenAI name                                          | served by                                              |
|------------------------------------------------------|--------------------------------------------------------|
| `tts-1`, `tts-1-hd`, `gpt-4o-mini-tts`               | `tts.generate`: OpenAI's own voice when OPENAI_API_KEY |
|                                                      | is set, else a local voice (VOICE_MAP below)           |
| `whisper-1`, `gpt-4o-transcribe`,                    | `analyze.transcript`: local faster-whisper tiny.en     |
| `gpt-4o-mini-transcribe`                             | (English; other languages go to OpenAI when configured)|
| `dall-e-2`, `dall-e-3`, `gpt-image-1`                | `openai_compat.images`: the first configured image     |
|                                                      | provider of IMAGE_PROVIDER_ORDER (local: a Skia card)  |
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["AUDIO_TYPES", "IMAGE_MODELS", "IMAGE_SIZES", "LANGUAGE_NAMES", "MAX_IMAGES", "OPENAI_VOICES", "PCM_RATE",
           "SPEECH_MODELS", "TRANSCRIPTION_MODELS", "VOICE_MAP", "ImageModel", "OpenAIVoice", "SpeechFormat",
           "SpeechModel", "TranscriptFormat", "TranscriptionModel"]

SpeechFormat = Literal["mp3", "opus", "aac", "flac", "wav", "pcm"]
TranscriptFormat = Literal["json", "text", "srt", "verbose_json", "vtt"]

SpeechModel = Literal["tts-1", "tts-1-hd", "gpt-4o-mini-tts"]
TranscriptionModel = Literal["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"]
ImageModel = Literal["dall-e-2", "dall-e-3", "gpt-image-1"]
#: OpenAI's voices (providers.md §OpenAI speech).
OpenAIVoice = Literal["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse",
                      "marin", "cedar"]
SPEECH_MODELS: tuple[str, ...] = get_args(SpeechModel)
TRANSCRIPTION_MODELS: tuple[str, ...] = get_args(TranscriptionModel)
IMAGE_MODELS: tuple[str, ...] = get_args(ImageModel)
OPENAI_VOICES: tuple[str, ...] = get_args(OpenAIVoice)
_FEMALE = ("alloy", "coral", "nova", "sage", "shimmer", "marin")
#: Without OPENAI_API_KEY each OpenAI voice speaks with a local English voice of a like register: the brighter
#: voices with espeak-ng's female English voice, the deeper ones with Piper's Joe (the only local voices in English).
VOICE_MAP: dict[str, str] = {v: ("espeak-en-female" if v in _FEMALE else "piper-en_US-joe-medium")
                             for v in OPENAI_VOICES}

#: Content types as OpenAI answers them; pcm is raw signed 16-bit little-endian samples, 24 kHz mono.
AUDIO_TYPES: dict[str, str] = {"mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac",
                               "wav": "audio/wav", "pcm": "audio/pcm"}
PCM_RATE = 24_000

#: The sizes OpenAI documents per model ("auto" is 1024x1024 here).
IMAGE_SIZES: dict[str, tuple[str, ...]] = {
    "dall-e-2": ("256x256", "512x512", "1024x1024"),
    "dall-e-3": ("1024x1024", "1792x1024", "1024x1792"),
    "gpt-image-1": ("auto", "1024x1024", "1536x1024", "1024x1536"),
}
MAX_IMAGES: dict[str, int] = {"dall-e-2": 10, "dall-e-3": 1, "gpt-image-1": 10}

#: verbose_json names the language in English, lower case, as Whisper does.
LANGUAGE_NAMES = {"en": "english", "id": "indonesian", "es": "spanish", "fr": "french", "de": "german",
                  "ja": "japanese", "ko": "korean", "pt": "portuguese", "zh": "chinese", "hi": "hindi",
                  "it": "italian", "nl": "dutch", "ru": "russian", "ar": "arabic", "tr": "turkish"}
