"""Speech providers through their loopback fakes: ElevenLabs (with-timestamps words, voice settings, voices
paging, instant cloning, quota, 429, bad key), OpenAI speech (instructions, models) and the Modal voice
endpoint (proxy auth, submit/poll with the 303 loop, stored voices, failures)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from media_service.engines.audio import load_audio
from media_service.providers import (
    ProviderAuthError,
    ProviderQuotaError,
    ProviderRejectedError,
    ProviderRetryableError,
    ProviderUnavailableError,
)
from media_service.providers.elevenlabs import group_words
from media_service.providers.protocols import SpeechRequest, VoiceCloner, VoiceLister
from tests.fakes import ElevenLabsFake, ModalVoiceFake, OpenAIFake
from tests.fakes.media import speech_bytes

RACHEL = "21m00Tcm4TlvDq8ikWAM"
TEXT = "Three facts about octopuses, you did not know."


def _seconds(path: Path) -> float:
    samples = load_audio(path, sample_rate=16_000, channels=1)[0]
    assert abs(samples).max() > 0.1  # speech, not silence
    return samples.size / 16_000


def test_elevenlabs_speaks_with_word_timings_and_voice_settings(elevenlabs_fake: ElevenLabsFake, registry_for,
                                                                 tmp_path: Path) -> None:
    speech = registry_for(elevenlabs_fake).speech("elevenlabs")
    settings = {"stability": 0.3, "similarity_boost": 0.85, "style": 0.6, "use_speaker_boost": True}
    spoken = speech.speak(SpeechRequest(TEXT, RACHEL, voice_settings=settings, speed=1.1), tmp_path / "s")
    assert spoken.path == tmp_path / "s.mp3" and spoken.model == "eleven_multilingual_v2"
    seconds = _seconds(spoken.path)
    assert spoken.words is not None
    assert [w.text for w in spoken.words] == ["Three", "facts", "about", "octopuses", "you", "did", "not", "know"]
    assert all(0 <= w.start < w.end <= seconds + 0.05 for w in spoken.words)
    assert all(a.end <= b.start + 1e-6 for a, b in zip(spoken.words, spoken.words[1:], strict=False))
    assert "speed" in spoken.honoured
    sent = elevenlabs_fake.posts("/with-timestamps")[0]
    assert sent.path == f"/v1/text-to-speech/{RACHEL}/with-timestamps"
    assert sent.query["output_format"] == ["mp3_44100_128"] and sent.headers["xi-api-key"] == elevenlabs_fake.key
    assert sent.json()["voice_settings"] == {**settings, "speed": 1.1}
    assert sent.json()["model_id"] == "eleven_multilingual_v2" and "language_code" not in sent.json()


def test_elevenlabs_speed_outside_its_range_is_left_to_the_caller(elevenlabs_fake, registry_for, tmp_path) -> None:
    speech = registry_for(elevenlabs_fake, ELEVENLABS_MODEL="eleven_flash_v2_5").speech("elevenlabs")
    spoken = speech.speak(SpeechRequest("Hola a todos.", "AZnzlk1XvdvUeBnXmlld", speed=1.6, language="es"),
                          tmp_path / "s")
    body = elevenlabs_fake.posts()[0].json()
    assert "speed" not in spoken.honoured and "voice_settings" not in body
    assert body["language_code"] == "es" and body["model_id"] == "eleven_flash_v2_5"


def test_elevenlabs_quota_is_not_retried_and_429_waits(elevenlabs_fake, registry_for, tmp_path) -> None:
    speech = registry_for(elevenlabs_fake).speech("elevenlabs")
    elevenlabs_fake.inject("quota")
    with pytest.raises(ProviderQuotaError) as caught:
        speech.speak(SpeechRequest(TEXT, RACHEL), tmp_path / "a")
    assert caught.value.details["reason"] == "quota_exhausted" and len(elevenlabs_fake.posts()) == 1
    assert "12 credits remaining" in caught.value.details["provider_message"]
    elevenlabs_fake.inject("concurrent")
    started = time.monotonic()
    spoken = speech.speak(SpeechRequest(TEXT, RACHEL), tmp_path / "b")
    assert time.monotonic() - started >= 1.0 and len(elevenlabs_fake.posts()) == 3 and spoken.path.is_file()
    elevenlabs_fake.inject("system_busy", "system_busy", "system_busy")
    with pytest.raises(ProviderRetryableError):
        speech.speak(SpeechRequest(TEXT, RACHEL), tmp_path / "c")


def test_elevenlabs_bad_key_unknown_voice_and_long_text(elevenlabs_fake, registry_for, tmp_path) -> None:
    with pytest.raises(ProviderAuthError) as caught:
        registry_for(elevenlabs_fake, key="xi-wrong").speech("elevenlabs").speak(
            SpeechRequest(TEXT, RACHEL), tmp_path / "a")
    assert "ELEVENLABS_API_KEY" in str(caught.value) and "xi-wrong" not in str(caught.value.details)
    speech = registry_for(elevenlabs_fake).speech("elevenlabs")
    with pytest.raises(ProviderRejectedError) as rejected:
        speech.speak(SpeechRequest(TEXT, "nobodyNobodyNobody01"), tmp_path / "b")
    assert "voice_id nobodyNobodyNobody01" in rejected.value.details["provider_message"]
    with pytest.raises(ProviderRejectedError) as too_long:
        speech.speak(SpeechRequest("word " * 1200, RACHEL, model="eleven_v3"), tmp_path / "c")
    assert "5000" in too_long.value.details["provider_message"]


def test_elevenlabs_voices_page_and_cloning_round_trip(elevenlabs_fake, registry_for, tmp_path) -> None:
    speech = registry_for(elevenlabs_fake).speech("elevenlabs")
    assert isinstance(speech, VoiceLister) and isinstance(speech, VoiceCloner)
    voices = speech.voices()
    assert len(voices) == 8 and len(elevenlabs_fake.requests) == 1  # one page of 100
    assert {v.id for v in voices} >= {RACHEL} and next(v for v in voices if v.id == RACHEL).language == "en"
    refs = []
    for index in range(2):
        data, _, _ = speech_bytes(f"Sample number {index + 1} of my voice.", fmt="wav")
        refs.append(tmp_path / f"ref{index}.wav")
        refs[-1].write_bytes(data)
    voice_id = speech.add_voice("Narrator", refs, description="warm", labels={"language": "en"})
    assert elevenlabs_fake.added_files == [p.stat().st_size for p in refs]
    spoken = speech.speak(SpeechRequest("In my own voice.", voice_id), tmp_path / "cloned")
    assert spoken.voice == voice_id and _seconds(spoken.path) > 0.5
    speech.delete_voice(voice_id)
    with pytest.raises(ProviderRejectedError):
        speech.speak(SpeechRequest("Gone.", voice_id), tmp_path / "gone")


def test_elevenlabs_pages_voices_until_has_more_is_false(elevenlabs_fake, registry_for) -> None:
    for index in range(120):
        elevenlabs_fake.voices[f"v{index:019d}"] = {"voice_id": f"v{index:019d}", "name": f"V{index}",
                                                    "labels": {}, "local": "espeak-en"}
    voices = registry_for(elevenlabs_fake).speech("elevenlabs").voices()  # type: ignore[attr-defined]
    assert len(voices) == 128 and len(elevenlabs_fake.requests) == 2
    assert elevenlabs_fake.requests[1].query["next_page_token"] == ["100"]


def test_group_words_drops_punctuation_and_keeps_inner_marks() -> None:
    text = "Hi, it's  me!"
    times = [i * 0.1 for i in range(len(text))]
    words = group_words(list(text), times, [t + 0.1 for t in times])
    assert [(w.text, round(w.start, 2), round(w.end, 2)) for w in words] == [
        ("Hi", 0.0, 0.2), ("it's", 0.4, 0.8), ("me", 1.0, 1.2)]


def test_openai_speech_sends_instructions_to_gpt_4o_models_only(openai_fake: OpenAIFake, registry_for,
                                                                tmp_path: Path) -> None:
    speech = registry_for(openai_fake).speech("openai")
    spoken = speech.speak(SpeechRequest(TEXT, "coral", instructions="Energetic narrator", speed=1.2), tmp_path / "a")
    assert spoken.model == "gpt-4o-mini-tts" and spoken.words is None and spoken.path.suffix == ".wav"
    assert spoken.honoured == frozenset({"instructions"}) and _seconds(spoken.path) > 1
    body = openai_fake.posts("/audio/speech")[0].json()
    assert body == {"model": "gpt-4o-mini-tts", "input": TEXT, "voice": "coral", "response_format": "wav",
                    "instructions": "Energetic narrator"}
    legacy = speech.speak(SpeechRequest(TEXT, "alloy", model="tts-1", instructions="calm", speed=1.2), tmp_path / "b")
    body = openai_fake.posts("/audio/speech")[1].json()
    assert "instructions" not in body and body["speed"] == 1.2 and legacy.honoured == frozenset({"speed"})
    assert any("no instructions" in note for note in legacy.notes)


def test_openai_speech_quota_rate_limit_and_bad_voice(openai_fake: OpenAIFake, registry_for, tmp_path) -> None:
    speech = registry_for(openai_fake).speech("openai")
    openai_fake.inject("quota")
    with pytest.raises(ProviderQuotaError):
        speech.speak(SpeechRequest(TEXT, "alloy"), tmp_path / "a")
    openai_fake.inject("rate_limit")
    assert speech.speak(SpeechRequest(TEXT, "alloy"), tmp_path / "b").path.is_file()
    assert len(openai_fake.posts()) == 3
    with pytest.raises(ProviderRejectedError) as caught:
        speech.speak(SpeechRequest(TEXT, "robot"), tmp_path / "c")
    assert "'robot' is not supported" in caught.value.details["provider_message"]


def test_modal_clones_through_submit_poll_and_the_303_loop(modal_voice_fake: ModalVoiceFake, registry_for,
                                                           tmp_path: Path) -> None:
    modal_voice_fake.redirects = 2
    speech = registry_for(modal_voice_fake).speech("modal_voice")
    data, _, _ = speech_bytes("This is the reference recording of my voice.", fmt="wav")
    ref = tmp_path / "ref.wav"
    ref.write_bytes(data)
    spoken = speech.speak(SpeechRequest(TEXT, "", references=(ref,), emotion="happy", emotion_weight=0.7),
                          tmp_path / "a")
    assert spoken.path.suffix == ".wav" and _seconds(spoken.path) > 1 and spoken.honoured == frozenset({"emotion"})
    submit = modal_voice_fake.posts("/submit")[0]
    assert submit.headers["modal-key"] == "wk-test-fake" and submit.headers["modal-secret"] == "ws-test-secret"
    body = submit.json()
    assert body["model"] == "indextts2" and body["emotion"] == "happy" and body["emotion_weight"] == 0.7
    assert len(body["references"]) == 1 and "voice_id" not in body
    results = [r for r in modal_voice_fake.requests if r.path == "/result"]
    assert len(results) == 4  # two 303 hops, one "running", then the audio
    assert all(r.headers["modal-key"] == "wk-test-fake" for r in results)
    # a stored voice (the profile's embedding), spoken by XTTS with its own speed
    assert isinstance(speech, VoiceCloner)
    voice_id = speech.add_voice("Narrator", [ref])
    assert modal_voice_fake.voices[voice_id]["reference_bytes"] == [len(data)]
    xtts = speech.speak(SpeechRequest("Stored voice.", voice_id, model="xtts", speed=1.3), tmp_path / "b")
    assert xtts.honoured == frozenset({"speed"}) and modal_voice_fake.posts("/submit")[1].json()["speed"] == 1.3
    speech.delete_voice(voice_id)
    assert voice_id not in modal_voice_fake.voices


def test_modal_auth_failure_and_job_failure(modal_voice_fake: ModalVoiceFake, registry_for, tmp_path) -> None:
    with pytest.raises(ProviderAuthError) as caught:
        registry_for(modal_voice_fake, key="wk-x:ws-wrong").speech("modal_voice").speak(
            SpeechRequest(TEXT, "mv_x"), tmp_path / "a")
    assert "MODAL_VOICE_API_KEY" in str(caught.value) and "ws-wrong" not in str(caught.value.details)
    speech = registry_for(modal_voice_fake).speech("modal_voice")
    (tmp_path / "x.wav").write_bytes(speech_bytes("A reference.", fmt="wav")[0])
    voice_id = speech.add_voice("n", [tmp_path / "x.wav"])
    modal_voice_fake.inject("job_failed")
    with pytest.raises(ProviderUnavailableError) as failed:
        speech.speak(SpeechRequest(TEXT, voice_id), tmp_path / "b")
    assert "CUDA out of memory" in failed.value.details["provider_message"]
