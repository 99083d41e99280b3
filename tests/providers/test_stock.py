"""Pexels and Pixabay stock search through their loopback fakes: auth, parameters, normalised results,
pagination, local filters, the per-query cache, 429 handling and checked downloads."""

from __future__ import annotations

import time
from pathlib import Path

import av
import pytest

from media_service.providers import (
    ProviderAuthError,
    ProviderNotConfiguredError,
    ProviderRetryableError,
    StockQuery,
    orientation_of,
)
from media_service.providers.stock import SearchCache, StockItem, StockPage
from tests.fakes import PexelsFake, PixabayFake


def test_pexels_photos_send_the_raw_key_and_every_filter(pexels_fake: PexelsFake, registry_for) -> None:
    page = registry_for(pexels_fake).stock("pexels").search(
        StockQuery("foggy forest", orientation="portrait", size="medium", color="#7E7F7B", per_page=5))
    sent = pexels_fake.requests[0]
    assert sent.path == "/v1/search" and sent.headers["authorization"] == PexelsFake.key
    assert {k: v[0] for k, v in sent.query.items()} == {"query": "foggy forest", "page": "1", "per_page": "5",
                                                         "orientation": "portrait", "size": "medium",
                                                         "color": "7E7F7B"}
    assert len(page.items) == 5 and page.has_more and page.total == 30 and not page.cached
    item = page.items[0]
    assert item.kind == "photo" and item.source == "pexels" and item.id.startswith("pexels:photo:")
    assert item.width < item.height and item.duration is None
    assert item.licence == "Pexels License" and item.attribution == "Photo by Photographer 0 on Pexels"
    assert item.source_page.startswith("https://www.pexels.com/photo/foggy-forest-")
    assert {"foggy", "forest"} <= set(item.tags) and item.url.endswith("?v=large2x")


def test_pexels_videos_pick_the_rendition_and_filter_duration(pexels_fake: PexelsFake, registry_for) -> None:
    page = registry_for(pexels_fake).stock("pexels").search(
        StockQuery("ocean", kind="video", orientation="landscape", min_duration=5, max_duration=16, per_page=8))
    assert pexels_fake.requests[0].path == "/v1/videos/search"
    durations = [i.duration for i in page.items]
    assert durations == [12, 7, 15, 9]  # the fake's 4, 2, 20 and 3 s clips are filtered out
    assert all((i.width, i.height) == (1920, 1080) and i.url.endswith("/hd.mp4") for i in page.items)
    assert page.items[0].attribution == "Video by Filmmaker 1 on Pexels"


def test_pexels_pagination_follows_the_page_number_to_the_end(pexels_fake: PexelsFake, registry_for) -> None:
    source = registry_for(pexels_fake).stock("pexels")
    pages = [source.search(StockQuery("sky", per_page=12, page=n)) for n in (1, 2, 3)]
    assert [len(p.items) for p in pages] == [12, 12, 6] and [p.has_more for p in pages] == [True, True, False]
    ids = [i.id for p in pages for i in p.items]
    assert len(set(ids)) == 30


def test_pexels_wrong_or_bearer_key_is_an_auth_error(pexels_fake: PexelsFake, registry_for, make_settings) -> None:
    with pytest.raises(ProviderAuthError, match="PEXELS_API_KEY"):
        registry_for(pexels_fake, key="nope").stock("pexels").search(StockQuery("a"))
    from media_service.providers import build_registry
    bearer = build_registry(make_settings({"PEXELS_BASE_URL": pexels_fake.base_url,
                                           "PEXELS_API_KEY": f"Bearer {PexelsFake.key}"}))
    with pytest.raises(ProviderAuthError):
        bearer.stock("pexels").search(StockQuery("a"))
    bearer.close()


def test_pexels_429_retry_after_then_success(pexels_fake: PexelsFake, registry_for) -> None:
    pexels_fake.inject("rate_limit")
    started = time.monotonic()
    page = registry_for(pexels_fake).stock("pexels").search(StockQuery("city"))
    assert time.monotonic() - started >= 1.0 and len(pexels_fake.requests) == 2 and page.items


def test_pexels_monthly_quota_waits_for_the_reset_or_fails_with_the_delay(start_fake, registry_for) -> None:
    fake = start_fake(PexelsFake, monthly_limit=2, window_sec=1.5)
    source = registry_for(fake).stock("pexels")
    source.search(StockQuery("a"))
    source.search(StockQuery("b"))
    assert fake.requests[-1].headers  # two spent: the third is refused until the window resets
    page = source.search(StockQuery("c"))
    assert page.items and [r.path for r in fake.requests].count("/v1/search") == 4
    far = start_fake(PexelsFake, monthly_limit=1, window_sec=3600)
    far_source = registry_for(far).stock("pexels")
    far_source.search(StockQuery("a"))
    with pytest.raises(ProviderRetryableError) as caught:
        far_source.search(StockQuery("b"))
    assert caught.value.details["reason"] == "rate_limited" and caught.value.details["retry_after"] > 3000


def test_search_results_are_cached_per_query(pexels_fake: PexelsFake, registry_for) -> None:
    source = registry_for(pexels_fake).stock("pexels")
    first = source.search(StockQuery("rain", kind="video"))
    again = source.search(StockQuery("rain", kind="video"))
    other = source.search(StockQuery("rain", kind="video", page=2))
    assert len(pexels_fake.requests) == 2 and again.cached and not first.cached and not other.cached
    assert again.items == first.items
    uncached = registry_for(pexels_fake, STOCK_CACHE_TTL_SEC="0").stock("pexels")
    uncached.search(StockQuery("rain", kind="video"))
    uncached.search(StockQuery("rain", kind="video"))
    assert len(pexels_fake.requests) == 4


def test_cache_expires_after_its_ttl() -> None:
    now = [0.0]
    cache = SearchCache(10, clock=lambda: now[0], max_entries=2)
    page = StockPage("x", (), 1, 15, 0, False)
    cache.put("x", StockQuery("a"), page)
    now[0] = 9.9
    assert cache.get("x", StockQuery("a")) is not None
    now[0] = 10.1
    assert cache.get("x", StockQuery("a")) is None
    for q in ("a", "b", "c"):
        cache.put("x", StockQuery(q), page)
    assert cache.get("x", StockQuery("a")) is None and cache.get("x", StockQuery("c")) is not None


def test_pixabay_key_in_query_and_mapped_filters(pixabay_fake: PixabayFake, registry_for) -> None:
    page = registry_for(pixabay_fake).stock("pixabay").search(
        StockQuery("Blossom " * 20, orientation="landscape", size="small", color="violet", per_page=2))
    sent = {k: v[0] for k, v in pixabay_fake.requests[0].query.items()}
    assert pixabay_fake.requests[0].path == "/api/"
    assert sent["key"] == PixabayFake.key and len(sent["q"]) == 100 and sent["per_page"] == "3"
    assert (sent["orientation"], sent["min_width"], sent["colors"]) == ("horizontal", "2400", "lilac")
    item = page.items[0]
    assert item.licence == "Pixabay Content License" and item.attribution == "Photo by creator0 from Pixabay"
    assert "blossom" in item.tags and item.source_page.startswith("https://pixabay.com/photos/")
    assert item.width > item.height and page.has_more


def test_pixabay_videos_filter_orientation_locally_and_skip_empty_renditions(pixabay_fake: PixabayFake,
                                                                             registry_for) -> None:
    page = registry_for(pixabay_fake).stock("pixabay").search(
        StockQuery("waves", kind="video", orientation="portrait", per_page=9))
    assert "orientation" not in pixabay_fake.requests[0].query
    assert [orientation_of(i.width, i.height) for i in page.items] == ["portrait"] * 3
    assert all(i.url.endswith("_medium.mp4") for i in page.items)  # `large` has no url; medium is 1920 tall
    assert page.items[0].duration == 12


def test_pixabay_pagination_stops_at_total_hits(start_fake, registry_for) -> None:
    fake = start_fake(PixabayFake, total=7)
    source = registry_for(fake).stock("pixabay")
    pages = [source.search(StockQuery("x", per_page=3, page=n)) for n in (1, 2, 3)]
    assert [len(p.items) for p in pages] == [3, 3, 1] and [p.has_more for p in pages] == [True, True, False]


def test_pixabay_wrong_key_and_hex_colour(pixabay_fake: PixabayFake, registry_for) -> None:
    with pytest.raises(ProviderAuthError, match="PIXABAY_API_KEY") as caught:
        registry_for(pixabay_fake, key="wrong").stock("pixabay").search(StockQuery("a"))
    assert "wrong" not in str(caught.value.details)
    page = registry_for(pixabay_fake).stock("pixabay").search(StockQuery("a", color="ff0000"))
    assert "colors" not in pixabay_fake.requests[-1].query and "ignored" in page.notes[0]


def test_pixabay_429_waits_the_reset_seconds(start_fake, registry_for) -> None:
    fake = start_fake(PixabayFake, rate_limit=1, window_sec=1.0)
    source = registry_for(fake).stock("pixabay")
    source.search(StockQuery("a"))
    started = time.monotonic()
    assert source.search(StockQuery("b")).items
    assert time.monotonic() - started >= 0.5 and len(fake.requests) == 3


def test_downloads_are_checked_media(pexels_fake: PexelsFake, pixabay_fake: PixabayFake, registry_for,
                                     tmp_path: Path) -> None:
    registry = registry_for(pexels_fake, pixabay_fake)
    for name in ("pexels", "pixabay"):
        source = registry.stock(name)
        item: StockItem = source.search(StockQuery("surf", kind="video")).items[0]
        saved = source.download(item, tmp_path / name)
        assert saved.path.suffix == ".mp4" and saved.mime == "video/mp4"
        with av.open(str(saved.path)) as container:
            assert container.streams.video[0].width == 64


def test_not_configured_names_the_variables(registry_for) -> None:
    registry = registry_for()
    with pytest.raises(ProviderNotConfiguredError, match="PEXELS_API_KEY"):
        registry.stock("pexels")
    with pytest.raises(ProviderNotConfiguredError) as caught:
        registry.stock_sources()
    assert caught.value.details["setting"] == "PEXELS_API_KEY or PIXABAY_API_KEY"
