"""Jamendo and Freesound music sources through their loopback fakes: auth, every filter mapped to each API,
pagination to the end, licences carried into every result, rate limits waited out, downloads checked."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from media_service.providers import ProviderAuthError, ProviderRejectedError
from media_service.providers.jamendo import speeds_for
from media_service.providers.music import MusicQuery, licence_from_url
from tests.fakes import FreesoundFake, JamendoFake
from tests.fakes.music_catalogue import CATALOGUE
from tests.mediagen import decode_audio


def _query(fake: JamendoFake | FreesoundFake, index: int = -1) -> dict[str, str]:
    return {k: v[-1] for k, v in fake.requests[index].query.items()}


def test_licences_are_named_with_their_commercial_terms() -> None:
    by_nc = licence_from_url("http://creativecommons.org/licenses/by-nc-nd/3.0/")
    assert (by_nc.name, by_nc.commercial, by_nc.attribution_required) == ("CC BY-NC-ND 3.0", False, True)
    zero = licence_from_url("http://creativecommons.org/publicdomain/zero/1.0/")
    assert (zero.name, zero.commercial, zero.attribution_required) == ("CC0 1.0", True, False)
    assert licence_from_url("https://creativecommons.org/licenses/by/4.0/").commercial is True
    assert licence_from_url("Pond5 royalty-free").commercial is False
    assert speeds_for(90, 125) == ["low", "medium", "high"] and speeds_for(None, None) == []


def test_jamendo_maps_every_filter_and_carries_the_licence(jamendo_fake: JamendoFake, registry_for) -> None:
    source = registry_for(jamendo_fake).music("jamendo")
    page = source.search(MusicQuery(genre="ambient", mood="calm", duration_min=30, duration_max=200, bpm_min=60,
                                    bpm_max=99, limit=5))
    sent = _query(jamendo_fake)
    assert sent["client_id"] == JamendoFake.key and "authorization" not in jamendo_fake.requests[-1].headers
    assert (sent["tags"], sent["fuzzytags"], sent["durationbetween"], sent["speed"]) == ("ambient", "calm", "30_200",
                                                                                         "verylow low")
    assert sent["fullcount"] == "true" and sent["include"] == "musicinfo licenses"
    assert page.items and all(i.genre == "ambient" and 30 <= i.duration_seconds <= 200 for i in page.items)
    expected = [t for t in CATALOGUE if t.genre == "ambient" and t.mood == "calm" and 30 <= t.duration <= 200
                and t.bpm < 100]
    assert page.total == len(expected) > 0 and len(page.items) == min(5, len(expected))
    item = page.items[0]
    assert item.licence.url and item.licence.name.startswith("CC") and item.source == "jamendo"
    assert item.attribution.startswith(f"\"{item.title}\" by {item.artist} (Jamendo), {item.licence.name}")
    assert "jamendo" in " ".join(page.notes)


def test_jamendo_pages_to_the_end_and_waits_out_its_rate_limit(jamendo_fake: JamendoFake, registry_for) -> None:
    source = registry_for(jamendo_fake).music("jamendo")
    pages, offset = [], 0
    while True:
        page = source.search(MusicQuery(limit=12, offset=offset))
        pages.append(page)
        offset += len(page.items)
        if not page.has_more:
            break
    assert [len(p.items) for p in pages] == [12, 12, 6] and pages[0].total == 30
    assert len({i.id for p in pages for i in p.items}) == 30
    jamendo_fake.inject("rate_limit")
    started = time.monotonic()
    assert source.search(MusicQuery(query="calm", limit=3)).items
    assert time.monotonic() - started >= 0.9  # code 6 (HTTP 200) waited out, then asked again


def test_jamendo_bad_client_id_and_bad_parameters(jamendo_fake: JamendoFake, registry_for) -> None:
    with pytest.raises(ProviderAuthError, match="JAMENDO_CLIENT_ID"):
        registry_for(jamendo_fake, key="wrong-id").music("jamendo").search(MusicQuery())
    source = registry_for(jamendo_fake).music("jamendo")
    jamendo_fake.inject("bad_param")
    with pytest.raises(ProviderRejectedError) as err:
        source.search(MusicQuery())
    assert "code 3" in err.value.message and "wrong-id" not in str(err.value.details)


def test_jamendo_download_follows_the_redirect_or_uses_the_stream(jamendo_fake: JamendoFake, registry_for,
                                                                  tmp_path: Path) -> None:
    source = registry_for(jamendo_fake).music("jamendo")
    allowed = next(t for t in CATALOGUE if t.downloadable)
    refused = next(t for t in CATALOGUE if not t.downloadable)
    item, saved = source.fetch(str(allowed.id), tmp_path / "a")
    assert item.downloadable and saved.mime == "audio/mpeg" and item.licence.url == allowed.licence
    assert [r.path for r in jamendo_fake.requests[-3:]] == ["/v3.0/tracks/", "/v3.0/tracks/file/",
                                                            f"/files/{allowed.id}.mp3"]
    samples, rate = decode_audio(saved.path)
    assert abs(samples.shape[-1] / rate - 4.0) < 0.1 and abs(samples).max() > 0.1
    item, saved = source.fetch(str(refused.id), tmp_path / "b")
    assert not item.downloadable and jamendo_fake.requests[-1].path == f"/stream/{refused.id}.mp3"


def test_freesound_maps_filters_and_pages_by_next(freesound_fake: FreesoundFake, registry_for) -> None:
    source = registry_for(freesound_fake).music("freesound")
    page = source.search(MusicQuery(query="loop", genre="rock", duration_min=10, duration_max=250, bpm_min=70,
                                    bpm_max=170, limit=4))
    sent = freesound_fake.requests[-1]
    assert sent.headers["authorization"] == f"Token {FreesoundFake.key}" and "token" not in sent.query
    q = _query(freesound_fake)
    assert q["filter"] == 'duration:[10 TO 250] tag:"rock" ac_tempo:[70 TO 170]'
    assert set(q["fields"].split(",")) >= {"previews", "license", "duration", "username"}
    assert all(i.genre is None and "rock" in i.tags and 70 <= (i.bpm or 0) <= 170 for i in page.items)
    assert all(i.is_preview and i.audio_url.endswith("-hq.mp3") for i in page.items)
    everything, offset = [], 0
    while True:
        page = source.search(MusicQuery(limit=12, offset=offset))
        everything.extend(page.items)
        offset += len(page.items)
        if not page.has_more:
            break
    assert len(everything) == 30 and len({i.id for i in everything}) == 30


def test_freesound_429_retry_after_and_auth(freesound_fake: FreesoundFake, registry_for, tmp_path: Path) -> None:
    source = registry_for(freesound_fake).music("freesound")
    freesound_fake.inject("rate_limit")
    started = time.monotonic()
    assert source.search(MusicQuery(query="calm", limit=2)).items
    assert time.monotonic() - started >= 1.0 and [r.path for r in freesound_fake.requests] == ["/apiv2/search/"] * 2
    with pytest.raises(ProviderAuthError, match="FREESOUND_API_KEY"):
        registry_for(freesound_fake, key="nope").music("freesound").search(MusicQuery())
    track = CATALOGUE[4]
    item, saved = source.fetch(str(track.id), tmp_path / "s")
    assert item.licence.url == track.licence and saved.mime == "audio/mpeg"
    preview = freesound_fake.requests[-1]
    assert preview.path.endswith("-hq.mp3") and "authorization" not in preview.headers  # public, no key sent
