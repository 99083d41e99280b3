"""Freesound API v2 fake (providers.md §9.1): `Authorization: Token <key>` or `?token=` (else 401 {"detail"});
`GET /apiv2/search/` with `query`, `filter` (`duration:[a TO b]`, `tag:"x"` or `tag:x`, `ac_tempo:[a TO b]`;
anything else → 400), only the requested `fields`, `page`/`page_size` (≤ 150) and an absolute `next`;
`GET /apiv2/sounds/{id}/`; `/download/` → 401 without an OAuth Bearer token; public HQ/LQ MP3 previews on
`delivery_host` (no auth).

Faults (`inject`): "rate_limit" (429 "Expected available in 1 seconds." with Retry-After: 1).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from .base import FakeServer, Received, Reply
from .media import music_mp3
from .music_catalogue import CATALOGUE, Track, words

_TERM = re.compile(r'(\w+):(\[[^\]]*\]|"[^"]*"|\S+)')


class FreesoundFake(FakeServer):
    key = "freesound-test-key"
    vendor = "freesound"

    def __init__(self, *, port: int = 0, delivery_host: str = "localhost") -> None:
        super().__init__(port=port)
        self.delivery_host = delivery_host

    @property
    def base_url(self) -> str:
        return f"{self.origin}/apiv2"

    @property
    def delivery_origins(self) -> tuple[str, ...]:
        return (f"{self.delivery_host}:{self.port}",)

    def handle(self, request: Received) -> Reply:
        if request.path.startswith("/previews/"):
            return Reply(200, music_mp3(3.0, bpm=100.0, tone_hz=440.0), {"Content-Type": "audio/mpeg"})
        q = {k: v[-1] for k, v in request.query.items()}
        if request.path.endswith("/download/") and not request.headers.get("authorization", "").startswith("Bearer "):
            return Reply.json(401, {"detail": "Authentication credentials were not provided (OAuth2 required)."})
        if request.headers.get("authorization") != f"Token {self.key}" and q.get("token") != self.key:
            return Reply.json(401, {"detail": "Invalid token."})
        if self.take_fault("rate_limit"):
            return Reply.json(429, {"detail": "Request was throttled. Expected available in 1 seconds."},
                              {"Retry-After": "1"})
        parts = request.path.strip("/").split("/")
        if parts == ["apiv2", "search"]:
            return self._search(request, q)
        if len(parts) == 3 and parts[:2] == ["apiv2", "sounds"]:
            track = next((t for t in CATALOGUE if str(t.id) == parts[2]), None)
            if track is None:
                return Reply.json(404, {"detail": "Not found."})
            return Reply.json(200, self._sound(track, q.get("fields")))
        return Reply.json(404, {"detail": "Not found."})

    def _search(self, request: Received, q: dict[str, str]) -> Reply:
        found = [t for t in CATALOGUE if all(w in words(t) for w in q.get("query", "").lower().split())]
        rest = q.get("filter", "")
        for name, value in _TERM.findall(rest):
            rest = rest.replace(f"{name}:{value}", "", 1)
            if name in ("duration", "ac_tempo") and value.startswith("["):
                low, _, high = value[1:-1].partition(" TO ")
                try:
                    lo, hi = float(low), float("inf") if high.strip() == "*" else float(high)
                except ValueError:
                    return Reply.json(400, {"detail": f"Invalid filter: {name}:{value}"})
                found = [t for t in found if lo <= (t.duration if name == "duration" else t.bpm) <= hi]
            elif name == "tag":
                tag = value.strip('"')
                found = [t for t in found if tag in (t.genre, t.mood)]
            else:
                return Reply.json(400, {"detail": f"Invalid filter field: {name}"})
        if rest.strip():
            return Reply.json(400, {"detail": f"Invalid filter: {rest.strip()}"})
        size, page = int(q.get("page_size", 15)), int(q.get("page", 1))
        if not 1 <= size <= 150 or page < 1:
            return Reply.json(400, {"detail": "page_size must be 1-150 and page at least 1"})
        chunk = found[(page - 1) * size:page * size]
        more = page * size < len(found)
        nxt = self.absolute(request, f"/apiv2/search/?{urlencode({**q, 'page': page + 1})}") if more else None
        return Reply.json(200, {"count": len(found), "next": nxt, "previous": None,
                                "results": [self._sound(t, q.get("fields")) for t in chunk]})

    def _sound(self, t: Track, fields: str | None) -> dict[str, Any]:
        preview = f"http://{self.delivery_host}:{self.port}/previews/{t.id % 100}/{t.id}_77"
        full: dict[str, Any] = {
            "id": t.id, "url": f"https://freesound.org/people/{t.artist.replace(' ', '')}/sounds/{t.id}/",
            "name": f"{t.name}.wav", "tags": [t.genre, t.mood, "loop"], "description": "", "license": t.licence,
            "type": "wav", "channels": 2, "duration": float(t.duration), "username": t.artist.replace(" ", ""),
            "ac_tempo": t.bpm, "download": f"https://freesound.org/apiv2/sounds/{t.id}/download/",
            "previews": {"preview-hq-mp3": f"{preview}-hq.mp3", "preview-lq-mp3": f"{preview}-lq.mp3",
                         "preview-hq-ogg": f"{preview}-hq.ogg", "preview-lq-ogg": f"{preview}-lq.ogg"}}
        if not fields:
            return full
        return {k: v for k, v in full.items() if k in fields.split(",")}
