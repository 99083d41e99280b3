"""Meme template sources (providers.md §11): what `/visuals/meme` and `/visuals/meme/search` ask of Imgflip and
GIPHY, and the per-query cache both share.

A `MemeTemplate` is a picture (still, or an animation with an MP4 rendition) with its size, the number of
text boxes its source suggests, and the credit its terms ask for. Drawing the text is always local (the
scene engine), except Imgflip's own `caption_image`, which a request asks for by name.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import httpx

from .http import Cancelled, SavedMedia

__all__ = ["MAX_BYTES", "MemePage", "MemeSource", "MemeTemplate", "TtlCache", "json_body"]

V = TypeVar("V")
MAX_BYTES = 50 * 1024 * 1024  # a template picture, GIF or MP4 rendition


def json_body(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a vendor's answer, or {} when it is not one (an error page, an empty body)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@dataclass(frozen=True, slots=True)
class MemeTemplate:
    """A template or GIF as its source lists it; `animated` ones have `mp4_url` when the source offers one."""

    id: str  # "imgflip:181913649", "giphy:3o7btPCcdNniyf0ArS"
    source: str
    name: str
    url: str
    width: int
    height: int
    box_count: int
    animated: bool
    mp4_url: str | None
    preview_url: str | None
    source_page: str | None
    attribution: str
    rating: str | None = None


@dataclass(frozen=True, slots=True)
class MemePage:
    """One page of a search, newest call or from the cache."""

    source: str
    items: tuple[MemeTemplate, ...]
    offset: int
    total: int
    cached: bool = False


class MemeSource(Protocol):
    """Imgflip or GIPHY."""

    name: str

    def search(self, query: str, *, limit: int, offset: int, rating: str | None, stickers: bool = False,
               cancelled: Cancelled | None = None) -> MemePage:
        """Templates or GIFs (stickers: transparent ones, where the source has them) matching `query` (empty:
        the popular ones)."""
        ...

    def get(self, item_id: str, *, cancelled: Cancelled | None = None) -> MemeTemplate:
        """One item by the id after the source's prefix; ProviderRejectedError (404) when it does not exist."""
        ...

    def download(self, item: MemeTemplate, stem: Path, *, video: bool) -> SavedMedia:
        """The item's picture (or its MP4 rendition when `video`), checked by its magic bytes."""
        ...


class TtlCache(Generic[V]):
    """Values by key for `ttl` seconds, at most `max_entries` (oldest dropped). Thread-safe; TTL 0 disables it."""

    def __init__(self, ttl: float, *, max_entries: int = 256, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._values: OrderedDict[tuple[object, ...], tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> V | None:
        """The value, or None when absent or expired."""
        with self._lock:
            entry = self._values.get(key)
            if entry is None or self._clock() - entry[0] > self.ttl:
                self._values.pop(key, None)
                return None
            return entry[1]

    def put(self, key: tuple[object, ...], value: V) -> None:
        """Remember `value` under `key`."""
        if self.ttl <= 0:
            return
        with self._lock:
            self._values[key] = (self._clock(), value)
            self._values.move_to_end(key)
            while len(self._values) > self.max_entries:
                self._values.popitem(last=False)
