"""Audio capability: `/api/v1/audio/*` over the audio engine.

- jobs (queue `cpu`): `audio.mix`, `audio.duck`, `audio.sfx`, `audio.normalize`, `audio.music.download`
  (jobs.py; submission checks in checks.py, what the handlers share in service.py);
- answered at once: music search, music sources, built-in effects, a library track's file (router.py);
- the music sources, search and track lookup (catalog.py); request/result models (schemas.py).
"""

from __future__ import annotations

from media_service.capability import Capability
from media_service.settings import Settings

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]


def _index_music_library(settings: Settings) -> None:
    """The first scan decodes every track (seconds), which would otherwise land on the first search."""
    from media_service.media.music import music_library

    music_library(settings).tracks()


CAPABILITY = Capability(name="audio", router=build_router, jobs=(jobs,), warm_up=(_index_music_library,))
