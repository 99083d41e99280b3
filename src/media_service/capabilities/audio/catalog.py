"""The music catalogue: which sources can be used, search, and track lookup over the process's library
(`media.music`: MUSIC_LIBRARY_DIR plus the starter set, indexed once into DATA_DIR)."""

from __future__ import annotations

from media_service.engines.audio import MusicLibrary, TrackInfo
from media_service.errors import NotFoundError, ValidationError
from media_service.providers import ProviderRegistry
from media_service.providers.music import MUSIC_SOURCES, MusicItem, MusicQuery

from .schemas import (
    DownloadHint,
    LibraryFolder,
    MusicSearchRequest,
    MusicSearchResult,
    MusicSource,
    MusicSourceList,
    MusicTrack,
)

__all__ = ["LOCAL_SOURCE", "NOT_STOCK", "available_sources", "check_source", "cloud_track", "find_track",
           "list_sources", "search_music", "to_music_track"]

LOCAL_SOURCE = "local"
_STOCK = "use jamendo (Creative Commons music, JAMENDO_CLIENT_ID), freesound (Creative Commons sounds, " \
         "FREESOUND_API_KEY) or the local library"
# PRD MusicSearchRequest.source names that are not stock sources (providers.md §9.3), and why.
NOT_STOCK: dict[str, str] = {
    "suno": "Suno has no official public API (only unofficial clients of its web app, on browser sessions and "
            "against its terms) and makes new songs rather than licensing existing ones, so it is not a stock "
            "music source",
    "soundcloud": "SoundCloud's API is for playback on SoundCloud: downloads exist only where an uploader enabled "
                  "them and its API terms do not allow reuse in generated media, so it is not a stock music source",
    "social_platform": "social platforms' sounds are licensed for use inside those platforms only, so they are not "
                       "a stock music source",
}


def available_sources(registry: ProviderRegistry) -> list[str]:
    """Names of the sources a search or download may name now: local and every configured cloud source."""
    return [LOCAL_SOURCE] + [n for n in MUSIC_SOURCES if registry.configured("music", n)]


def check_source(source: str, registry: ProviderRegistry, *, field: str = "source") -> None:
    """`source` can be used now; suno/soundcloud/social_platform and unknown names → 400 explaining and listing
    the available ones; a cloud source without its key → 503 naming the setting."""
    usable = available_sources(registry)
    if source in usable:
        return
    if source in MUSIC_SOURCES:
        registry.ensure_configured("music", source, field=field)
    why = f"{NOT_STOCK[source]}; {_STOCK}" if source in NOT_STOCK else f"unknown source {source!r}"
    raise ValidationError(f"{field}: {why}; available now: {', '.join(usable)}", field=field,
                          details={"available_sources": usable})


def list_sources(library: MusicLibrary, registry: ProviderRegistry) -> MusicSourceList:
    """Every source with its availability: `local` (the library folders), the cloud sources (configured or what
    to set), then the names that are not stock sources with the reason."""
    folders = [LibraryFolder(name=f["name"], path=f["path"], available=f["available"], tracks=f["tracks"],
                             licence=f["licence"]) for f in library.sources()]
    local = MusicSource(name=LOCAL_SOURCE, kind="local", available=True, status="available",
                        tracks=sum(f.tracks for f in folders), folders=folders)
    cloud = []
    for name in MUSIC_SOURCES:
        spec = registry.spec("music", name)
        cloud.append(MusicSource(name=name, kind="cloud", available=spec.configured,
                                 status="available" if spec.configured else "not_configured",
                                 reason=None if spec.configured else f"set {spec.setting}", setting=spec.setting))
    refused = [MusicSource(name=name, kind="cloud", available=False, status="not_a_stock_source",
                           reason=f"{why}; {_STOCK}") for name, why in NOT_STOCK.items()]
    return MusicSourceList(default=LOCAL_SOURCE, sources=[local, *cloud, *refused])


def cloud_track(item: MusicItem, *, api_prefix: str) -> MusicTrack:
    """A cloud result as the API shows it: its licence, attribution and how to download it."""
    return MusicTrack(
        id=item.id, title=item.title, artist=item.artist, mood=item.mood, genre=item.genre, tags=list(item.tags),
        duration_seconds=item.duration_seconds, bpm=item.bpm, licence=item.licence.name,
        licence_url=item.licence.url, commercial_use=item.licence.commercial,
        attribution_required=item.licence.attribution_required, attribution=item.attribution, source=item.source,
        source_page=item.page_url, path=None, preview_url=item.audio_url, is_preview=item.is_preview,
        download=DownloadHint(path=f"{api_prefix}/audio/music/download", body={"source": item.source, "id": item.id}),
    )


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


def search_music(library: MusicLibrary, registry: ProviderRegistry, request: MusicSearchRequest, *,
                 api_prefix: str) -> MusicSearchResult:
    """The tracks matching `request`, best first, from the local library or a cloud source (one page)."""
    check_source(request.source, registry)
    c = request.search_criteria
    if request.source != LOCAL_SOURCE:
        for name in ("energy_min", "energy_max"):
            if getattr(c, name) is not None:
                raise ValidationError(f"search_criteria.{name}: only the local library measures energy",
                                      field=f"search_criteria.{name}")
        page = registry.music(request.source).search(MusicQuery(
            query=c.query, mood=c.mood, genre=c.genre, duration_min=c.duration_min, duration_max=c.duration_max,
            bpm_min=c.bpm_min, bpm_max=c.bpm_max, limit=request.limit, offset=request.offset))
        tracks = [cloud_track(item, api_prefix=api_prefix) for item in page.items]
        return MusicSearchResult(source=request.source, count=len(tracks), tracks=tracks, total=page.total,
                                 offset=request.offset, has_more=page.has_more,
                                 next_offset=request.offset + len(tracks) if page.has_more else None,
                                 notes=list(page.notes))
    try:
        found = library.search(query=c.query, mood=c.mood, genre=c.genre, duration_min=c.duration_min,
                               duration_max=c.duration_max, bpm_min=c.bpm_min, bpm_max=c.bpm_max,
                               energy_min=c.energy_min, energy_max=c.energy_max, limit=request.offset + request.limit)
    except ValidationError as exc:  # the engine names bare fields; the request nests them
        raise exc.with_field_prefix("search_criteria", where=lambda field: field != "limit") from None
    tracks = [to_music_track(t, api_prefix=api_prefix) for t in found[request.offset:]]
    return MusicSearchResult(source=request.source, count=len(tracks), tracks=tracks, offset=request.offset,
                             has_more=False)


def find_track(library: MusicLibrary, track_id: str, *, field: str = "track_id") -> TrackInfo:
    """The library track `track_id`; NotFoundError (404) naming `field` otherwise."""
    try:
        return library.get(track_id)
    except NotFoundError:
        raise NotFoundError(f"{field}: no music track {track_id!r} in the library; see POST /audio/music/search",
                            details={"field": field, "track_id": track_id}) from None

