"""Every listed language speaks offline: non-silent audio of plausible length, one timing per word."""

from __future__ import annotations

import pytest

from media_service.engines.speech import LANGUAGES, list_voices, synthesize

TEXTS = {
    "en": "Good morning. Today we will learn how speech synthesis works.",
    "es": "Buenos días. Hoy vamos a aprender cómo funciona la síntesis de voz.",
    "fr": "Bonjour à tous. Aujourd'hui nous allons apprendre comment fonctionne la synthèse vocale.",
    "de": "Guten Morgen. Heute lernen wir, wie die Sprachsynthese funktioniert.",
    "ja": "おはようございます。きょうは おんせいごうせいに ついて まなびます。",
    "ko": "좋은 아침입니다. 오늘은 음성 합성에 대해 배워 보겠습니다.",
    "pt": "Bom dia. Hoje vamos aprender como funciona a síntese de voz.",
    "zh": "早上好。今天我们来学习语音合成是如何工作的。",
    "id": "Selamat pagi. Hari ini kita akan belajar cara kerja sintesis suara.",
    "hi": "सुप्रभात। आज हम सीखेंगे कि वाक् संश्लेषण कैसे काम करता है।",
}
# Seconds of speech per written character: alphabets and Devanagari pack ~1 sound per character,
# kana/Hangul ~1 syllable, Chinese characters a full syllable each.
BANDS = {"ja": (0.06, 0.25), "ko": (0.06, 0.3), "zh": (0.12, 0.4)}
LATIN_BAND = (0.03, 0.12)


def test_the_ten_languages_are_listed() -> None:
    assert set(LANGUAGES) == set(TEXTS)
    for code in TEXTS:
        genders = {voice.gender for voice in list_voices(language=code)}
        assert {"male", "female"} <= genders


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_each_language_speaks_with_a_plausible_length(language, ear):
    text = TEXTS[language]
    speech = synthesize(text, f"espeak-{language}")
    low, high = BANDS.get(language, LATIN_BAND)
    assert low <= speech.duration / len(text) <= high, speech.duration
    assert ear.rms_db(speech.samples) > -35  # clearly audible, not silence
    segments = ear.segments(speech.samples, speech.sample_rate)
    assert len(segments) >= 2  # at least the pause between the two sentences
    assert ear.longest_silence(speech.samples, speech.sample_rate) < 1.0
    words = speech.words
    assert len(words) >= 2 and speech.timing_source == "engine"
    assert all(0 <= w.start < w.end <= speech.duration + 1e-6 for w in words)
    assert all(a.start <= b.start for a, b in zip(words, words[1:], strict=False))
    assert all(w.text and w.text in text for w in words)  # written words, as in the text


def test_female_variant_speaks_higher(ear):
    text = TEXTS["es"]
    male = synthesize(text, "espeak-es")
    female = synthesize(text, "espeak-es-female")
    assert ear.pitch(female.samples, female.sample_rate) > 1.3 * ear.pitch(male.samples, male.sample_rate)

