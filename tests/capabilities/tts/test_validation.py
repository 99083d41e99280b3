"""Bad requests are 400s naming the field; unusable providers 503s naming the setting; never a 500."""

from __future__ import annotations

from typing import Any

from .conftest import TtsApi, errors_by_field


BAD_GENERATE: list[tuple[dict[str, Any], str]] = [
    ({"text": ""}, "text"),
    ({"text": "   ...  "}, "text"),
    ({"text": "a" * 5001}, "text"),
    ({"text": "Hi", "voice_id": "nobody"}, "voice_id"),
    ({"text": "Hi", "voice_profile_id": "vp_0000000000000000"}, "voice_profile_id"),
    ({"text": "Hi", "provider": "local", "language": "sw"}, "language"),
    ({"text": "Hi", "language": "sw"}, "language"),
    ({"text": "Hi", "provider": "elevenlabs", "language": "xx"}, "language"),
    ({"text": "Hi", "voice_id": "espeak-fr", "language": "de"}, "language"),
    ({"text": "Hi", "speed": 3}, "speed"),
    ({"text": "Hi", "output_format": "flac"}, "output_format"),
    ({"text": "Hi", "model_id": "eleven_v3"}, "model_id"),
    ({"text": "Hi", "colour": "blue"}, "colour"),
]


def test_bad_generate_requests_name_the_field(tts_only: TtsApi):
    for body, field in BAD_GENERATE:
        assert field in errors_by_field(tts_only.post("generate", body)), (body, field)


def test_cloud_provider_without_credentials_is_503_naming_the_variable(tts_only: TtsApi):
    for provider, variable in (("elevenlabs", "ELEVENLABS_API_KEY"), ("openai", "OPENAI_API_KEY")):
        r = tts_only.post("generate", {"text": "Hi", "provider": provider})
        assert r.status_code == 503, r.text
        error = r.json()["error"]
        assert error["code"] == "SERVICE_UNAVAILABLE" and variable in error["message"]
        assert error["details"]["missing"] == [variable]


def test_references_must_last_3_to_30_seconds(tts_only: TtsApi):
    short = tts_only.upload(tts_only.tone_reference("short.wav", 1.0))
    long = tts_only.upload(tts_only.tone_reference("long.wav", 60.0))
    good = tts_only.upload(tts_only.tone_reference("good.wav", 5.0))
    for ref, index in ((short, 0), (long, 1)):
        refs = [good, good]
        refs[index] = ref
        r = tts_only.client.post("/api/v1/tts/voices", json={"name": "x", "reference_urls": refs})
        message = errors_by_field(r)[f"reference_urls[{index}]"]
        assert "3–30 s" in message
    for ref in (short, long):
        r = tts_only.post("voice-clone", {"text": "Hi", "voice_reference_url": ref})
        assert "3–30 s" in errors_by_field(r)["voice_reference_url"]


def test_voice_clone_without_a_cloning_provider_is_503_naming_what_to_set(tts_only: TtsApi):
    good = tts_only.upload(tts_only.tone_reference("good.wav", 5.0))
    r = tts_only.post("voice-clone", {"text": "Hi", "voice_reference_url": good, "model": "indextts2"})
    assert r.status_code == 503, r.text
    assert "MODAL_VOICE_ENDPOINT" in r.json()["error"]["message"]
    r = tts_only.post("voice-clone", {"text": "Hi", "voice_reference_url": good, "model": "elevenlabs"})
    assert r.status_code == 503 and "ELEVENLABS_API_KEY" in r.json()["error"]["message"]
    bad = tts_only.post("voice-clone", {"text": "Hi", "voice_reference_url": good, "options": {"pitch": 80}})
    assert "options.pitch" in errors_by_field(bad)


def test_unknown_profile_is_404(tts_only: TtsApi):
    assert tts_only.get("voices/vp_missing").status_code == 404
