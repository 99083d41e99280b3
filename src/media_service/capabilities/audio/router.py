"""`/api/v1/audio/*`: jobs for mix, duck, sfx, normalize and music download; synchronous music search,
the music sources, the built-in effects, and a library track's file. Thin: validate, submit or read, return."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from media_service.engines.audio import MusicLibrary, list_sfx
from media_service.http.auth import authorize, required_scope
from media_service.http.envelope import Envelope, success
from media_service.http.state import SettingsDep
from media_service.jobs import job_route
from media_service.media import file_response
from media_service.media.music import music_library
from media_service.providers import registry_for

from . import jobs
from .catalog import find_track, list_sources, search_music
from .schemas import (
    MusicSearchRequest,
    MusicSearchResult,
    MusicSourceList,
    SfxEffectInfo,
    SfxList,
)

__all__ = ["build_router"]

_TAGS: list[Any] = ["audio"]


def _library(settings: SettingsDep) -> MusicLibrary:
    return music_library(settings)


def build_router(prefix: str) -> APIRouter:
    """The audio routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/audio", tags=_TAGS)
    job_route(router, "/mix", jobs.mix, tags=_TAGS)
    job_route(router, "/duck", jobs.duck, tags=_TAGS)
    job_route(router, "/sfx", jobs.sfx, tags=_TAGS)
    job_route(router, "/normalize", jobs.normalize, tags=_TAGS)
    job_route(router, "/music/download", jobs.download_music, tags=_TAGS)
    auth = [Depends(authorize)]

    @router.get("/sources", response_model=Envelope[MusicSourceList], dependencies=auth,
                summary="Music sources and whether each can be used now")
    def sources(request: Request, settings: SettingsDep,
                library: Annotated[MusicLibrary, Depends(_library)]) -> dict[str, Any]:
        return success(request, list_sources(library, registry_for(settings)))

    @router.get("/sfx", response_model=Envelope[SfxList], dependencies=auth,
                summary="The built-in sound effects, by name, with their durations")
    def effects(request: Request) -> dict[str, Any]:
        items = [SfxEffectInfo(name=e.name, duration_seconds=e.duration_seconds, description=e.description)
                 for e in list_sfx()]
        return success(request, SfxList(effects=items))

    @router.post("/music/search", response_model=Envelope[MusicSearchResult], dependencies=auth,
                 openapi_extra=required_scope("read"), summary="Search music: the local library, Jamendo or Freesound (answers at once, no job)")
    def search(body: MusicSearchRequest, request: Request, settings: SettingsDep,
               library: Annotated[MusicLibrary, Depends(_library)]) -> dict[str, Any]:
        return success(request, search_music(library, registry_for(settings), body, api_prefix=settings.api_prefix))

    @router.get("/music/tracks/{track_id}/audio", response_class=Response,
                      dependencies=auth, summary="A library track's original file (preview; supports Range)")
    def track_audio(track_id: str, library: Annotated[MusicLibrary, Depends(_library)]) -> Response:
        track = find_track(library, track_id)
        return file_response(Path(track.path), filename=Path(track.path).name)

    return router
