"""GIPHY fake (providers.md §11.2): the key as the `api_key` query parameter (wrong or missing → 401 with
`meta.msg`); `GET /v1/gifs/search` and `/v1/stickers/search` (`q` required, else 400; `limit` 1–50, `offset`
≤ 4999) and `/trending`, with `pagination`; `GET /v1/gifs/{id}` (404 for an unknown id). Numbers inside
`images` are strings, as GIPHY sends them. The GIF and its MP4 rendition are served on `delivery_host`
(media.giphy.com's stand-in).

Faults (`inject`): "rate_limit" (429 with `meta.status` 429 "API rate limit exceeded").
"""

from __future__ import annotations

from typing import Any

from .base import FakeServer, Received, Reply
from .media import catalogue_words, gif_bytes, mp4_bytes

_W, _H, _FRAMES = 96, 64, 10


def _meta(status: int, msg: str) -> dict[str, Any]:
    return {"status": status, "msg": msg, "response_id": "fake0000"}


class GiphyFake(FakeServer):
    key = "giphy-test-key-0123456789"
    vendor = "giphy"

    def __init__(self, *, port: int = 0, total: int = 12, delivery_host: str = "localhost") -> None:
        super().__init__(port=port)
        self.total = total
        self.delivery_host = delivery_host

    @property
    def delivery_origins(self) -> tuple[str, ...]:
        return (f"{self.delivery_host}:{self.port}",)

    def handle(self, request: Received) -> Reply:
        if request.path.startswith("/media/"):
            if request.path.endswith(".mp4"):
                return Reply(200, mp4_bytes(_W, _H, 1.0, fps=10, audio=False), {"Content-Type": "video/mp4"})
            return Reply(200, gif_bytes(_W, _H, _FRAMES), {"Content-Type": "image/gif"})
        q = {k: v[-1] for k, v in request.query.items()}
        if q.get("api_key") != self.key:
            return Reply.json(401, {"data": [], "meta": _meta(401, "Unauthorized")})
        if self.take_fault("rate_limit"):
            return Reply.json(429, {"data": [], "meta": _meta(429, "API rate limit exceeded")})
        parts = request.path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "v1" and parts[1] in ("gifs", "stickers") and parts[2] in ("search",
                                                                                                    "trending"):
            return self._page(parts[1], parts[2], q)
        if len(parts) == 3 and parts[:2] == ["v1", "gifs"]:
            index = int(parts[2].removeprefix("fakegif")) if parts[2].startswith("fakegif") and \
                parts[2].removeprefix("fakegif").isdigit() else -1
            if not 0 <= index < self.total:
                return Reply.json(404, {"data": {}, "meta": _meta(404, "Not Found")})
            return Reply.json(200, {"data": self._gif(index, "gifs", "funny"), "meta": _meta(200, "OK")})
        return Reply.json(404, {"data": [], "meta": _meta(404, "Not Found")})

    def _page(self, kind: str, route: str, q: dict[str, str]) -> Reply:
        if route == "search" and not q.get("q", "").strip():
            return Reply.json(400, {"data": [], "meta": _meta(400, "Validation error: q is required")})
        limit, offset = int(q.get("limit", 25)), int(q.get("offset", 0))
        if not 1 <= limit <= 50 or not 0 <= offset <= 4999:
            return Reply.json(400, {"data": [], "meta": _meta(400, "Validation error: limit or offset")})
        words = catalogue_words(q.get("q", "trending"))
        data = [self._gif(i, kind, words) for i in range(offset, min(offset + limit, self.total))]
        return Reply.json(200, {"data": data, "pagination": {"total_count": self.total, "count": len(data),
                                                             "offset": offset}, "meta": _meta(200, "OK")})

    def _gif(self, i: int, kind: str, words: str) -> dict[str, Any]:
        gid = f"fakegif{i}"
        media = f"http://{self.delivery_host}:{self.port}/media/{gid}"
        original = {"url": f"{media}/giphy.gif", "width": str(_W), "height": str(_H), "mp4": f"{media}/giphy.mp4",
                    "size": str(len(gif_bytes(_W, _H, _FRAMES))), "frames": str(_FRAMES)}
        return {"type": "sticker" if kind == "stickers" else "gif", "id": gid,
                "url": f"https://giphy.com/gifs/{words}-{gid}", "title": f"{words.replace('-', ' ')} GIF {i}",
                "rating": "g", "images": {"original": original,
                                          "fixed_height": {"url": f"{media}/200.gif", "width": "150", "height": "100"},
                                          "original_mp4": {"mp4": f"{media}/giphy.mp4", "width": str(_W),
                                                           "height": str(_H)}}}
