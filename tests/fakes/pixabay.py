"""Pixabay fake (providers.md §11.3): the key as the `key` query parameter (missing or wrong → plain-text
400), images on `/api/` and videos on `/api/videos/` with `page`/`per_page` (3–200, else 400), `total` and
`totalHits` (≤ 500), `X-RateLimit-Limit/Remaining/Reset` (seconds until reset) on every answer and 429
after `rate_limit` calls in the window. Image `orientation` is honoured; videos alternate landscape,
portrait and square (the real API has no video orientation). Files are served by the fake itself.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from .base import FakeServer, Received, Reply
from .media import DURATIONS, catalogue_id, catalogue_words, mp4_bytes, png_bytes

_SHAPES = {"horizontal": (1920, 1080), "vertical": (1080, 1920), "square": (1080, 1080)}


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, message.encode(), {"Content-Type": "text/plain", **(headers or {})})


class PixabayFake(FakeServer):
    key = "12345678-pixabayfakekey0123456789"
    vendor = "pixabay"

    def __init__(self, *, port: int = 0, total: int = 30, rate_limit: int = 100, window_sec: float = 60.0) -> None:
        super().__init__(port=port)
        self.total = total
        self.rate_limit = rate_limit
        self.window_sec = window_sec
        self._used = 0
        self._window_start = time.monotonic()
        self._rate_lock = threading.Lock()

    def handle(self, request: Received) -> Reply:
        if request.path.startswith("/get/"):
            if request.path.endswith(".mp4"):
                return Reply(200, mp4_bytes(64, 48), {"Content-Type": "video/mp4"})
            return Reply(200, png_bytes(48, 32), {"Content-Type": "image/png"})
        params = {k: v[0] for k, v in request.query.items()}
        if params.get("key") != self.key:
            return _text(400, "[ERROR 400] Invalid or missing API key")
        headers = self._spend()
        if headers is None:
            return _text(429, "[ERROR 429] Too many requests.", self._headers())
        if request.path not in ("/api/", "/api/videos/"):
            return _text(404, "[ERROR 404] Not found")
        page, per_page = int(params.get("page", 1)), int(params.get("per_page", 20))
        if not 3 <= per_page <= 200:
            return _text(400, '[ERROR 400] "per_page" is out of valid range.', headers)
        if len(params.get("q", "")) > 100:
            return _text(400, '[ERROR 400] "q" exceeds the allowed length of 100 characters.', headers)
        hits_cap = min(self.total, 500)
        first = (page - 1) * per_page
        if first >= hits_cap and page > 1:
            return _text(400, '[ERROR 400] "page" is out of valid range.', headers)
        videos = request.path == "/api/videos/"
        hits = [self._video(request, params, i) if videos else self._image(request, params, i)
                for i in range(first, min(first + per_page, hits_cap))]
        return Reply.json(200, {"total": self.total, "totalHits": hits_cap, "hits": hits}, headers)

    def _spend(self) -> dict[str, str] | None:
        with self._rate_lock:
            if time.monotonic() - self._window_start >= self.window_sec:
                self._used, self._window_start = 0, time.monotonic()
            if self._used >= self.rate_limit:
                return None
            self._used += 1
        return self._headers()

    def _headers(self) -> dict[str, str]:
        left = max(0.0, self.window_sec - (time.monotonic() - self._window_start))
        return {"X-RateLimit-Limit": str(self.rate_limit), "X-RateLimit-Remaining": str(self.rate_limit - self._used),
                "X-RateLimit-Reset": str(int(left + 0.999))}

    def _common(self, params: dict[str, str], i: int) -> dict[str, Any]:
        hid, slug = catalogue_id(params.get("q", ""), i), catalogue_words(params.get("q", ""))
        words = slug.split("-")
        return {"id": hid, "pageURL": f"https://pixabay.com/photos/{slug}-{hid}/", "tags": ", ".join(words + ["nature"]),
                "views": 1000 - i, "downloads": 500 - i, "likes": 10, "user_id": 4000 + i, "user": f"creator{i}",
                "userImageURL": ""}

    def _image(self, request: Received, params: dict[str, str], i: int) -> dict[str, Any]:
        hit = self._common(params, i)
        w, h = _SHAPES[params.get("orientation") if params.get("orientation") in _SHAPES else
                       ("horizontal", "vertical", "square")[i % 3]]
        url = self.absolute(request, f"/get/{hit['id']}_1280.png")
        return {**hit, "type": "photo", "previewURL": url, "webformatURL": url, "largeImageURL": url,
                "imageWidth": w * 2, "imageHeight": h * 2}

    def _video(self, request: Received, params: dict[str, str], i: int) -> dict[str, Any]:
        hit = self._common(params, i)
        w, h = _SHAPES[("horizontal", "vertical", "square")[i % 3]]
        renditions = {name: {"url": self.absolute(request, f"/get/{hit['id']}_{name}.mp4") if name != "large" else "",
                             "width": int(w * f), "height": int(h * f), "size": 100_000,
                             "thumbnail": self.absolute(request, f"/get/{hit['id']}_{name}.png")}
                      for name, f in (("large", 2.0), ("medium", 1.0), ("small", 2 / 3), ("tiny", 1 / 3))}
        return {**hit, "type": "film", "duration": DURATIONS[i % len(DURATIONS)], "videos": renditions}
