"""GIPHY search (providers.md §11.2): `GET /v1/gifs/search` (or `/v1/stickers/search`) and `GET /v1/gifs/{id}`.

The key travels as the `api_key` query parameter, as GIPHY's API requires (scrubbed from every message).
`limit` ≤ 50 (beta keys), `offset` ≤ 4999, `rating` g|pg|pg-13|r. Numbers inside `images` are strings.
Errors are JSON with `meta.msg` (401/403 a bad key, 429 "API rate limit exceeded"). Compositing reads the
`mp4` rendition (smaller and exact frame timing); "Powered by GIPHY" is the attribution GIPHY requires.
Searches are cached per query (`STOCK_CACHE_TTL_SEC`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from media_service.media import MediaKind

from .errors import ProviderRejectedError
from .http import Cancelled, ProviderHttp, SavedMedia, VendorError
from .memes import MAX_BYTES, MemePage, MemeTemplate, TtlCache, json_body

__all__ = ["GiphySearch", "read_giphy_error"]

CREDIT = "Powered by GIPHY"


def read_giphy_error(response: httpx.Response) -> VendorError:
    """`meta.msg` (or `message`) of GIPHY's JSON error; 401/403 are the key's fault."""
    body = json_body(response)
    meta = body.get("meta")
    message = meta.get("msg") if isinstance(meta, dict) else None
    if message is None:
        message = body.get("message")
    retry = response.headers.get("retry-after")
    return VendorError(str(message or response.reason_phrase), auth=response.status_code in (401, 403),
                       retry_after=float(retry) if retry and retry.isdigit() else None)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class GiphySearch:
    """GIPHY GIFs and stickers, with a per-query cache."""

    name = "giphy"

    def __init__(self, http: ProviderHttp, *, key: str, cache: TtlCache[MemePage]) -> None:
        self.http = http
        self._key = key
        self._cache = cache

    def search(self, query: str, *, limit: int, offset: int, rating: str | None = "g", stickers: bool = False,
               cancelled: Cancelled | None = None) -> MemePage:
        """One page of GIFs (or stickers) for `query` (trending when empty)."""
        kind = "stickers" if stickers else "gifs"
        key = ("giphy", kind, query, limit, offset, rating)
        cached = self._cache.get(key)
        if cached is not None:
            return MemePage(cached.source, cached.items, cached.offset, cached.total, True)
        params: dict[str, Any] = {"api_key": self._key, "limit": min(max(limit, 1), 50), "offset": min(offset, 4999)}
        if rating:
            params["rating"] = rating
        if query.strip():
            path = f"v1/{kind}/search?{urlencode({**params, 'q': query[:50], 'lang': 'en'})}"
        else:
            path = f"v1/{kind}/trending?{urlencode(params)}"
        body = self.http.send("GET", path, cancelled=cancelled).json()
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            raise ProviderRejectedError("giphy answered without data", provider=self.name, reason="invalid_response")
        items = tuple(i for i in (self._item(d) for d in data if isinstance(d, dict)) if i is not None)
        pagination = body.get("pagination") or {}
        page = MemePage(self.name, items, _int(pagination.get("offset")) or offset,
                        _int(pagination.get("total_count")) or len(items))
        self._cache.put(key, page)
        return page

    def get(self, item_id: str, *, cancelled: Cancelled | None = None) -> MemeTemplate:
        """One GIF by its GIPHY id."""
        body = self.http.send("GET", f"v1/gifs/{quote(item_id, safe='')}?{urlencode({'api_key': self._key})}",
                              cancelled=cancelled).json()
        data = body.get("data") if isinstance(body, dict) else None
        item = self._item(data) if isinstance(data, dict) and data else None
        if item is None:
            raise ProviderRejectedError(f"giphy has no GIF {item_id!r}", provider=self.name, status_code=404)
        return item

    def download(self, item: MemeTemplate, stem: Path, *, video: bool = True) -> SavedMedia:
        """The MP4 rendition when asked and offered, else the GIF."""
        if video and item.mp4_url:
            return self.http.download(item.mp4_url, stem, accept={MediaKind.VIDEO}, max_bytes=MAX_BYTES)
        return self.http.download(item.url, stem, accept={MediaKind.IMAGE, MediaKind.VIDEO}, max_bytes=MAX_BYTES)

    def _item(self, d: dict[str, Any]) -> MemeTemplate | None:
        images = d.get("images") or {}
        original = images.get("original") or {}
        if not d.get("id") or not original.get("url"):
            return None
        mp4 = original.get("mp4") or (images.get("original_mp4") or {}).get("mp4")
        preview = (images.get("fixed_height") or {}).get("url") or original["url"]
        return MemeTemplate(f"giphy:{d['id']}", self.name, str(d.get("title") or d["id"]), str(original["url"]),
                            _int(original.get("width")), _int(original.get("height")), 2, True,
                            str(mp4) if mp4 else None, str(preview), str(d.get("url") or "") or None, CREDIT,
                            str(d.get("rating") or "") or None)
