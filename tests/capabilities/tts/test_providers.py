"""/tts/* through the cloud providers' loopback fakes: the fallback chain (quota, bad key → next provider),
ElevenLabs timings and voice settings, OpenAI speech aligned by tiny.en, cloning through ElevenLabs and
Modal (profiles keep the clone; options applied locally or refused by name), per-provider language
voices, and the voice/provider listings."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from media_service.engines.audio import load_audio
from tests.engines.speech.conftest import Ear
from tests.fakes import ElevenLabsFake, ModalVoiceFake, OpenAIFake
from tests.fakes.fixtures import fakes_env

from .conftest import TtsApi, errors_by_field

RATE = 22_050
TEXT = "Octopuses have three hearts. Their blood is blue."
SLOW = 360.0  # cloud speech is aligned by tiny.en: give a loaded machine time


def _run(api: TtsApi, path: str, body: dict[str, Any]) -> dict[str, Any]:
    job = api.wait(api.submit(path, body), timeout=SLOW)
    assert job["status"] == "completed", job
    return dict(job["result"])


def _audio(api: TtsApi, result: dict[str, Any], name: str) -> np.ndarray:
    samples = load_audio(api.fetch(result["output"], name=name), sample_rate=RATE, channels=1)[0]
    assert samples.size / RATE == pytest.approx(result["duration_seconds"], abs=0.1)
    return samples


def _words_inside_sound(samples: np.ndarray, words: list[dict[str, Any]]) -> float:
    """The share of words whose mid-time falls inside a stretch of sound."""
    segments = Ear.segments(samples, RATE, gap=0.05, threshold_db=-40)
    mids = [(w["start"] + w["end"]) / 2 for w in words]
    return sum(any(s.start - 0.03 <= m <= s.end + 0.03 for s in segments) for m in mids) / len(mids)


def _env(*fakes: Any, **extra: str) -> dict[str, str]:
    return fakes_env(*fakes, **{"PROVIDER_POLL_FIRST_SEC": "0.05", **extra})


def test_quota_falls_through_the_chain_and_says_why(tts_api, elevenlabs_fake: ElevenLabsFake,
                                                    openai_fake: OpenAIFake):
    api: TtsApi = tts_api(_env(elevenlabs_fake, openai_fake, TTS_PROVIDER_CHAIN="elevenlabs,openai,local"))
    elevenlabs_fake.inject("quota")
    result = _run(api, "generate", {"text": TEXT, "output_format": "wav", "instructions": "Calm narrator"})
    assert result["provider"] == "openai" and result["model_used"] == "openai/gpt-4o-mini-tts"
    assert result["voice_id"] == "alloy"  # PRD table: English → alloy
    assert [s["provider"] for s in result["skipped"]] == ["elevenlabs"]
    assert result["skipped"][0]["reason"].startswith("quota_exhausted")
    assert len(elevenlabs_fake.posts()) == 1  # quota is never retried
    sent = openai_fake.posts("/audio/speech")[0].json()
    assert sent["voice"] == "alloy" and sent["instructions"] == "Calm narrator" and sent["input"] == TEXT
    samples = _audio(api, result, "openai.wav")
    # OpenAI gives no timings: the known text aligned to the audio by faster-whisper tiny.en
    assert result["timing_source"] == "aligned"
    assert [w["text"] for w in result["words"]] == ["Octopuses", "have", "three", "hearts", "Their", "blood", "is",
                                                    "blue"]
    assert _words_inside_sound(samples, result["words"]) >= 0.85
    assert result["integrated_lufs"] == pytest.approx(-16, abs=0.7)
    # both clouds out of credits: the local voice speaks
    elevenlabs_fake.inject("quota")
    openai_fake.inject("quota")
    result = _run(api, "generate", {"text": "Still speaking."})
    assert result["provider"] == "local" and [s["provider"] for s in result["skipped"]] == ["elevenlabs", "openai"]


def test_elevenlabs_speaks_with_its_own_word_timings(tts_api, elevenlabs_fake: ElevenLabsFake):
    api: TtsApi = tts_api(_env(elevenlabs_fake, TTS_PROVIDER_CHAIN="elevenlabs,local"))
    elevenlabs_fake.inject("rate_limit")  # 429 + Retry-After: waited out, then spoken
    result = _run(api, "generate", {"text": TEXT, "output_format": "ogg", "speed": 1.1})
    assert result["provider"] == "elevenlabs" and result["model_used"] == "elevenlabs/eleven_multilingual_v2"
    assert result["voice_id"] == "21m00Tcm4TlvDq8ikWAM" and result["timing_source"] == "provider"
    assert result["output"]["mime"] == "audio/ogg" and not result["skipped"]
    posts = elevenlabs_fake.posts("/with-timestamps")
    assert len(posts) == 2
    assert posts[1].json()["voice_settings"] == {"stability": 0.3, "similarity_boost": 0.85, "style": 0.6,
                                                 "use_speaker_boost": True, "speed": 1.1}  # PRD §6.2.1 defaults
    samples = _audio(api, result, "eleven.ogg")
    assert len(result["words"]) == 8 and _words_inside_sound(samples, result["words"]) >= 0.85


def test_bad_key_falls_through_in_a_chain_and_fails_when_named(tts_api, elevenlabs_fake: ElevenLabsFake):
    env = {**_env(elevenlabs_fake, TTS_PROVIDER_CHAIN="elevenlabs,local"), "ELEVENLABS_API_KEY": "xi-wrong"}
    api: TtsApi = tts_api(env)
    result = _run(api, "generate", {"text": "Hello."})
    assert result["provider"] == "local" and result["skipped"][0]["reason"].startswith("auth")
    job = api.wait(api.submit("generate", {"text": "Hello.", "provider": "elevenlabs"}), timeout=SLOW)
    assert job["status"] == "failed" and job["error"]["code"] == "PROVIDER_ERROR"
    assert job["error"]["details"]["reason"] == "auth" and "xi-wrong" not in str(job)


def test_multi_language_uses_each_providers_voice_for_the_language(tts_api, elevenlabs_fake: ElevenLabsFake,
                                                                   openai_fake: OpenAIFake):
    api: TtsApi = tts_api(_env(elevenlabs_fake, openai_fake))
    texts = {"en": "Good morning.", "de": "Guten Morgen.", "ja": "おはようございます。"}
    result = _run(api, "multi-language", {"texts": texts, "provider": "openai", "output_format": "wav"})
    assert [o["voice_id"] for o in result["outputs"]] == ["alloy", "onyx", "echo"]
    assert [p.json()["voice"] for p in openai_fake.posts("/audio/speech")] == ["alloy", "onyx", "echo"]
    assert [o["timing_source"] for o in result["outputs"]] == ["aligned", "estimate", "estimate"]
    result = _run(api, "multi-language", {"texts": texts, "provider": "elevenlabs"})
    assert [p.path.split("/")[3] for p in elevenlabs_fake.posts("/with-timestamps")] == [
        "21m00Tcm4TlvDq8ikWAM", "ErXwobaYiN019PkySvjV", "Xb7hH8MSUJpSbSDYk0k2"]
    for output in result["outputs"]:
        assert abs(_audio(api, output, f"{output['language']}.mp3")).max() > 0.1


def test_profile_cloned_by_elevenlabs_is_kept_and_forgotten_with_it(tts_api, elevenlabs_fake: ElevenLabsFake):
    api: TtsApi = tts_api(_env(elevenlabs_fake, TTS_PROVIDER_CHAIN="elevenlabs,local"))
    refs = [api.upload(api.speech_reference(f"{n}.wav", f"This is sample {n} of my voice, read slowly and clearly."))
            for n in ("one", "two")]
    r = api.client.post("/api/v1/tts/voices", json={"name": "Narrator", "reference_urls": refs,
                                                    "metadata": {"language": "en"}})
    profile = r.json()["data"]
    result = _run(api, "voice-clone", {"text": "Spoken in my own voice.", "voice_profile_id": profile["id"],
                                     "model": "elevenlabs", "options": {"stability": 0.7, "speed": 1.5}})
    assert len(elevenlabs_fake.posts("/v1/voices/add")) == 1 and len(elevenlabs_fake.added_files) == 2
    stored = api.get(f"voices/{profile['id']}").json()["data"]
    assert stored["embedding_provider"] == "elevenlabs" and stored["embedding_id"] == result["voice_id"]
    assert stored["usage_count"] == 1
    sent = elevenlabs_fake.posts("/with-timestamps")[0].json()
    assert sent["voice_settings"]["stability"] == 0.7 and "speed" not in sent["voice_settings"]
    assert any("speed 1.5 applied locally" in note for note in result["notes"])
    # the profile now speaks through its clone, with no second upload
    again = _run(api, "generate", {"text": "Again, in my voice.", "voice_profile_id": profile["id"]})
    assert again["provider"] == "elevenlabs" and again["voice_id"] == stored["embedding_id"]
    assert len(elevenlabs_fake.posts("/v1/voices/add")) == 1
    assert api.get(f"voices/{profile['id']}").json()["data"]["usage_count"] == 2
    assert api.client.delete(f"/api/v1/tts/voices/{profile['id']}").status_code == 200
    assert stored["embedding_id"] in elevenlabs_fake.deleted


def test_modal_clone_from_a_reference_with_local_speed_and_pitch(tts_api, modal_voice_fake: ModalVoiceFake):
    api: TtsApi = tts_api(_env(modal_voice_fake))
    ref = api.upload(api.speech_reference("ref.wav", "This is the reference recording. It lasts a few seconds."))
    plain = _run(api, "voice-clone", {"text": TEXT, "voice_reference_url": ref, "output_format": "wav"})
    assert plain["provider"] == "modal" and plain["model_used"] == "modal/indextts2"
    shifted = _run(api, "voice-clone", {"text": TEXT, "voice_reference_url": ref, "output_format": "wav",
                                      "options": {"speed": 1.5, "pitch": 30, "emotion": "happy"}})
    submit = modal_voice_fake.posts("/submit")[1].json()
    assert submit["emotion"] == "happy" and "speed" not in submit and len(submit["references"]) == 1
    a, b = _audio(api, plain, "plain.wav"), _audio(api, shifted, "shifted.wav")
    assert b.size / a.size == pytest.approx(1 / 1.5, rel=0.06)
    assert Ear.pitch(b, RATE, high=500) / Ear.pitch(a, RATE, high=500) == pytest.approx(1.3, rel=0.1)
    assert _words_inside_sound(b, shifted["words"]) >= 0.8 and shifted["timing_source"] == "aligned"


def test_clone_options_a_model_cannot_honour_are_400s_naming_them(modal_voice_fake,
                                                                 elevenlabs_fake, make_client, tmp_path):
    api = TtsApi.over(make_client, tmp_path, _env(modal_voice_fake, elevenlabs_fake))
    ref = api.upload(api.tone_reference("good.wav", 5.0))
    cases = [({"model": "xtts", "options": {"emotion": "sad"}}, "options.emotion"),
             ({"model": "elevenlabs", "options": {"emotion_weight": 0.9}}, "options.emotion_weight"),
             ({"model": "indextts2", "options": {"stability": 0.9}}, "options.stability"),
             ({"model": "indextts2", "language": "de"}, "language")]
    for extra, field in cases:
        assert field in errors_by_field(api.post("voice-clone", {"text": "Hi", "voice_reference_url": ref, **extra}))


def test_listings_show_elevenlabs_voices_and_configured_providers(tts_api, elevenlabs_fake: ElevenLabsFake):
    api: TtsApi = tts_api(_env(elevenlabs_fake))
    voices = api.get("voices", provider="elevenlabs").json()["data"]
    assert len(voices["voices"]) == 8 and all(v["available"] for v in voices["voices"])
    assert {v["name"] for v in voices["voices"]} >= {"Rachel", "Antoni"}
    assert [v["id"] for v in api.get("voices", provider="elevenlabs", language="de").json()["data"]["voices"]] == [
        "ErXwobaYiN019PkySvjV"]
    providers = {p["name"]: p for p in api.get("providers").json()["data"]["providers"]}
    assert providers["elevenlabs"]["configured"] and providers["elevenlabs"]["default_model"] == "eleven_multilingual_v2"
    assert not providers["openai"]["configured"] and providers["openai"]["missing"] == ["OPENAI_API_KEY"]
    bad = api.post("generate", {"text": "Hi", "provider": "openai", "language": "sw"})
    assert "language" in errors_by_field(bad)
    bad = api.post("generate", {"text": "Hi", "provider": "elevenlabs", "voice_id": "alloy"})
    assert "openai voice" in errors_by_field(bad)["voice_id"]
