"""POST /tts/generate and /tts/multi-language with the local voices: real audio, word timings, OutputRef."""

from __future__ import annotations

import pytest

from media_service.engines.audio import load_audio

from .conftest import TtsApi

LANGUAGE_TEXTS = {
    "en": "Good morning. Today we learn how speech works.",
    "es": "Buenos días. Hoy aprendemos cómo funciona la voz.",
    "fr": "Bonjour à tous. Aujourd'hui nous apprenons la voix.",
    "de": "Guten Morgen. Heute lernen wir, wie Sprache funktioniert.",
    "ja": "おはようございます。きょうは こえに ついて まなびます。",
    "ko": "좋은 아침입니다. 오늘은 음성에 대해 배웁니다.",
    "pt": "Bom dia. Hoje aprendemos como a voz funciona.",
    "zh": "早上好。今天我们学习语音。",
    "id": "Selamat pagi. Hari ini kita belajar tentang suara.",
    "hi": "सुप्रभात। आज हम आवाज़ के बारे में सीखेंगे।",
}


def test_generate_answers_the_prd_response_with_word_timings(tts_api):
    api: TtsApi = tts_api()
    text = "Hello from the local voice. It needs no key and no network."
    result = api.run("generate", {"text": text, "output_format": "wav"})
    assert result["provider"] == "local" and result["voice_id"] == "piper-en_US-joe-medium"
    assert result["model_used"] == "local/piper/en_US-joe-medium"
    assert result["character_count"] == len(text) and result["language"] == "en"
    assert result["audio_path"] == result["output"]["path"] and result["audio_url"] == result["output"]["url"]
    audio = load_audio(api.fetch(result["output"]), sample_rate=22_050, channels=1)[0]
    assert audio.size / 22_050 == pytest.approx(result["duration_seconds"], abs=0.05)
    assert [w["text"] for w in result["words"]][:4] == ["Hello", "from", "the", "local"]
    assert result["words"][-1]["end"] <= result["duration_seconds"] + 1e-3
    assert result["timing_source"] == "engine" and result["integrated_lufs"] == pytest.approx(-16, abs=0.6)


def test_generate_in_each_format(tts_api):
    api: TtsApi = tts_api()
    formats = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "aac": "audio/mp4", "opus": "audio/ogg"}
    jobs = {fmt: api.submit("generate", {"text": "One format.", "voice_id": "espeak-en", "output_format": fmt,
                                         "speed": 1.3}) for fmt in formats}
    for fmt, mime in formats.items():
        job = api.wait(jobs[fmt])
        assert job["status"] == "completed", job
        result = job["result"]
        assert result["format"] == fmt and result["output"]["mime"] == mime
        audio = load_audio(api.fetch(result["output"], name=f"one.{fmt}"), sample_rate=22_050, channels=1)[0]
        assert audio.size / 22_050 == pytest.approx(result["duration_seconds"], abs=0.1)
        assert abs(audio).max() > 0.1


def test_multi_language_speaks_each_language_in_one_job(tts_api):
    api: TtsApi = tts_api()
    result = api.run("multi-language", {"texts": LANGUAGE_TEXTS, "output_format": "wav"})
    outputs = {o["language"]: o for o in result["outputs"]}
    assert set(outputs) == set(LANGUAGE_TEXTS)
    for language, text in LANGUAGE_TEXTS.items():
        out = outputs[language]
        expected = "piper-en_US-joe-medium" if language == "en" else f"espeak-{language}"
        assert out["voice_id"] == expected
        audio = load_audio(api.fetch(out["output"], name=f"{language}.wav"), sample_rate=22_050, channels=1)[0]
        seconds = audio.size / 22_050
        per_char = seconds / len(text)
        assert 0.03 < per_char < 0.4, (language, per_char)
        assert float((audio ** 2).mean()) ** 0.5 > 0.03, language  # non-silent
        assert len(out["words"]) >= 2
    # one text in several languages
    result = api.run("multi-language", {"text": "Hola", "languages": ["es", "pt"]})
    assert [o["voice_id"] for o in result["outputs"]] == ["espeak-es", "espeak-pt"]
