"""What the audio capability asks of a cloud music source: `MusicSource` (search with filters, fetch one track)
and the values it exchanges, with the licence every result carries (providers.md §9).

    source = registry.music("jamendo")                 # or "freesound"
    page = source.search(MusicQuery(query="sunrise", mood="calm", bpm_min=80, bpm_max=110, limit=20))
    track, saved = source.fetch(page.items[0].id, workdir / "track")

Each adapter maps the filters to its API (what it cannot filter server-side it filters on the page it got,
and says so in `MusicPage.notes`). Licences are Creative Commons URLs mapped to a name, whether commercial
use is allowed and the attribution line the licence asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from .http import SavedMedia

__all__ = ["MUSIC_SOURCES", "Licence", "MusicItem", "MusicPage", "MusicQuery", "MusicSource", "licence_from_url"]

#: The cloud music sources the registry knows (kind "music").
MUSIC_SOURCES = ("jamendo", "freesound")
_CC = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d(?:\.\d)?)?", re.I)


@dataclass(frozen=True, slots=True)
class Licence:
    """A track's licence: short name (`CC BY-NC 3.0`, `CC0 1.0`), its URL, whether commercial use is allowed
    without another licence, and whether attribution is required."""

    name: str
    url: str | None
    commercial: bool
    attribution_required: bool


def licence_from_url(url: str | None) -> Licence:
    """The licence behind a Creative Commons URL (`http://creativecommons.org/licenses/by-nc/3.0/`); anything
    else is kept verbatim and treated as not cleared for commercial use."""
    match = _CC.search(url or "")
    if match is None:
        return Licence(url or "unknown", url, False, True)
    kind, terms, version = match.group(1).lower(), match.group(2).lower(), match.group(3) or ""
    if kind == "publicdomain":
        name = "CC0" if terms == "zero" else "Public Domain Mark"
        return Licence(f"{name} {version}".strip(), url, True, False)
    return Licence(f"CC {terms.upper()} {version}".strip(), url, "nc" not in terms.split("-"), True)


@dataclass(frozen=True, slots=True)
class MusicQuery:
    """Filters (PRD MusicSearchRequest.search_criteria) and the page: `offset` items skipped, `limit` wanted."""

    query: str | None = None
    mood: str | None = None
    genre: str | None = None
    duration_min: float | None = None
    duration_max: float | None = None
    bpm_min: float | None = None
    bpm_max: float | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class MusicItem:
    """One track or sound, normalised across sources. `audio_url` is what `fetch` downloads (a preview when the
    original needs more than the key), `downloadable` whether the source allows keeping the file."""

    id: str
    source: str
    title: str
    artist: str | None
    duration_seconds: float
    licence: Licence
    attribution: str
    audio_url: str
    page_url: str | None
    downloadable: bool
    tags: tuple[str, ...] = ()
    genre: str | None = None
    mood: str | None = None
    bpm: float | None = None
    is_preview: bool = False


@dataclass(frozen=True, slots=True)
class MusicPage:
    """One page of results; `total` when the source says; `notes` say how filters were applied."""

    items: tuple[MusicItem, ...]
    total: int | None
    has_more: bool
    notes: tuple[str, ...] = field(default=())


@runtime_checkable
class MusicSource(Protocol):
    """A cloud catalogue of music or sound effects."""

    name: str

    def search(self, query: MusicQuery) -> MusicPage:
        """One page of tracks matching `query`."""
        ...

    def fetch(self, item_id: str, stem: Path) -> tuple[MusicItem, SavedMedia]:
        """The track `item_id` (its metadata and licence) and its audio, written to `stem` + its extension."""
        ...


def attribution_line(title: str, artist: str | None, source: str, licence: Licence, page: str | None) -> str:
    """`"Title" by Artist (Jamendo), CC BY-NC 3.0 — https://…` (what CC BY licences ask to show)."""
    by = f" by {artist}" if artist else ""
    where = f" — {page}" if page else ""
    return f"\"{title}\"{by} ({source.capitalize()}), {licence.name}{where}"
