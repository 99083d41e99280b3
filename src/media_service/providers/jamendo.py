"""Jamendo API v3.0 as a `MusicSource` (providers.md §9.2): `client_id` in the query (Jamendo has no header
auth), errors inside `headers` with HTTP 200 (code 5 bad client id, 6 rate limit, 3/4/8 bad parameters).

Filters: `search` (words), `tags` (genre: all must match), `fuzzytags` (mood: any), `durationbetween=a_b`,
`speed` for a BPM range (Jamendo has no BPM: verylow < 80 ≤ low < 100 ≤ medium < 120 ≤ high < 140 ≤ veryhigh,
every band the range touches), `limit`/`offset`, `fullcount=true` for the total. Every result carries
`license_ccurl`; downloads use `tracks/file/?action=download` (a redirect to the file) only when
`audiodownload_allowed`, else the streamed `audio` (96 kbps MP3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from media_service.media import MediaKind

from .errors import ProviderAuthError, ProviderRejectedError, ProviderRetryableError
from .http import ProviderHttp, SavedMedia, VendorError
from .music import MusicItem, MusicPage, MusicQuery, attribution_line, licence_from_url

__all__ = ["JamendoMusic", "SPEEDS", "read_jamendo_error", "speeds_for"]

#: Jamendo speed bands and the BPM range each stands for (our mapping; Jamendo publishes none).
SPEEDS = (("verylow", 0.0, 80.0), ("low", 80.0, 100.0), ("medium", 100.0, 120.0), ("high", 120.0, 140.0),
          ("veryhigh", 140.0, 1000.0))
_MAX_BYTES = 100 * 1024 * 1024
_RATE_LIMIT_WAITS = (1.0, 2.0)


def read_jamendo_error(response: httpx.Response) -> VendorError:
    """Jamendo's own `headers.error_message` when present, else the HTTP reason."""
    try:
        headers = response.json().get("headers") or {}
    except (ValueError, AttributeError):
        headers = {}
    return VendorError(str(headers.get("error_message") or response.reason_phrase), code=str(headers.get("code")))


def speeds_for(bpm_min: float | None, bpm_max: float | None) -> list[str]:
    """The speed bands a BPM range touches (all when neither bound is given)."""
    low, high = bpm_min or 0.0, bpm_max if bpm_max is not None else 1000.0
    return [name for name, start, end in SPEEDS if start < high and low < end] if (bpm_min or bpm_max) else []


class JamendoMusic:
    """Jamendo's catalogue of CC-licensed music."""

    name = "jamendo"

    def __init__(self, http: ProviderHttp, *, client_id: str) -> None:
        self.http = http
        self._client_id = client_id

    def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        url = f"{path}?{urlencode({'client_id': self._client_id, 'format': 'json', **params}, doseq=True)}"
        for wait in (*_RATE_LIMIT_WAITS, None):
            body: dict[str, Any] = self.http.send("GET", url).json()
            headers = body.get("headers") or {}
            code = int(headers.get("code") or 0)
            if code == 0:
                return body
            message = str(headers.get("error_message") or f"code {code}")
            if code == 5:
                raise ProviderAuthError("jamendo refused the client id; check JAMENDO_CLIENT_ID", provider=self.name,
                                        provider_message=message)
            if code != 6:
                raise ProviderRejectedError(f"jamendo rejected the request (code {code})", provider=self.name,
                                            provider_message=message)
            if wait is None:
                raise ProviderRetryableError("jamendo: rate limit exceeded", provider=self.name,
                                             provider_message=message, reason="rate_limited", retry_after=2.0)
            self.http.wait(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def search(self, query: MusicQuery) -> MusicPage:
        """One page of tracks (fullcount gives the total, so `has_more` is exact)."""
        params: dict[str, Any] = {"limit": query.limit, "offset": query.offset, "fullcount": "true",
                                  "include": "musicinfo licenses", "audioformat": "mp32"}
        if query.query:
            params["search"] = query.query
        if query.genre:
            params["tags"] = query.genre.lower()
        if query.mood:
            params["fuzzytags"] = query.mood.lower()
        if query.duration_min is not None or query.duration_max is not None:
            params["durationbetween"] = f"{int(query.duration_min or 0)}_{int(query.duration_max or 86_400)}"
        notes = []
        speeds = speeds_for(query.bpm_min, query.bpm_max)
        if speeds:
            params["speed"] = " ".join(speeds)
            notes.append(f"jamendo has no BPM: the range was mapped to speed {'+'.join(speeds)}")
        body = self._get("tracks/", params)
        items = tuple(self._item(r) for r in body.get("results") or ())
        total = (body.get("headers") or {}).get("results_fullcount")
        total = int(total) if isinstance(total, (int, str)) and str(total).isdigit() else None
        more = total > query.offset + len(items) if total is not None else len(items) == query.limit
        return MusicPage(items, total, more, tuple(notes))

    def fetch(self, item_id: str, stem: Path) -> tuple[MusicItem, SavedMedia]:
        """The track's metadata and its file (the download when allowed, else the stream)."""
        results = self._get("tracks/", {"id": item_id, "include": "musicinfo licenses", "audioformat": "mp32"}).get(
            "results") or []
        if not results:
            raise ProviderRejectedError(f"jamendo has no track {item_id!r}", provider=self.name, status_code=404)
        item = self._item(results[0])
        if item.downloadable:
            url = f"tracks/file/?{urlencode({'client_id': self._client_id, 'id': item.id, 'action': 'download', 'audioformat': 'mp32'})}"
        else:
            url = item.audio_url
        return item, self.http.download(url, stem, accept={MediaKind.AUDIO}, max_bytes=_MAX_BYTES)

    def _item(self, row: dict[str, Any]) -> MusicItem:
        info = row.get("musicinfo") or {}
        tags = info.get("tags") or {}
        genres, moods = list(tags.get("genres") or []), list(tags.get("vartags") or [])
        licence = licence_from_url(row.get("license_ccurl"))
        title, artist, page = str(row.get("name") or ""), row.get("artist_name"), row.get("shareurl")
        allowed = bool(row.get("audiodownload_allowed"))
        return MusicItem(id=str(row.get("id")), source=self.name, title=title, artist=artist,
                         duration_seconds=float(row.get("duration") or 0), licence=licence,
                         attribution=attribution_line(title, artist, self.name, licence, page),
                         audio_url=str(row.get("audiodownload") if allowed else row.get("audio")), page_url=page,
                         downloadable=allowed, tags=tuple(genres + moods + list(tags.get("instruments") or [])),
                         genre=genres[0] if genres else None, mood=moods[0] if moods else None)
