"""Jamendo and Freesound beside the local library in `/audio/music/search`, `/audio/music/download` and
`/audio/sources`, against their fakes: filters reach each API, licences and attribution are in every result and
download, pages continue with `next_offset`, suno/soundcloud are refused with the reason and what to use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.capabilities.service_api import errors_by_field
from tests.fakes import FreesoundFake, JamendoFake
from tests.fakes.fixtures import fakes_env
from tests.fakes.music_catalogue import CATALOGUE
from tests.mediagen import decode_audio

from .conftest import AudioApi

pytestmark = pytest.mark.usefixtures("seeded_music")


def _search(api: AudioApi, **body: Any) -> dict[str, Any]:
    r = api.client.post("/api/v1/audio/music/search", json=body)
    assert r.status_code == 200, r.text
    return dict(r.json()["data"])


def test_sources_say_which_cloud_sources_are_configured(make_client, tmp_path, jamendo_fake: JamendoFake) -> None:
    api = AudioApi.over(make_client, tmp_path, fakes_env(jamendo_fake))
    sources = {s["name"]: s for s in api.client.get("/api/v1/audio/sources").json()["data"]["sources"]}
    assert sources["jamendo"]["available"] and sources["jamendo"]["status"] == "available"
    assert sources["freesound"]["status"] == "not_configured" and sources["freesound"]["setting"] == "FREESOUND_API_KEY"
    r = api.client.post("/api/v1/audio/music/search", json={"source": "freesound"})
    assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "FREESOUND_API_KEY"


def test_search_both_sources_with_filters_licences_and_pages(make_client, tmp_path, jamendo_fake: JamendoFake,
                                                             freesound_fake: FreesoundFake) -> None:
    api = AudioApi.over(make_client, tmp_path, fakes_env(jamendo_fake, freesound_fake))
    found = _search(api, source="jamendo", search_criteria={"mood": "happy", "bpm_min": 100, "bpm_max": 140,
                                                            "duration_max": 250}, limit=3)
    sent = {k: v[-1] for k, v in jamendo_fake.requests[-1].query.items()}
    assert (sent["fuzzytags"], sent["speed"], sent["durationbetween"]) == ("happy", "medium high", "0_250")
    assert found["tracks"] and found["source"] == "jamendo" and "speed" in " ".join(found["notes"])
    for track in found["tracks"]:
        assert track["source"] == "jamendo" and track["licence"].startswith("CC") and track["licence_url"]
        assert track["attribution"].startswith(f"\"{track['title']}\"") and track["commercial_use"] in (True, False)
        assert track["download"]["body"] == {"source": "jamendo", "id": track["id"]} and track["path"] is None
    first = _search(api, source="freesound", limit=10)
    assert first["has_more"] and first["next_offset"] == 10 and first["total"] == 30
    rest = _search(api, source="freesound", limit=10, offset=first["next_offset"])
    assert not {t["id"] for t in first["tracks"]} & {t["id"] for t in rest["tracks"]}
    assert all(t["is_preview"] and t["licence_url"] for t in rest["tracks"])
    assert {k: v[-1] for k, v in freesound_fake.requests[-1].query.items()}["page"] == "2"
    energy = errors_by_field(api.client.post("/api/v1/audio/music/search", json={
        "source": "jamendo", "search_criteria": {"energy_min": 0.5}}))
    assert "only the local library" in energy["search_criteria.energy_min"]


def test_suno_and_soundcloud_are_refused_with_the_reason(make_client, tmp_path, jamendo_fake: JamendoFake) -> None:
    api = AudioApi.over(make_client, tmp_path, fakes_env(jamendo_fake))
    for source, why in (("suno", "no official public API"), ("soundcloud", "playback on SoundCloud")):
        r = api.client.post("/api/v1/audio/music/search", json={"source": source, "query": "calm"})
        assert r.status_code == 400, r.text
        error = r.json()["error"]
        assert why in error["message"] and "use jamendo" in error["message"]
        assert error["details"]["available_sources"] == ["local", "jamendo"]
    assert jamendo_fake.requests == []


def test_download_carries_the_licence(audio_api: Callable[..., AudioApi], jamendo_fake: JamendoFake,
                                      freesound_fake: FreesoundFake) -> None:
    api = audio_api(fakes_env(jamendo_fake, freesound_fake))
    track = next(t for t in CATALOGUE if t.downloadable and "nc" not in t.licence)
    job_id = api.submit("music/download", {"source": "jamendo", "id": str(track.id), "duration": 3,
                                           "output_format": "wav"})
    job = api.wait(job_id)
    assert job["status"] == "completed", job
    result = job["result"]
    assert result["track"]["licence_url"] == track.licence and result["track"]["commercial_use"] is True
    assert result["track"]["attribution"].startswith(f"\"{track.name}\" by {track.artist} (Jamendo)")
    samples, rate = decode_audio(api.fetch(result["output"]))
    assert abs(samples.shape[-1] / rate - 3.0) < 0.01 and abs(samples).max() > 0.05
    assert any("credit:" in line for line in api.logs(job_id))
    sound = api.wait(api.submit("music/download", {"source": "freesound", "id": str(CATALOGUE[1].id),
                                                   "output_format": "mp3"}))
    assert sound["status"] == "completed", sound
    assert sound["result"]["track"]["is_preview"] and sound["result"]["track"]["licence"] == "CC BY-NC 3.0"
    assert sound["result"]["track"]["commercial_use"] is False
