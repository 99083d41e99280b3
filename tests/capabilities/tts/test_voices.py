"""Voice profiles (create from two uploads, use, count, delete), the voice listing and the providers."""

from __future__ import annotations

from pathlib import Path

from .conftest import TtsApi


def test_profile_lifecycle_from_two_uploads(tts_api):
    api: TtsApi = tts_api()
    first = api.upload(api.speech_reference("a.wav", "This is my voice. I read a few sentences for the profile."))
    second = api.upload(api.speech_reference("b.wav", "Here is a second sample, a little longer than the first one."))
    r = api.client.post("/api/v1/tts/voices", json={
        "name": "Narrator", "description": "Warm female narrator", "reference_urls": [first, second],
        "metadata": {"language": "en", "gender": "female"}})
    assert r.status_code == 201, r.text
    profile = r.json()["data"]
    assert profile["id"].startswith("vp_") and profile["usage_count"] == 0 and profile["last_used_at"] is None
    assert profile["reference_urls"] == [first, second]
    assert all(3 <= s <= 30 for s in profile["reference_seconds"])
    folder = Path(api.client.app.state.web.settings.data_dir) / "voices" / profile["id"]  # type: ignore[attr-defined]
    assert sorted(p.name for p in folder.iterdir()) == ["reference-1.wav", "reference-2.wav"]

    result = api.run("generate", {"text": "Spoken for the profile.", "voice_profile_id": profile["id"]})
    assert result["voice_id"] == "espeak-en-female"  # no cloning provider: the local voice of its language/gender
    assert any("no cloning provider" in note for note in result["notes"])
    used = api.get(f"voices/{profile['id']}").json()["data"]
    assert used["usage_count"] == 1 and used["last_used_at"] is not None
    assert profile["id"] in [p["id"] for p in api.get("voices").json()["data"]["profiles"]]

    assert api.client.delete(f"/api/v1/tts/voices/{profile['id']}").status_code == 200
    assert api.get(f"voices/{profile['id']}").status_code == 404
    assert api.client.delete(f"/api/v1/tts/voices/{profile['id']}").status_code == 404
    assert not folder.exists()


def test_voice_listing_filters_and_shows_licences(tts_only: TtsApi):
    voices = tts_only.get("voices").json()["data"]["voices"]
    joe = next(v for v in voices if v["id"] == "piper-en_US-joe-medium")
    assert joe["default"] and "non-commercial" in joe["licence_note"] and joe["gender"] == "male"
    assert {v["language"] for v in voices if v["provider"] == "local"} == {
        "en", "es", "fr", "de", "ja", "ko", "pt", "zh", "id", "hi"}
    french = tts_only.get("voices", language="fr", provider="local").json()["data"]["voices"]
    assert {v["id"] for v in french} == {"espeak-fr", "espeak-fr-female"}
    assert all(v["licence"].startswith("GPL-3.0") for v in french)
    eleven = tts_only.get("voices", provider="elevenlabs").json()["data"]["voices"]
    assert len(eleven) == 8 and not any(v["available"] for v in eleven)
    assert "21m00Tcm4TlvDq8ikWAM" in {v["id"] for v in eleven}


def test_providers_say_what_is_configured_and_what_to_set(tts_only: TtsApi):
    data = tts_only.get("providers").json()["data"]
    assert data["chain"] == ["local"] and data["default_voice"] == "piper-en_US-joe-medium"
    providers = {p["name"]: p for p in data["providers"]}
    assert providers["local"]["configured"] and providers["local"]["features"]["timestamps"]
    assert not providers["local"]["features"]["cloning"]
    assert providers["elevenlabs"]["missing"] == ["ELEVENLABS_API_KEY"] and not providers["elevenlabs"]["configured"]
    assert providers["openai"]["missing"] == ["OPENAI_API_KEY"] and "gpt-4o-mini-tts" in providers["openai"]["models"]
    assert providers["modal"]["missing"] == ["MODAL_VOICE_ENDPOINT", "MODAL_VOICE_API_KEY"]
    assert providers["modal"]["features"]["cloning"]


def test_chain_passes_over_unconfigured_providers_and_says_why(tts_api):
    api: TtsApi = tts_api({"TTS_PROVIDER_CHAIN": "elevenlabs,openai,local", "TTS_DEFAULT_VOICE": "espeak-en"})
    result = api.run("generate", {"text": "Chained."})
    assert result["provider"] == "local" and result["voice_id"] == "espeak-en"
    assert [(s["provider"], s["reason"]) for s in result["skipped"]] == [
        ("elevenlabs", "elevenlabs is not configured: set ELEVENLABS_API_KEY"),
        ("openai", "openai is not configured: set OPENAI_API_KEY")]
