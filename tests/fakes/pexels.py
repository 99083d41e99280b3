"""Pexels fake (providers.md §7 checklist): the raw key in `Authorization` (`Bearer …` or none → 401),
`/v1/search` and `/v1/videos/search` with `page`/`per_page` (≤ 80) and absolute `next_page`/`prev_page`,
the monthly `X-Ratelimit-*` headers decrementing on every 2xx, 429 once the remaining count hits 0 (until
the window resets), 400 when `query` is missing. Results are made up from the query (page slug = query
words), `total` per query; `orientation` and `size` are honoured; files are served by the fake itself
(`/photos/<id>.png`, `/video-files/<id>.mp4`: tiny but valid). Faults: "rate_limit" (429 + Retry-After: 1).
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlencode

from .base import FakeServer, Received, Reply
from .media import DURATIONS, catalogue_id, catalogue_words, mp4_bytes, png_bytes

_SHAPES = {"landscape": (1920, 1080), "portrait": (1080, 1920), "square": (1080, 1080)}
_SIZE_SCALE = {"small": 1.0, "medium": 1.0, "large": 2.0}


class PexelsFake(FakeServer):
    key = "pexels-test-key-563492ad6f91"
    vendor = "pexels"

    def __init__(self, *, port: int = 0, total: int = 30, monthly_limit: int = 20_000,
                 window_sec: float = 30 * 86400) -> None:
        super().__init__(port=port)
        self.total = total
        self.monthly_limit = monthly_limit
        self.window_sec = window_sec
        self._remaining = monthly_limit
        self._reset_at = time.time() + window_sec
        self._quota_lock = threading.Lock()

    def handle(self, request: Received) -> Reply:
        if request.path.startswith("/photos/"):
            return Reply(200, png_bytes(48, 32), {"Content-Type": "image/png"})
        if request.path.startswith("/video-files/"):
            return Reply(200, mp4_bytes(64, 48), {"Content-Type": "video/mp4"})
        if request.headers.get("authorization") != self.key:
            return Reply.json(401, {"error": "Authorization field missing or invalid"})
        if self.take_fault("rate_limit"):
            return Reply.json(429, {"error": "Rate limit exceeded"}, {"Retry-After": "1"})
        quota = self._spend()
        if quota is None:
            return Reply.json(429, {"error": "Rate limit exceeded"}, self._rate_headers())
        if request.path not in ("/v1/search", "/v1/videos/search"):
            return Reply.json(404, {"error": "Not Found"})
        params = {k: v[0] for k, v in request.query.items()}
        if not params.get("query"):
            return Reply.json(400, {"error": "query is required"})
        page, per_page = int(params.get("page", 1)), int(params.get("per_page", 15))
        if not 1 <= per_page <= 80 or page < 1:
            return Reply.json(400, {"error": "per_page must be between 1 and 80"})
        videos = request.path == "/v1/videos/search"
        first = (page - 1) * per_page
        indices = range(first, min(first + per_page, self.total))
        items = [self._video(request, params, i) if videos else self._photo(request, params, i) for i in indices]
        base = "/v1/videos/search/" if videos else "/v1/search/"
        body: dict[str, Any] = {"page": page, "per_page": per_page, "total_results": self.total,
                                "videos" if videos else "photos": items}
        if first + per_page < self.total:
            body["next_page"] = self.absolute(request, base + "?" + urlencode({**params, "page": page + 1}))
        if page > 1:
            body["prev_page"] = self.absolute(request, base + "?" + urlencode({**params, "page": page - 1}))
        return Reply.json(200, body, self._rate_headers())

    def _spend(self) -> int | None:
        with self._quota_lock:
            if time.time() >= self._reset_at:
                self._remaining, self._reset_at = self.monthly_limit, time.time() + self.window_sec
            if self._remaining <= 0:
                return None
            self._remaining -= 1
            return self._remaining

    def _rate_headers(self) -> dict[str, str]:
        return {"X-Ratelimit-Limit": str(self.monthly_limit), "X-Ratelimit-Remaining": str(self._remaining),
                "X-Ratelimit-Reset": str(int(self._reset_at + 0.999))}

    @staticmethod
    def _shape(params: dict[str, str], i: int) -> tuple[int, int]:
        orientation = params.get("orientation") or ("landscape", "portrait", "square")[i % 3]
        w, h = _SHAPES[orientation]
        scale = _SIZE_SCALE.get(params.get("size", ""), 1.0)
        return int(w * scale), int(h * scale)

    def _photo(self, request: Received, params: dict[str, str], i: int) -> dict[str, Any]:
        pid, slug = catalogue_id(params["query"], i), catalogue_words(params["query"])
        w, h = self._shape(params, i)
        src = self.absolute(request, f"/photos/{pid}.png")
        return {"id": pid, "width": w * 2, "height": h * 2, "url": f"https://www.pexels.com/photo/{slug}-{pid}/",
                "photographer": f"Photographer {i}", "photographer_url": f"https://www.pexels.com/@p{i}",
                "photographer_id": 1000 + i, "avg_color": "#7E7F7B", "liked": False, "alt": f"{params['query']} {i}",
                "src": {k: f"{src}?v={k}" for k in ("original", "large2x", "large", "medium", "small", "portrait",
                                                     "landscape", "tiny")}}

    def _video(self, request: Received, params: dict[str, str], i: int) -> dict[str, Any]:
        vid, slug = catalogue_id(params["query"], i), catalogue_words(params["query"])
        w, h = self._shape(params, i)
        files = [{"id": vid * 10 + k, "quality": q, "file_type": "video/mp4", "width": int(w * f), "height": int(h * f),
                  "fps": 29.97, "link": self.absolute(request, f"/video-files/{vid}/{q}.mp4")}
                 for k, (q, f) in enumerate((("sd", 0.5), ("hd", 1.0), ("uhd", 2.0)))]
        return {"id": vid, "width": w * 2, "height": h * 2, "duration": DURATIONS[i % len(DURATIONS)],
                "url": f"https://www.pexels.com/video/{slug}-{vid}/",
                "image": self.absolute(request, f"/photos/{vid}.png"),
                "user": {"id": 500 + i, "name": f"Filmmaker {i}", "url": f"https://www.pexels.com/@f{i}"},
                "video_files": files, "video_pictures": [{"id": vid, "nr": 0,
                                                          "picture": self.absolute(request, f"/photos/{vid}.png")}]}
