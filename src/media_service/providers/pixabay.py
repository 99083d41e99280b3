"""Pixabay image and video search as a `StockSource` (providers.md §11.3).

`GET /api/?key=..&q=..` (images) and `GET /api/videos/?key=..&q=..`: the key travels as a query parameter
(scrubbed from every message). `q` is cut to 100 characters; `per_page` is 3–200; `orientation`
horizontal|vertical (images only; video orientation and squares are filtered locally); `size` maps to
`min_width` (`min_height` for portrait); `colors` takes Pixabay's colour names. `totalHits` (≤ 500) caps
what can be paged. Errors are plain text (`[ERROR 400] "key" is a required parameter.`); a 429 waits
`X-RateLimit-Reset` seconds. Licence: the Pixabay Content License (credit appreciated, not required; the
API terms ask to show where the pictures come from). Image URLs are temporary: download, don't hot-link.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx

from .errors import ProviderRejectedError
from .http import Cancelled, ProviderHttp, VendorError
from .stock import SearchCache, StockItem, StockPage, StockQuery, StockSearchBase, fits_query, pick_rendition

__all__ = ["PixabayStock", "read_pixabay_error"]

LICENCE = "Pixabay Content License"
LICENCE_URL = "https://pixabay.com/service/license-summary/"
COLOURS = frozenset({"grayscale", "transparent", "red", "orange", "yellow", "green", "turquoise", "blue", "lilac",
                     "pink", "white", "gray", "black", "brown"})
_ALIASES = {"violet": "lilac", "purple": "lilac", "grey": "gray"}
_ORIENTATION = {"landscape": "horizontal", "portrait": "vertical"}
# size → the long side asked for: photos small ≥ 4 MP, medium ≥ 12 MP, large ≥ 24 MP; videos HD / Full HD / 4K
_MIN_SIDE = {"photo": {"small": 2400, "medium": 4200, "large": 6000},
             "video": {"small": 1280, "medium": 1920, "large": 3840}}
_RENDITIONS = ("large", "medium", "small", "tiny")


def read_pixabay_error(response: httpx.Response) -> VendorError:
    """Plain text bodies (a wrong key is a 400 "Invalid or missing API key": an auth failure); a 429's `X-RateLimit-Reset` is the number of seconds until the window resets."""
    reset = response.headers.get("x-ratelimit-reset")
    retry_after = float(reset) if response.status_code == 429 and reset and reset.isdigit() else None
    text = response.text[:300] or response.reason_phrase
    return VendorError(text, retry_after=retry_after, auth="api key" in text.lower())


class PixabayStock(StockSearchBase):
    """Pixabay search with a per-query cache."""

    name = "pixabay"

    def __init__(self, http: ProviderHttp, *, key: str, cache: SearchCache, max_side: int = 1920) -> None:
        super().__init__(http, cache=cache, max_side=max_side)
        self._key = key

    def _fetch(self, query: StockQuery, cancelled: Cancelled | None) -> StockPage:
        """One page from Pixabay, normalised and locally filtered."""
        params: dict[str, Any] = {"key": self._key, "q": query.query[:100], "page": query.page,
                                  "per_page": min(max(query.per_page, 3), 200), "safesearch": "true"}
        notes: list[str] = []
        if query.kind == "photo" and query.orientation in _ORIENTATION:
            params["orientation"] = _ORIENTATION[query.orientation]
        if query.size:
            side = "min_height" if query.orientation == "portrait" else "min_width"
            params[side] = _MIN_SIDE[query.kind][query.size]
        if query.color and query.kind == "photo":
            colour = _ALIASES.get(query.color.lower(), query.color.lower())
            if colour in COLOURS:
                params["colors"] = colour
            else:
                notes.append(f"pixabay: colour {query.color!r} is not one of its colour names; ignored")
        elif query.color:
            notes.append("pixabay: colour filters photos only; ignored for videos")
        path = "api/" if query.kind == "photo" else "api/videos/"
        body = self.http.send("GET", f"{path}?{urlencode(params)}", cancelled=cancelled).json()
        hits = body.get("hits") if isinstance(body, dict) else None
        if not isinstance(hits, list):
            raise ProviderRejectedError("pixabay answered without hits", provider=self.name, reason="invalid_response")
        items = [self._photo(h) if query.kind == "photo" else self._video(h) for h in hits]
        kept = tuple(i for i in items if i is not None and fits_query(i, query))
        total_hits = int(body.get("totalHits") or 0)
        page = StockPage(self.name, kept, query.page, int(params["per_page"]), int(body.get("total") or total_hits),
                         query.page * int(params["per_page"]) < total_hits, False, tuple(notes))
        return page

    def _photo(self, h: dict[str, Any]) -> StockItem | None:
        url = h.get("largeImageURL") or h.get("webformatURL")
        if not url:
            return None
        return self._item(h, "photo", url, str(h.get("previewURL") or url), int(h.get("imageWidth") or 0),
                          int(h.get("imageHeight") or 0), None)

    def _video(self, h: dict[str, Any]) -> StockItem | None:
        renditions = [r for name in _RENDITIONS if (r := (h.get("videos") or {}).get(name)) and r.get("url")
                      and r.get("width") and r.get("height")]
        if not renditions:
            return None
        chosen = pick_rendition(renditions, self.max_side)
        return self._item(h, "video", chosen["url"], str(chosen.get("thumbnail") or ""), int(chosen["width"]),
                          int(chosen["height"]), float(h.get("duration") or 0))

    def _item(self, h: dict[str, Any], kind: str, url: str, preview: str, width: int, height: int,
              duration: float | None) -> StockItem:
        author = str(h.get("user") or "unknown")
        user_url = f"https://pixabay.com/users/{author}-{h['user_id']}/" if h.get("user_id") else None
        tags = tuple(t.strip().lower() for t in str(h.get("tags") or "").split(",") if t.strip())
        word = "Photo" if kind == "photo" else "Video"
        return StockItem(f"pixabay:{kind}:{h['id']}", self.name, "photo" if kind == "photo" else "video", url, preview,
                         width, height, duration, author, user_url, LICENCE, LICENCE_URL, str(h.get("pageURL") or ""),
                         f"{word} by {author} from Pixabay", tags)
