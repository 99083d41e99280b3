"""Fixtures every capability's tests share: the jobs tests' in-process worker, and the starter music
library analysed once per session (≈6 s on two cores) and copied into each test's DATA_DIR."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jobs.conftest import start_worker  # noqa: F401  (a fixture, re-exported to every capability's tests)

from media_service.media.music import INDEX_NAME
from media_service.engines.audio import MusicLibrary


@pytest.fixture(scope="session")
def music_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter set analysed once per session."""
    path = tmp_path_factory.mktemp("music") / INDEX_NAME
    MusicLibrary(None, index_path=path).tracks()
    return path


@pytest.fixture
def seeded_music(tmp_path: Path, music_index: Path) -> Path:
    """The session's music index in this test's DATA_DIR (before its app starts); returns the copy."""
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(music_index, data / INDEX_NAME))
