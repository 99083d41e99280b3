"""Rendering a JSON file on this machine, no server: what `media-service render FILE -o OUT` runs.

References resolve directly: local paths (relative ones against the file's folder), http(s) URLs (downloaded
into a scratch folder), base64 `data:` URIs, and music library track ids (MUSIC_LIBRARY_DIR and the starter
set). The JSON is any render input (`render_input.py`): a Timeline, or what other render packages add.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import httpx

from media_service.engines.audio import MusicLibrary
from media_service.engines.encode import Quality, VideoFormat
from media_service.engines.video import Timeline, VideoRenderResult, render_timeline
from media_service.errors import DownloadError, NotFoundError, ValidationError
from media_service.media import parse_data_uri

from .render_input import compile_render_input

__all__ = ["load_render_file", "local_resolver", "render_file"]

_MAX_DOWNLOAD = 2 * 1024**3


def load_render_file(path: Path) -> tuple[str, Timeline]:
    """(kind, Timeline) from a JSON file; ValidationError naming `file` for unreadable JSON."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{path}: not readable JSON ({exc})", field="file") from None
    return compile_render_input(data)


def local_resolver(base: Path, scratch: Path, *, music: MusicLibrary | None = None) -> Callable[[str], Path]:
    """A `resolve_asset` for local renders (see the module docstring); downloads are kept for the run."""
    done: dict[str, Path] = {}

    def resolve(ref: str) -> Path:
        if ref not in done:
            done[ref] = _resolve(ref, base, scratch, music, len(done))
        return done[ref]

    return resolve


def _resolve(ref: str, base: Path, scratch: Path, music: MusicLibrary | None, number: int) -> Path:
    if ref.startswith(("http://", "https://")):
        return _download(ref, scratch / f"{number}-{_name(ref)}")
    if ref.startswith("data:"):
        return parse_data_uri(ref, max_bytes=_MAX_DOWNLOAD).write_to(scratch / f"{number}-data")
    path = Path(ref).expanduser()
    path = path if path.is_absolute() else base / path
    if path.is_file():
        return path
    if music is not None:
        try:
            return Path(music.get(ref).path)
        except NotFoundError:
            pass
    raise ValidationError(f"{ref[:120]!r} is not a file (nor a music library track)")


def _name(url: str) -> str:
    tail = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9._-]+", "_", tail)[-80:] or "download"


def _download(url: str, target: Path) -> Path:
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=60.0) as response:
            if response.status_code != 200:
                raise DownloadError(f"{url} answered HTTP {response.status_code}")
            with target.open("wb") as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
    except httpx.HTTPError as exc:
        raise DownloadError(f"could not fetch {url} ({type(exc).__name__}: {exc})") from None
    return target


def render_file(path: Path, out: Path, *, quality: Quality = "production", format: VideoFormat | None = None,
                preset: str | None = None, poster: Path | None = None, music: MusicLibrary | None = None,
                progress: Callable[[int, int], None] | None = None,
                log: Callable[[str], None] | None = None) -> VideoRenderResult:
    """Render the JSON at `path` to `out` (format from `format`, else the suffix, else mp4); `music` looks up
    track ids that are not files."""
    kind, timeline = load_render_file(path)
    if log is not None:
        log(f"{path.name}: {kind}")
    chosen = format or _format_of(out)
    scratch = Path(tempfile.mkdtemp(prefix="media-service-render-"))
    try:
        resolve = local_resolver(path.resolve().parent, scratch, music=music)
        return render_timeline(timeline, out, resolve_asset=resolve, format=chosen, quality=quality, preset=preset,
                               poster=poster, workdir=scratch / "render", progress=progress, log=log)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _format_of(out: Path) -> VideoFormat:
    suffix = out.suffix.lower().lstrip(".")
    if suffix in ("mp4", "webm", "gif"):
        return suffix  # type: ignore[return-value]
    return "mp4"
