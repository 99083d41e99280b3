"""The music catalogue: which sources can be used, search, and track lookup over the process's library
(`media.music`: MUSIC_LIBRARY_DIR plus the starter set, indexed once into DATA_DIR)."""

from __future__ import annotations

from media_service.engines.audio import MusicLibrary, TrackInfo
from media_service.errors import NotFoundError, ValidationError

from .schemas import (
    DownloadHint,
    LibraryFolder,
    MusicSearchRequest,
    MusicSearchResult,
    MusicSource,
    MusicSourceList,
    MusicTrack,
)

__all__ = ["LOCAL_SOURCE", "available_sources", "check_source", "find_track", "list_sources", "search_music",
           "to_music_track"]

LOCAL_SOURCE = "local"
_PENDING = "arrives with the providers issue"
# Cloud sources from PRD MusicSearchRequest.source and architecture §8; none has an adapter yet.
_CLOUD: dict[str, tuple[str, str]] = {
    "jamendo": ("not_configured", f"not configured: {_PENDING} (Jamendo API v3, needs a client id)"),
    "freesound": ("not_configured", f"not configured: {_PENDING} (Freesound API v2, needs an API key)"),
    "suno": ("not_implemented", f"{_PENDING}; Suno has no official public API to integrate"),
    "soundcloud": ("not_implemented", f"{_PENDING}; SoundCloud's terms do not cover reuse in generated media"),
    "social_platform": ("not_implemented", _PENDING),
}


def available_sources() -> list[str]:
    """Names of the sources a search or download may name now."""
    return [LOCAL_SOURCE]


def check_source(source: str, *, field: str = "source") -> None:
    """ValidationError (400) naming `field` and listing the available sources, unless `source` is one."""
    usable = available_sources()
    if source in usable:
        return
    known = _CLOUD.get(source)
    why = f"{source!r} is not available ({known[1]})" if known else f"unknown source {source!r}"
    raise ValidationError(f"{field}: {why}; available: {', '.join(usable)}", field=field,
                          details={"available_sources": usable})


def list_sources(library: MusicLibrary) -> MusicSourceList:
    """Every source with its availability: `local` (the library folders), then the cloud sources."""
    folders = [LibraryFolder(name=f["name"], path=f["path"], available=f["available"], tracks=f["tracks"],
                             licence=f["licence"]) for f in library.sources()]
    local = MusicSource(name=LOCAL_SOURCE, kind="local", available=True, status="available",
                        tracks=sum(f.tracks for f in folders), folders=folders)
    cloud = [MusicSource(name=name, kind="cloud", available=False, status=status, reason=reason)
             for name, (status, reason) in _CLOUD.items()]
    return MusicSourceList(default=LOCAL_SOURCE, sources=[local, *cloud])


def to_music_track(track: TrackInfo, *, api_prefix: str) -> MusicTrack:
    """A library TrackInfo as the API shows it, with preview and download hints."""
    return MusicTrack(
        id=track.id, title=track.title, artist=track.artist, album=track.album, mood=track.mood, genre=track.genre,
        tags=list(track.tags), duration_seconds=track.duration_seconds, bpm=track.bpm,
        bpm_estimated=track.bpm_estimated, key=track.key, energy=track.energy, licence=track.licence,
        source=track.source, path=track.path,
        preview_url=f"{api_prefix}/audio/music/tracks/{track.id}/audio",
        download=DownloadHint(path=f"{api_prefix}/audio/music/download", body={"track_id": track.id}),
    )


def search_music(library: MusicLibrary, request: MusicSearchRequest, *, api_prefix: str) -> MusicSearchResult:
    """The tracks matching `request`, best first; 400 for an unavailable source."""
    check_source(request.source)
    c = request.search_criteria
    try:
        found = library.search(query=c.query, mood=c.mood, genre=c.genre, duration_min=c.duration_min,
                               duration_max=c.duration_max, bpm_min=c.bpm_min, bpm_max=c.bpm_max,
                               energy_min=c.energy_min, energy_max=c.energy_max, limit=request.limit)
    except ValidationError as exc:  # the engine names bare fields; the request nests them
        raise exc.with_field_prefix("search_criteria", where=lambda field: field != "limit") from None
    tracks = [to_music_track(t, api_prefix=api_prefix) for t in found]
    return MusicSearchResult(source=request.source, count=len(tracks), tracks=tracks)


def find_track(library: MusicLibrary, track_id: str, *, field: str = "track_id") -> TrackInfo:
    """The library track `track_id`; NotFoundError (404) naming `field` otherwise."""
    try:
        return library.get(track_id)
    except NotFoundError:
        raise NotFoundError(f"{field}: no music track {track_id!r} in the library; see POST /audio/music/search",
                            details={"field": field, "track_id": track_id}) from None

