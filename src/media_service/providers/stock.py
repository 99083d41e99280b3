"""Stock photo and video search (Pexels, Pixabay): the query, the normalised result, the `StockSource`
Protocol and the per-query TTL cache both adapters share (providers.md §7, §11.3).

    source = registry.stock("pexels")
    page = source.search(StockQuery("ocean waves", kind="video", orientation="portrait", min_duration=5))
    page.items[0].url, page.items[0].attribution, page.has_more
    saved = source.download(page.items[0], workdir / "clip0")

Filters a vendor has no parameter for (duration range everywhere, orientation of Pixabay videos, square)
are applied to the page it answered, so a page may hold fewer than `per_page` items.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from media_service.media import MediaKind

from .http import Cancelled, ProviderHttp, SavedMedia

__all__ = ["Orientation", "SearchCache", "StockItem", "StockKind", "StockPage", "StockQuery", "StockSize",
           "StockSource", "StockSearchBase", "download_item", "fits_query", "orientation_of", "pick_rendition"]

StockKind = Literal["photo", "video"]
Orientation = Literal["landscape", "portrait", "square"]
StockSize = Literal["small", "medium", "large"]

_SQUARE_TOLERANCE = 0.1
_MAX_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StockQuery:
    """One search: `color` is a colour name or a hex without `#` (photos only); durations in seconds
    (videos only)."""

    query: str
    kind: StockKind = "photo"
    orientation: Orientation | None = None
    size: StockSize | None = None
    color: str | None = None
    min_duration: float | None = None
    max_duration: float | None = None
    page: int = 1
    per_page: int = 15


@dataclass(frozen=True, slots=True)
class StockItem:
    """One photo or video, the same shape from every source. `url` is the chosen file (the rendition
    nearest the asked size), `source_page` the vendor's page, `attribution` the credit the licence asks for."""

    id: str
    source: str
    kind: StockKind
    url: str
    preview_url: str
    width: int
    height: int
    duration: float | None
    author: str
    author_url: str | None
    licence: str
    licence_url: str
    source_page: str
    attribution: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StockPage:
    """One page of results; `cached` is True when it came from the cache without a call."""

    source: str
    items: tuple[StockItem, ...]
    page: int
    per_page: int
    total: int
    has_more: bool
    cached: bool = False
    notes: tuple[str, ...] = field(default=())


@runtime_checkable
class StockSource(Protocol):
    """Searches one stock library and downloads its files."""

    name: str

    def search(self, query: StockQuery, *, cancelled: Cancelled | None = None) -> StockPage:
        """One page of normalised results (cached per query for the configured TTL)."""
        ...

    def download(self, item: StockItem, stem: Path) -> SavedMedia:
        """The item's file at `stem` + its extension, checked by its magic bytes."""
        ...


def orientation_of(width: int, height: int) -> Orientation:
    """landscape, portrait, or square within 10 %."""
    if height and abs(width / height - 1) <= _SQUARE_TOLERANCE:
        return "square"
    return "landscape" if width > height else "portrait"


def fits_query(item: StockItem, query: StockQuery) -> bool:
    """The local filters: orientation and duration range."""
    if query.orientation is not None and orientation_of(item.width, item.height) != query.orientation:
        return False
    if item.duration is not None:
        if query.min_duration is not None and item.duration < query.min_duration:
            return False
        if query.max_duration is not None and item.duration > query.max_duration:
            return False
    return True


def pick_rendition(renditions: list[dict[str, Any]], max_side: int) -> dict[str, Any]:
    """The smallest rendition whose long side reaches `max_side`, else the largest (needs width/height)."""
    big_enough = [r for r in renditions if max(r["width"], r["height"]) >= max_side]
    if big_enough:
        return min(big_enough, key=lambda r: int(r["width"]) * int(r["height"]))
    return max(renditions, key=lambda r: int(r["width"]) * int(r["height"]))


def download_item(http: ProviderHttp, item: StockItem, stem: Path) -> SavedMedia:
    """The item's file through the vendor's client: CDN hosts pass the egress guard, bytes are sniffed."""
    kind = MediaKind.VIDEO if item.kind == "video" else MediaKind.IMAGE
    return http.download(item.url, stem, accept={kind}, max_bytes=_MAX_BYTES)


class StockSearchBase:
    """What both adapters share: the cache around `_fetch` (one vendor call) and checked downloads.
    Video files are the rendition nearest `max_side` (long side, px)."""

    name = "stock"

    def __init__(self, http: ProviderHttp, *, cache: SearchCache, max_side: int = 1920) -> None:
        self.http = http
        self.cache = cache
        self.max_side = max_side

    def search(self, query: StockQuery, *, cancelled: Cancelled | None = None) -> StockPage:
        """One page from the vendor (or the cache), normalised and locally filtered."""
        cached = self.cache.get(self.name, query)
        if cached is not None:
            return cached
        page = self._fetch(query, cancelled)
        self.cache.put(self.name, query, page)
        return page

    def download(self, item: StockItem, stem: Path) -> SavedMedia:
        """The item's file at `stem` + its extension."""
        return download_item(self.http, item, stem)

    def _fetch(self, query: StockQuery, cancelled: Cancelled | None) -> StockPage:  # pragma: no cover - vendors
        raise NotImplementedError


class SearchCache:
    """Pages by (source, query) for `ttl` seconds, at most `max_entries` (oldest dropped). Thread-safe."""

    def __init__(self, ttl: float, *, max_entries: int = 512, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._pages: OrderedDict[tuple[str, StockQuery], tuple[float, StockPage]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, source: str, query: StockQuery) -> StockPage | None:
        """The cached page, marked `cached=True`, or None when absent or expired."""
        with self._lock:
            entry = self._pages.get((source, query))
            if entry is None:
                return None
            if self._clock() - entry[0] > self.ttl:
                del self._pages[(source, query)]
                return None
            page = entry[1]
        return StockPage(page.source, page.items, page.page, page.per_page, page.total, page.has_more, True,
                         page.notes)

    def put(self, source: str, query: StockQuery, page: StockPage) -> None:
        """Remember `page` (a TTL of 0 disables the cache)."""
        if self.ttl <= 0:
            return
        with self._lock:
            self._pages[(source, query)] = (self._clock(), page)
            self._pages.move_to_end((source, query))
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)
