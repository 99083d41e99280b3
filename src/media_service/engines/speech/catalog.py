"""The built-in local voices: Piper's natural English voice and espeak-ng in the ten listed languages.

Licences travel with each voice so the listing can show them; the Joe voice's caveat matters: its
card says CC0 data, but it was fine-tuned from Piper's "lessac" voice whose data carries
non-commercial terms. The operator picks the default voice (TTS_DEFAULT_VOICE) knowing that.
"""

from __future__ import annotations

from media_service.errors import ValidationError

from .models import Voice

PIPER_JOE = "piper-en_US-joe-medium"
ESPEAK_LICENCE = "GPL-3.0-or-later (espeak-ng program; the audio it speaks is yours)"
JOE_LICENCE = "CC0 (voice data, per its model card); Piper engine GPL-3.0-or-later"
JOE_CAVEAT = ("Fine-tuned from Piper's en_US 'lessac' voice, whose training data carries non-commercial terms: "
              "check that before using this voice commercially or making it the default.")

# Language code → (English name, espeak-ng voice, locale).
ESPEAK_LANGUAGES: dict[str, tuple[str, str, str]] = {
    "en": ("English", "en-us", "en-US"),
    "es": ("Spanish", "es", "es-ES"),
    "fr": ("French", "fr", "fr-FR"),
    "de": ("German", "de", "de-DE"),
    "ja": ("Japanese", "ja", "ja-JP"),
    "ko": ("Korean", "ko", "ko-KR"),
    "pt": ("Portuguese", "pt-br", "pt-BR"),
    "zh": ("Chinese (Mandarin)", "cmn", "zh-CN"),
    "id": ("Indonesian", "id", "id-ID"),
    "hi": ("Hindi", "hi", "hi-IN"),
}
LANGUAGE_NOTES: dict[str, str] = {
    "ja": "espeak-ng reads Japanese kana only: write the text in hiragana/katakana (kanji are spelled out as symbols).",
}


def _espeak_voices() -> list[Voice]:
    voices = []
    for code, (name, espeak_voice, locale) in ESPEAK_LANGUAGES.items():
        voices.append(Voice(f"espeak-{code}", f"espeak-ng {name}", "espeak", code, locale, "male",
                            ESPEAK_LICENCE, LANGUAGE_NOTES.get(code), "robotic", espeak_voice))
        voices.append(Voice(f"espeak-{code}-female", f"espeak-ng {name} (female)", "espeak", code, locale, "female",
                            ESPEAK_LICENCE, LANGUAGE_NOTES.get(code), "robotic", f"{espeak_voice}+f3"))
    return voices


VOICES: tuple[Voice, ...] = (
    Voice(PIPER_JOE, "Joe (Piper, US English)", "piper", "en", "en-US", "male", JOE_LICENCE, JOE_CAVEAT,
          "natural", "en_US-joe-medium"),
    *_espeak_voices(),
)
_BY_ID = {voice.id: voice for voice in VOICES}
LANGUAGES: tuple[str, ...] = tuple(ESPEAK_LANGUAGES)


def list_voices(*, language: str | None = None, engine: str | None = None) -> list[Voice]:
    """Built-in voices, optionally only those speaking `language` (e.g. "en") or of one engine."""
    return [voice for voice in VOICES
            if (language is None or voice.language == language.lower().split("-")[0])
            and (engine is None or voice.engine == engine)]


def get_voice(voice_id: str, *, field: str = "voice_id") -> Voice:
    """The built-in voice `voice_id`; a ValidationError naming `field` lists what exists otherwise."""
    voice = _BY_ID.get(voice_id)
    if voice is None:
        raise ValidationError(f"{field}: unknown local voice {voice_id!r}; GET /api/v1/tts/voices lists them",
                              field=field)
    return voice


def voice_for_language(language: str, preferred: str | None = None) -> Voice:
    """The local voice for a language: `preferred` when it speaks that language, else espeak-ng's."""
    code = language.lower().split("-")[0]
    if preferred is not None and preferred in _BY_ID and _BY_ID[preferred].language == code:
        return _BY_ID[preferred]
    if code == "en":
        return _BY_ID[PIPER_JOE]
    if code not in ESPEAK_LANGUAGES:
        raise ValidationError(f"language: no local voice speaks {language!r}; supported: {', '.join(LANGUAGES)}",
                              field="language")
    return _BY_ID[f"espeak-{code}"]
