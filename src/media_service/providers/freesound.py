"""Freesound API v2 as a `MusicSource` (providers.md §9.1): `Authorization: Token <key>`; `GET search/` with
`fields` always naming what a result needs (no per-sound calls), absolute `next` links, `{"detail"}` errors,
429 "Expected available in N seconds".

Filters go into the Solr-style `filter`: `duration:[a TO b]`, `tag:<genre>`, `tag:<mood>`, `ac_tempo:[a TO b]`
(the Audio Commons tempo descriptor; sounds without it do not match). Pages: `page`/`page_size` (an offset is
turned into a page of `limit`). Files: the public HQ MP3 preview (no OAuth); originals need OAuth2, which
this service does not hold, so every Freesound file is a preview and says so (`is_preview`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from media_service.media import MediaKind

from .errors import ProviderRejectedError
from .http import ProviderHttp, SavedMedia, VendorError
from .music import MusicItem, MusicPage, MusicQuery, attribution_line, licence_from_url

__all__ = ["FreesoundSounds", "read_freesound_error"]

_FIELDS = "id,name,duration,username,license,tags,previews,url,ac_tempo"
_AVAILABLE_IN = re.compile(r"available in (\d+(?:\.\d+)?) seconds?")
_MAX_BYTES = 50 * 1024 * 1024


def read_freesound_error(response: httpx.Response) -> VendorError:
    """DRF-style `{"detail": "..."}`; a 429's detail says when to come back."""
    try:
        detail = str(response.json().get("detail") or response.reason_phrase)
    except (ValueError, AttributeError):
        detail = response.text[:300] or response.reason_phrase
    match = _AVAILABLE_IN.search(detail)
    return VendorError(detail, retry_after=float(match.group(1)) if match else None)


def _solr(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class FreesoundSounds:
    """Freesound's CC-licensed sounds (short music loops and effects)."""

    name = "freesound"

    def __init__(self, http: ProviderHttp) -> None:
        self.http = http

    def search(self, query: MusicQuery) -> MusicPage:
        """One page of sounds; `next` decides `has_more`."""
        filters = []
        if query.duration_min is not None or query.duration_max is not None:
            high = "*" if query.duration_max is None else f"{query.duration_max:g}"
            filters.append(f"duration:[{query.duration_min or 0:g} TO {high}]")
        for tag in (query.genre, query.mood):
            if tag:
                filters.append(f"tag:{_solr(tag.lower())}")
        if query.bpm_min is not None or query.bpm_max is not None:
            high = "*" if query.bpm_max is None else f"{query.bpm_max:g}"
            filters.append(f"ac_tempo:[{query.bpm_min or 0:g} TO {high}]")
        params: dict[str, Any] = {"query": query.query or "", "fields": _FIELDS, "page_size": query.limit,
                                  "page": query.offset // query.limit + 1, "sort": "score"}
        if filters:
            params["filter"] = " ".join(filters)
        body = self.http.send("GET", f"search/?{urlencode(params)}").json()
        items = tuple(self._item(r) for r in body.get("results") or ())
        count = body.get("count")
        notes: tuple[str, ...] = ("freesound serves previews (HQ MP3) without OAuth; originals are not fetched",)
        if query.offset % query.limit:
            notes += (f"offset {query.offset} was rounded down to a page of {query.limit}",)
        return MusicPage(items, int(count) if isinstance(count, int) else None, bool(body.get("next")), notes)

    def fetch(self, item_id: str, stem: Path) -> tuple[MusicItem, SavedMedia]:
        """The sound's metadata and its HQ MP3 preview."""
        row = self.http.send("GET", f"sounds/{quote(item_id, safe='')}/?{urlencode({'fields': _FIELDS})}").json()
        item = self._item(row)
        if not item.audio_url:
            raise ProviderRejectedError(f"freesound sound {item_id} has no preview", provider=self.name)
        return item, self.http.download(item.audio_url, stem, accept={MediaKind.AUDIO}, max_bytes=_MAX_BYTES)

    def _item(self, row: dict[str, Any]) -> MusicItem:
        previews = row.get("previews") or {}
        licence = licence_from_url(row.get("license"))
        title, artist, page = str(row.get("name") or ""), row.get("username"), row.get("url")
        tempo = row.get("ac_tempo")
        return MusicItem(id=str(row.get("id")), source=self.name, title=title, artist=artist,
                         duration_seconds=float(row.get("duration") or 0), licence=licence,
                         attribution=attribution_line(title, artist, self.name, licence, page),
                         audio_url=str(previews.get("preview-hq-mp3") or previews.get("preview-lq-mp3") or ""),
                         page_url=page, downloadable=True, tags=tuple(row.get("tags") or ()),
                         bpm=float(tempo) if isinstance(tempo, (int, float)) else None, is_preview=True)
