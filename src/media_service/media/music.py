"""The music library of this process: MUSIC_LIBRARY_DIR plus the `immich-memories-music` starter set.

Built once per process and settings; its analysis index lives in DATA_DIR, so only the first scan of a fresh
install decodes the files (about 6 s for the 28 starter tracks on two cores) and every later search is a stat
walk plus an in-memory filter. Shared below the capabilities: audio searches and downloads it, the renders
resolve track ids against it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from media_service.engines.audio import MusicLibrary
from media_service.settings import Settings

__all__ = ["INDEX_NAME", "music_library"]

INDEX_NAME = "music-index.json"


@functools.cache
def _library(directory: str | None, index_path: str) -> MusicLibrary:
    return MusicLibrary(directory, index_path=index_path, include_starter=True)


def music_library(settings: Settings) -> MusicLibrary:
    """This process's library for `settings` (built on first use, then reused by every request and job)."""
    directory = str(Path(settings.music_library_dir).expanduser()) if settings.music_library_dir else None
    return _library(directory, str(Path(settings.data_dir).resolve() / INDEX_NAME))
