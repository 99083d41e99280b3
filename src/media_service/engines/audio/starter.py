"""The starter music set shipped by the `immich-memories-music` package (MIT, 28 Opus tracks, 5 moods).

The package carries no tags in the files; its LICENSE-MUSIC lists each track's tempo, key, seed and
style, which is read here so the starter library has exact BPM and keys out of the box.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re
from pathlib import Path
from typing import Any

STARTER_SOURCE = "starter"
STARTER_LICENCE = "MIT"
STARTER_ARTIST = "Immich Memories Contributors (ACE-Step)"
_DISTRIBUTION = "immich-memories-music"
_LISTING = re.compile(
    r"^\s+(?P<file>\S+\.\w+)\s+(?P<bpm>\d+(?:\.\d+)?)\s+bpm\s+(?P<key>[A-G][b#]?\s+(?:major|minor))"
    r"(?:\s+seed\s+\d+)?(?:\s+\[(?P<style>[\w -]+)\])?\s*$"
)
_FOLDER = re.compile(r"^(?P<folder>[\w-]+)/\s*$")


def starter_tracks_dir() -> Path | None:
    """The installed starter tracks folder (one subfolder per mood), or None when the package is absent."""
    try:
        import immich_memories_music
    except ImportError:
        return None
    path = Path(immich_memories_music.tracks_dir())
    return path if path.is_dir() else None


@functools.cache
def starter_metadata() -> dict[str, dict[str, Any]]:
    """Per-track metadata from the package's LICENSE-MUSIC listing, keyed by path relative to the tracks dir."""
    try:
        text = importlib.metadata.distribution(_DISTRIBUTION).read_text("licenses/LICENSE-MUSIC")
    except importlib.metadata.PackageNotFoundError:
        return {}
    return parse_listing(text or "")


def parse_listing(text: str) -> dict[str, dict[str, Any]]:
    """Parse `folder/` headers and `file  68 bpm  C major  seed 101  [acoustic]` lines."""
    entries: dict[str, dict[str, Any]] = {}
    folder = ""
    for line in text.splitlines():
        if header := _FOLDER.match(line):
            folder = header["folder"]
            continue
        if not (row := _LISTING.match(line)):
            continue
        style = (row["style"] or "").strip().lower()
        entry: dict[str, Any] = {
            "bpm": float(row["bpm"]),
            "key": " ".join(row["key"].split()),
            "licence": STARTER_LICENCE,
            "artist": STARTER_ARTIST,
            "tags": [tag for tag in (style, folder) if tag],
        }
        if style:
            entry["genre"] = style
        if folder:
            entry["mood"] = folder
        entries[f"{folder}/{row['file']}" if folder else row["file"]] = entry
    return entries
