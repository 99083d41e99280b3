"""Pexels photo and video search as a `StockSource` (providers.md §7).

`GET /v1/search` (photos) and `GET /v1/videos/search` with the raw key in `Authorization` (no Bearer):
`query`, `orientation`, `size`, `color` (photos), `page`, `per_page` (≤ 80). `next_page` (absolute, absent
on the last page) says whether there is more. A video's file is the mp4 rendition whose long side is the
smallest at or above `max_side` (else the largest); photos use `src.large2x`. A 429 (hourly or monthly cap)
waits `Retry-After` when sent, else until `X-Ratelimit-Reset` — which, past the shared policy's longest
wait, fails at once with the delay. Licence: the Pexels License; credit "Photo/Video by <author> on Pexels".
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

import httpx

from .errors import ProviderRejectedError
from .http import Cancelled, VendorError
from .stock import StockItem, StockPage, StockQuery, StockSearchBase, fits_query, pick_rendition

__all__ = ["PexelsStock", "read_pexels_error"]

LICENCE = "Pexels License"
LICENCE_URL = "https://www.pexels.com/license/"
_MAX_PER_PAGE = 80


def read_pexels_error(response: httpx.Response) -> VendorError:
    """`{"error": "..."}` (or plain text); a 429 without Retry-After waits until `X-Ratelimit-Reset`."""
    try:
        body = response.json()
        message = str(body.get("error") or body.get("code") or body) if isinstance(body, dict) else str(body)
    except ValueError:
        message = response.text[:300] or response.reason_phrase
    retry_after = None
    reset = response.headers.get("x-ratelimit-reset")
    if response.status_code == 429 and reset and reset.isdigit():
        retry_after = max(0.0, int(reset) - time.time())
    return VendorError(message, retry_after=retry_after)


class PexelsStock(StockSearchBase):
    """Pexels search with a per-query cache."""

    name = "pexels"

    def _fetch(self, query: StockQuery, cancelled: Cancelled | None) -> StockPage:
        """One page from Pexels, normalised and locally filtered."""
        params: dict[str, Any] = {"query": query.query, "page": query.page,
                                  "per_page": min(query.per_page, _MAX_PER_PAGE)}
        if query.orientation:
            params["orientation"] = query.orientation
        if query.size:
            params["size"] = query.size
        notes: list[str] = []
        if query.color and query.kind == "photo":
            params["color"] = query.color.lstrip("#")
        elif query.color:
            notes.append("pexels: colour filters photos only; ignored for videos")
        path = "v1/search" if query.kind == "photo" else "v1/videos/search"
        body = self.http.send("GET", f"{path}?{urlencode(params)}", cancelled=cancelled).json()
        raw = body.get("photos" if query.kind == "photo" else "videos")
        if not isinstance(raw, list):
            raise ProviderRejectedError("pexels answered without results", provider=self.name,
                                        reason="invalid_response")
        items = [self._photo(x) if query.kind == "photo" else self._video(x) for x in raw]
        kept = tuple(i for i in items if i is not None and fits_query(i, query))
        page = StockPage(self.name, kept, int(body.get("page", query.page)), int(body.get("per_page", query.per_page)),
                         int(body.get("total_results", len(kept))), bool(body.get("next_page")), False, tuple(notes))
        return page

    def _photo(self, p: dict[str, Any]) -> StockItem | None:
        src = p.get("src") or {}
        url = src.get("large2x") or src.get("original")
        if not url:
            return None
        author = str(p.get("photographer") or "unknown")
        return StockItem(f"pexels:photo:{p['id']}", self.name, "photo", url, src.get("medium") or src.get("tiny") or url,
                         int(p.get("width") or 0), int(p.get("height") or 0), None, author,
                         p.get("photographer_url"), LICENCE, LICENCE_URL, str(p.get("url") or ""),
                         f"Photo by {author} on Pexels", _slug_words(str(p.get("url") or ""), p.get("alt")))

    def _video(self, v: dict[str, Any]) -> StockItem | None:
        files = [f for f in v.get("video_files") or [] if f.get("link") and f.get("file_type") == "video/mp4"
                 and f.get("width") and f.get("height")]
        if not files:
            return None
        chosen = pick_rendition(files, self.max_side)
        user = v.get("user") or {}
        author = str(user.get("name") or "unknown")
        return StockItem(f"pexels:video:{v['id']}", self.name, "video", chosen["link"], str(v.get("image") or ""),
                         int(chosen["width"]), int(chosen["height"]), float(v.get("duration") or 0), author,
                         user.get("url"), LICENCE, LICENCE_URL, str(v.get("url") or ""),
                         f"Video by {author} on Pexels", _slug_words(str(v.get("url") or ""), None))


def _slug_words(page_url: str, alt: Any) -> tuple[str, ...]:
    """Words from the page slug (`/video/ocean-waves-1448735/`) and the alt text: Pexels has no tags."""
    slug = page_url.rstrip("/").rsplit("/", 1)[-1]
    words = [w for w in slug.split("-") if w and not w.isdigit()]
    if isinstance(alt, str):
        words += alt.lower().split()
    return tuple(dict.fromkeys(w.strip(".,").lower() for w in words if w.strip(".,")))
