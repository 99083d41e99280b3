"""Scan music folders into TrackInfo records, caching the analysis in a JSON index.

Metadata comes, in rising priority, from the file name and mood folder, the file's tags, and a
`library.json` sidecar at the folder's root (for the starter set: the package's own listing).
Decoding and analysis (duration, BPM, energy) run only for files whose size or mtime changed since
the index was written; the metadata merge runs on every scan, so sidecar edits apply at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from media_service.errors import NotFoundError, ServiceError, ValidationError
from media_service.logs import get_logger

from .control import CancelFn, ProgressFn, check_cancelled, report
from .decode import load_audio, probe_media
from .models import TrackInfo
from .search import search_tracks
from .starter import STARTER_LICENCE, STARTER_SOURCE, starter_metadata, starter_tracks_dir
from .tempo import ANALYSIS_RATE, analyse_music

AUDIO_SUFFIXES = frozenset({".mp3", ".wav", ".m4a", ".aac", ".ogg", ".opus", ".flac"})
SIDECAR_NAME = "library.json"
INDEX_VERSION = 1
# A track's folder names its mood only when it is one of these, so artist/album folders are not moods.
KNOWN_MOODS = frozenset({"upbeat", "calm", "dramatic", "happy", "sad", "energetic", "nostalgic", "tender",
                         "relaxed", "peaceful", "epic", "melancholic", "romantic", "dark", "uplifting", "chill"})
_OVERRIDABLE = {"title", "artist", "album", "genre", "mood", "tags", "bpm", "key", "licence"}
_TAG_KEYS = {"title": ("title",), "artist": ("artist", "album_artist"), "album": ("album",), "genre": ("genre",),
             "mood": ("mood",), "bpm": ("bpm", "tbpm"), "key": ("initialkey", "key", "tkey"),
             "licence": ("license", "licence", "copyright")}

log = get_logger("media_service.engines.audio")


def scan_library(directory: str | Path, *, index_path: str | Path | None = None, source: str = "library",
                 progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> list[TrackInfo]:
    """Every readable audio file under `directory` as a TrackInfo, sorted by relative path.

    Track ids are stable: derived from `source` and the path relative to `directory`. Unreadable
    files are skipped (and logged). With `index_path`, analysis results are cached there.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ValidationError(f"music library folder not found: {root}", field="music_library_dir")
    files = sorted(p for p in root.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
    index = _load_index(Path(index_path)) if index_path else {}
    overrides = _overrides(root)
    fresh: dict[str, dict[str, Any]] = {}
    tracks = []
    for number, path in enumerate(files):
        check_cancelled(cancelled)
        relative = path.relative_to(root).as_posix()
        key = f"{source}:{relative}"
        stat = path.stat()
        entry = index.get(key)
        if not entry or entry.get("size") != stat.st_size or entry.get("mtime_ns") != stat.st_mtime_ns:
            try:
                entry = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "analysis": _analyse(path)}
            except ServiceError as exc:
                log.warning("audio.library.scan.skipped", path=relative, reason=exc.message)
                continue
        fresh[key] = entry
        tracks.append(_track(root, path, source, entry["analysis"], overrides.get(relative, {})))
        report(progress, (number + 1) / max(1, len(files)))
    if index_path and fresh != {k: v for k, v in index.items() if k.startswith(f"{source}:")}:
        others = {k: v for k, v in index.items() if not k.startswith(f"{source}:")}
        _save_index(Path(index_path), {**others, **fresh})
    return tracks


def _analyse(path: Path) -> dict[str, Any]:
    """What needs decoding: duration, format, tags, estimated BPM and energy."""
    probe = probe_media(path, field="track")
    audio = load_audio(path, sample_rate=ANALYSIS_RATE, channels=1, field="track")
    bpm, energy = analyse_music(audio, ANALYSIS_RATE)
    return {
        "duration_seconds": round(audio.shape[1] / ANALYSIS_RATE, 3),
        "sample_rate": probe.sample_rate,
        "channels": probe.channels,
        "bpm_estimated": bpm,
        "energy": energy,
        "tags": {name: probe.tags[k] for name, keys in _TAG_KEYS.items() for k in reversed(keys) if k in probe.tags},
    }


def _track(root: Path, path: Path, source: str, analysis: dict[str, Any], override: dict[str, Any]) -> TrackInfo:
    relative = path.relative_to(root).as_posix()
    tags = analysis.get("tags", {})
    folder = path.parent.name.lower() if path.parent != root else ""
    fields: dict[str, Any] = {
        "title": tags.get("title") or path.stem.replace("_", " ").replace("-", " ").title(),
        "artist": tags.get("artist"), "album": tags.get("album"), "genre": tags.get("genre"),
        "mood": tags.get("mood") or (folder if folder in KNOWN_MOODS else None),
        "bpm": _number(tags.get("bpm")), "key": tags.get("key"), "licence": tags.get("licence"),
        "tags": [],
    }
    fields.update({k: v for k, v in override.items() if k in _OVERRIDABLE})
    mood = fields["mood"]
    return TrackInfo(
        id=hashlib.sha1(f"{source}:{relative}".encode()).hexdigest()[:16],
        title=str(fields["title"]), path=str(path), relative_path=relative, source=source,
        duration_seconds=analysis["duration_seconds"], sample_rate=analysis.get("sample_rate"),
        channels=analysis.get("channels"), artist=_text(fields["artist"]), album=_text(fields["album"]),
        genre=_text(fields["genre"]), mood=str(mood).lower() if mood else None,
        tags=tuple(str(t) for t in fields["tags"] or ()),
        bpm=_number(fields["bpm"]) or analysis.get("bpm_estimated"), bpm_estimated=analysis.get("bpm_estimated"),
        key=_text(fields["key"]), energy=analysis.get("energy"), licence=_text(fields["licence"]),
    )


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _number(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _overrides(root: Path) -> dict[str, dict[str, Any]]:
    """Per-file metadata: the starter listing for the starter folder, plus `library.json` at the root.

    The sidecar holds {"defaults": {...}, "tracks": {"rel/path.mp3": {...}}} (or "tracks" as a list of
    objects with a "file" key). A broken sidecar is logged and ignored, so search keeps working.
    """
    starter = starter_tracks_dir()
    merged: dict[str, dict[str, Any]] = {}
    if starter is not None and root.resolve() == starter.resolve():
        merged = {k: dict(v) for k, v in starter_metadata().items()}
    sidecar = root / SIDECAR_NAME
    if not sidecar.is_file():
        return merged
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        defaults = dict(data.get("defaults", {}))
        entries = data.get("tracks", {})
        if isinstance(entries, list):
            entries = {str(item["file"]): item for item in entries}
        for file in {p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES}:
            merged[file] = {**merged.get(file, {}), **defaults, **dict(entries.get(file, {}))}
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("audio.library.sidecar.invalid", path=str(sidecar), reason=str(exc))
    return merged


def _load_index(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("entries", {}) if isinstance(data, dict) and data.get("version") == INDEX_VERSION else {}


def _save_index(path: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Write the index atomically, so a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"version": INDEX_VERSION, "entries": entries}, handle)
    os.replace(temporary, path)


class MusicLibrary:
    """The service's music: MUSIC_LIBRARY_DIR (optional) plus the starter set, rescanned when files change."""

    def __init__(self, directory: str | Path | None = None, *, index_path: str | Path | None = None,
                 include_starter: bool = True) -> None:
        self._roots: list[tuple[str, Path]] = []
        if directory is not None:
            self._roots.append(("library", Path(directory)))
        starter = starter_tracks_dir() if include_starter else None
        if starter is not None:
            self._roots.append((STARTER_SOURCE, starter))
        self._index_path = Path(index_path) if index_path else None
        self._lock = threading.Lock()
        self._signature: tuple[Any, ...] | None = None
        self._tracks: list[TrackInfo] = []
        self._missing: set[Path] = set()

    def tracks(self, *, progress: ProgressFn | None = None, cancelled: CancelFn | None = None) -> list[TrackInfo]:
        """All tracks; a stat walk decides whether anything needs rescanning."""
        with self._lock:
            signature = self._current_signature()
            if signature != self._signature:
                tracks: list[TrackInfo] = []
                for source, root in self._present_roots():
                    tracks.extend(scan_library(root, index_path=self._index_path, source=source,
                                               progress=progress, cancelled=cancelled))
                self._tracks, self._signature = tracks, signature
            return list(self._tracks)

    def sources(self) -> list[dict[str, Any]]:
        """The folders this library draws on (for GET /audio/sources): name, path, whether it exists, track count
        and the licence when the whole folder has one."""
        counts: dict[str, int] = {}
        for track in self.tracks():
            counts[track.source] = counts.get(track.source, 0) + 1
        return [{"name": source, "path": str(root), "available": root.is_dir(), "tracks": counts.get(source, 0),
                 "licence": STARTER_LICENCE if source == STARTER_SOURCE else None}
                for source, root in self._roots]

    def search(self, **criteria: Any) -> list[TrackInfo]:
        """search_tracks over this library (query, mood, genre, duration/bpm/energy ranges, limit)."""
        return search_tracks(self.tracks(), **criteria)

    def get(self, track_id: str) -> TrackInfo:
        """The track with `track_id`, or NotFoundError."""
        for track in self.tracks():
            if track.id == track_id:
                return track
        raise NotFoundError(f"music track not found: {track_id}")

    def _current_signature(self) -> tuple[Any, ...]:
        entries: list[tuple[str, int, int]] = []
        for _, root in self._present_roots():
            for path in sorted(root.rglob("*")):
                if path.suffix.lower() in AUDIO_SUFFIXES or path.name == SIDECAR_NAME:
                    stat = path.stat()
                    entries.append((str(path), stat.st_size, stat.st_mtime_ns))
        return tuple(entries)

    def _present_roots(self) -> list[tuple[str, Path]]:
        """Roots that exist. A missing MUSIC_LIBRARY_DIR is the operator's to fix, not a client error, so the
        library logs it and keeps serving the rest (the starter set) rather than failing every search."""
        present = []
        for source, root in self._roots:
            if root.is_dir():
                present.append((source, root))
                self._missing.discard(root)
            elif root not in self._missing:
                self._missing.add(root)
                log.warning("audio.library.folder.missing", source=source, path=str(root))
        return present
