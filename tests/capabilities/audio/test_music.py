"""Music sources, search (synchronous) and download (a job), the built-in effect list, and track previews."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from media_service.media.music import INDEX_NAME
from media_service.engines.audio import MOOD_ALIASES, SFX_NAMES

from .conftest import AudioApi
from tests.mediagen import decode_audio, lufs, SR, tone, write_wav

pytestmark = pytest.mark.usefixtures("seeded_music")


def _search(api: AudioApi, **body: object) -> list[dict[str, object]]:
    r = api.client.post("/api/v1/audio/music/search", json=body)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["count"] == len(data["tracks"])
    return list(data["tracks"])


def test_sources_list_local_available_and_cloud_with_reasons(api_only: AudioApi) -> None:
    r = api_only.client.get("/api/v1/audio/sources")
    assert r.status_code == 200
    data = r.json()["data"]
    sources = {s["name"]: s for s in data["sources"]}
    assert data["default"] == "local"
    local = sources["local"]
    assert local["available"] and local["status"] == "available" and local["tracks"] >= 28
    starter = next(f for f in local["folders"] if f["name"] == "starter")
    assert starter["available"] and starter["tracks"] >= 28 and starter["licence"] == "MIT"
    for name in ("suno", "soundcloud", "social_platform", "jamendo", "freesound"):
        assert sources[name]["available"] is False and sources[name]["kind"] == "cloud"
    for name, setting in (("jamendo", "JAMENDO_CLIENT_ID"), ("freesound", "FREESOUND_API_KEY")):
        assert sources[name]["status"] == "not_configured" and sources[name]["reason"] == f"set {setting}"
    for name in ("suno", "soundcloud", "social_platform"):
        assert sources[name]["status"] == "not_a_stock_source" and "use jamendo" in sources[name]["reason"]


def test_search_by_mood_and_bpm_range(api_only: AudioApi) -> None:
    tracks = _search(api_only, source="local", search_criteria={"mood": "calm", "bpm_min": 60, "bpm_max": 90},
                     limit=50)
    assert tracks, "the starter set has calm tracks between 60 and 90 BPM"
    for t in tracks:
        assert t["mood"] == "calm" or t["mood"] in MOOD_ALIASES["calm"], t
        assert 60 <= float(t["bpm"]) <= 90, t  # type: ignore[arg-type]
    first = tracks[0]
    assert first["mood"] == "calm"  # exact mood matches rank before aliases
    assert first["licence"] == "MIT" and first["key"] and float(first["duration_seconds"]) > 10  # type: ignore[arg-type]
    assert first["download"] == {"method": "POST", "path": "/api/v1/audio/music/download",
                                 "body": {"track_id": first["id"]}}
    preview = api_only.client.get(str(first["preview_url"]))
    assert preview.status_code == 200 and preview.content[:4] == b"OggS"
    fast = _search(api_only, search_criteria={"mood": "upbeat", "bpm_min": 120})
    assert fast and all(float(t["bpm"]) >= 120 for t in fast)  # type: ignore[arg-type]
    assert _search(api_only, search_criteria={"query": "no-such-words-anywhere"}) == []
    assert len(_search(api_only, limit=3)) == 3


def test_search_refuses_unavailable_sources_and_bad_ranges(api_only: AudioApi) -> None:
    for source in ("suno", "soundcloud", "spotify"):
        r = api_only.client.post("/api/v1/audio/music/search", json={"source": source})
        assert r.status_code == 400, r.text
        error = r.json()["error"]
        assert error["code"] == "VALIDATION_ERROR" and error["details"]["available_sources"] == ["local"]
        assert error["details"]["errors"][0]["field"] == "source" and "available now: local" in error["message"]
    r = api_only.client.post("/api/v1/audio/music/search", json={"search_criteria": {"bpm_min": 120, "bpm_max": 80}})
    assert r.status_code == 400
    assert r.json()["error"]["details"]["errors"][0]["field"] == "search_criteria.bpm_max"
    assert api_only.client.post("/api/v1/audio/music/search", json={"limit": 0}).status_code == 400


def test_sfx_list_names_every_builtin_with_its_duration(api_only: AudioApi) -> None:
    effects = api_only.client.get("/api/v1/audio/sfx").json()["data"]["effects"]
    assert [e["name"] for e in effects] == list(SFX_NAMES)
    assert all(0 < e["duration_seconds"] < 5 and e["description"] for e in effects)


def test_download_cut_or_looped_to_a_duration(audio_api: Callable[..., AudioApi]) -> None:
    api = audio_api()
    track = _search(api, search_criteria={"mood": "calm"}, limit=1)[0]
    length = float(track["duration_seconds"])  # type: ignore[arg-type]
    cut = api.submit("music/download", {"track_id": track["id"], "duration": 5, "fade_out": 1,
                                        "output_format": "wav"})
    looped = api.submit("music/download", {"source": "local", "id": track["id"], "duration": length + 8,
                                           "fade_in": 0.5, "output_format": "mp3", "target_lufs": -18})
    job = api.wait(cut)
    assert job["status"] == "completed", job
    result = job["result"]
    assert result["track"]["id"] == track["id"] and result["track"]["title"] == track["title"]
    samples, rate = decode_audio(api.fetch(result["output"]))
    assert samples.shape[1] == 5 * rate and abs(result["output"]["duration_seconds"] - 5) < 0.01
    # the fade-out leaves the last 10 ms near silence, though the track plays on there
    assert abs(samples[:, -480:]).max() < 0.01 < abs(samples[:, -rate:-rate // 2]).max()
    job = api.wait(looped)
    assert job["status"] == "completed", job
    assert job["input"]["track_id"] == track["id"]  # source + id resolved at submission
    samples, rate = decode_audio(api.fetch(job["result"]["output"]))
    assert abs(samples.shape[1] / rate - (length + 8)) < 0.06  # longer than the track: looped
    assert abs(lufs(samples, rate) - -18) < 0.5


def test_download_unknown_track_is_404_at_submission(api_only: AudioApi) -> None:
    r = api_only.post("music/download", {"track_id": "0123456789abcdef"})
    assert r.status_code == 404 and r.json()["error"]["details"]["field"] == "track_id"
    r = api_only.post("music/download", {"source": "jamendo", "id": "1886257"})
    assert r.status_code == 503 and r.json()["error"]["details"]["setting"] == "JAMENDO_CLIENT_ID"
    r = api_only.post("music/download", {"source": "suno", "id": "1886257"})
    assert r.status_code == 400 and r.json()["error"]["details"]["available_sources"] == ["local"]
    r = api_only.post("music/download", {"duration": 5})
    assert r.status_code == 400
    assert api_only.client.get("/api/v1/audio/music/tracks/nope/audio").status_code == 404
    assert api_only.client.get("/api/v1/jobs").json()["data"]["jobs"] == []


def _clicks(bpm: float, seconds: float) -> np.ndarray:
    """A metronome over a quiet pad: a 10 ms 1.5 kHz click on every beat."""
    out = tone(220, seconds, amp=0.05)
    click = tone(1500, 0.01, amp=0.6) * np.exp(-np.arange(480) / 96)
    for beat in range(int(seconds * bpm / 60)):
        at = round(beat * 60 / bpm * SR)
        out[:, at:at + 480] += click[:, : out.shape[1] - at]
    return out


def test_music_library_dir_is_scanned_indexed_and_rescanned(make_client: Callable[..., TestClient],
                                                            tmp_path: Path) -> None:
    library = tmp_path / "music"
    write_wav(library / "upbeat" / "drum_loop.wav", _clicks(120, 8.0))
    client = make_client({"MUSIC_LIBRARY_DIR": str(library)})
    api = AudioApi(client=client, inputs=tmp_path, tmp=tmp_path)
    found = _search(api, search_criteria={"query": "drum loop", "bpm_min": 115, "bpm_max": 125})
    assert [t["title"] for t in found] == ["Drum Loop"]
    assert found[0]["source"] == "library" and found[0]["mood"] == "upbeat"  # mood from its folder
    assert abs(float(found[0]["bpm_estimated"]) - 120) < 2  # type: ignore[arg-type]
    assert "library:upbeat/drum_loop.wav" in (tmp_path / "data" / INDEX_NAME).read_text()  # cached in DATA_DIR
    write_wav(library / "calm" / "slow_pad.wav", tone(180, 6.0, amp=0.1))
    assert [t["title"] for t in _search(api, search_criteria={"query": "pad", "mood": "calm"})] == ["Slow Pad"]
    folders = {f["name"]: f for f in client.get("/api/v1/audio/sources").json()["data"]["sources"][0]["folders"]}
    assert folders["library"]["tracks"] == 2 and folders["starter"]["tracks"] >= 28


def test_flat_search_filters_mean_search_criteria(api_only: AudioApi) -> None:
    """Issue #11 item 9: `{"query": "upbeat"}` filters (it was ignored); a misspelt filter is a 400."""
    everything = _search(api_only, limit=100)
    flat = _search(api_only, mood="upbeat", limit=100)
    nested = _search(api_only, search_criteria={"mood": "upbeat"}, limit=100)
    assert flat == nested and 0 < len(flat) < len(everything)
    assert _search(api_only, query="no-such-words-anywhere") == []
    assert _search(api_only, mood="calm", search_criteria={"bpm_max": 200}) == \
        _search(api_only, search_criteria={"mood": "calm", "bpm_max": 200})
    r = api_only.client.post("/api/v1/audio/music/search", json={"qeury": "upbeat"})
    assert r.status_code == 400
    assert r.json()["error"]["details"]["errors"] == [
        {"field": "qeury", "message": "unknown field 'qeury'; did you mean 'search_criteria.query'?"}]
