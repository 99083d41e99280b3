"""Jamendo API v3.0 fake (providers.md §9.2): `client_id` in the query (else the `code 5` failure document,
HTTP 200 as Jamendo does); `GET /v3.0/tracks/` honouring `search`, `tags` (all must match), `fuzzytags` (any),
`speed`, `durationbetween`, `id`, `limit` (≤ 200) / `offset`, `fullcount`; `GET /v3.0/tracks/file/?action=download`
→ 302 to the file on `delivery_host` (404 when `audiodownload_allowed` is false). Files are real MP3s.

Faults (`inject`): "rate_limit" (code 6 document), "bad_param" (code 3 document).
"""

from __future__ import annotations

from typing import Any

from .base import FakeServer, Received, Reply
from .media import music_mp3
from .music_catalogue import CATALOGUE, Track, words

#: Jamendo speed band of a BPM (the fake's own rule).
_SPEED = ((80, "verylow"), (100, "low"), (120, "medium"), (140, "high"), (10_000, "veryhigh"))


def _speed(bpm: int) -> str:
    return next(name for limit, name in _SPEED if bpm < limit)


def _failure(code: int, message: str) -> Reply:
    return Reply.json(200, {"headers": {"status": "failed", "code": code, "error_message": message, "warnings": "",
                                        "results_count": 0}, "results": []})


class JamendoFake(FakeServer):
    key = "jamendo-test-client"
    vendor = "jamendo"

    def __init__(self, *, port: int = 0, delivery_host: str = "localhost") -> None:
        super().__init__(port=port)
        self.delivery_host = delivery_host

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v3.0"

    @property
    def delivery_origins(self) -> tuple[str, ...]:
        return (f"{self.delivery_host}:{self.port}",)

    def _file_url(self, kind: str, track: Track) -> str:
        return f"http://{self.delivery_host}:{self.port}/{kind}/{track.id}.mp3"

    def handle(self, request: Received) -> Reply:
        if request.path.startswith(("/files/", "/stream/")):
            return Reply(200, music_mp3(4.0, bpm=120.0), {"Content-Type": "audio/mpeg"})
        q = {k: v[-1] for k, v in request.query.items()}
        if q.get("client_id") != self.key:
            return _failure(5, "Invalid client id")
        fault = self.take_fault("rate_limit", "bad_param")
        if fault == "rate_limit":
            return _failure(6, "Rate limit exceeded")
        if fault == "bad_param":
            return _failure(3, "Invalid parameter type")
        if request.path == "/v3.0/tracks/file/":
            track = next((t for t in CATALOGUE if str(t.id) == q.get("id")), None)
            if track is None or not track.downloadable or q.get("action") != "download":
                return Reply.json(404, {"error": "not found"})
            return Reply(302, b"", {"Location": self._file_url("files", track)})
        if request.path == "/v3.0/tracks/":
            return self._tracks(q)
        return _failure(7, "Method not found")

    def _tracks(self, q: dict[str, str]) -> Reply:
        try:
            limit, offset = int(q.get("limit", 10)), int(q.get("offset", 0))
        except ValueError:
            return _failure(3, "limit and offset are integers")
        if not 1 <= limit <= 200:
            return _failure(3, "limit must be between 1 and 200")
        found = list(CATALOGUE)
        if "id" in q:
            found = [t for t in found if str(t.id) == q["id"]]
        if q.get("search"):
            found = [t for t in found if all(w in words(t) for w in q["search"].lower().split())]
        if q.get("tags"):
            found = [t for t in found if all(tag in (t.genre, t.mood) for tag in q["tags"].replace("+", " ").split())]
        if q.get("fuzzytags"):
            found = [t for t in found if any(tag in (t.genre, t.mood) for tag in q["fuzzytags"].replace("+", " ").split())]
        if q.get("speed"):
            found = [t for t in found if _speed(t.bpm) in q["speed"].replace("+", " ").split()]
        if q.get("durationbetween"):
            low, high = (int(v) for v in q["durationbetween"].split("_"))
            found = [t for t in found if low <= t.duration <= high]
        page = found[offset:offset + limit]
        headers: dict[str, Any] = {"status": "success", "code": 0, "error_message": "", "warnings": "",
                                   "results_count": len(page)}
        if q.get("fullcount") == "true":
            headers["results_fullcount"] = len(found)
        return Reply.json(200, {"headers": headers, "results": [self._result(t) for t in page]})

    def _result(self, t: Track) -> dict[str, Any]:
        return {"id": str(t.id), "name": t.name, "duration": t.duration, "artist_id": "77", "artist_name": t.artist,
                "album_name": "Fakes", "album_id": "400", "license_ccurl": t.licence, "releasedate": "2021-05-14",
                "audio": self._file_url("stream", t),
                "audiodownload": self._file_url("files", t) if t.downloadable else "",
                "audiodownload_allowed": t.downloadable, "shareurl": f"https://www.jamendo.com/track/{t.id}",
                "musicinfo": {"vocalinstrumental": "instrumental", "speed": _speed(t.bpm),
                              "tags": {"genres": [t.genre], "instruments": ["synthesizer"], "vartags": [t.mood]}}}
