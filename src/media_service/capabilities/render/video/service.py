"""`render_timeline_job`: what a job handler does to turn a Timeline into a delivered video.

    result = render_timeline_job(ctx, timeline, format="mp4", quality="production", request=request)

Fetches every asset the timeline names (each checked by content, errors naming the timeline field; music
library ids looked up in the library), renders with the video engine (progress by frames, cancellation
every frame), and saves the video and its poster as OutputRefs (honouring `output_path`/`overwrite`/
`return_base64` on `request`). Brief handlers compile their brief to a Timeline and call this.

`render_file` renders a JSON file on this machine with no server (`media-service render FILE -o OUT`):
references resolve directly — local paths (relative ones against the file's folder), http(s) URLs
(downloaded into a scratch folder), base64 `data:` URIs and music library track ids. The file is any of the
`RenderInput`s the render group lists: a Timeline, or a brief.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from media_service.engines.audio import MusicLibrary
from media_service.engines.encode import Quality, VideoFormat
from media_service.engines.video import (
    AssetRef,
    Timeline,
    VideoRenderResult,
    load_timeline,
    render_timeline,
    timeline_refs,
)
from media_service.errors import DownloadError, NotFoundError, ServiceError, ValidationError
from media_service.jobs import JobContext
from media_service.media import parse_data_uri
from media_service.media.music import music_library

from .checks import KINDS, is_library_id, request_field
from .schemas import RenderSceneResult

__all__ = ["TIMELINE_INPUT", "RenderInput", "compile_render_input", "fetch_assets", "load_render_file", "local_resolver",
           "render_file", "render_timeline_job"]


class _Delivery(BaseModel):
    """Output options given as arguments rather than on a request model."""

    output_path: str | None = None
    overwrite: bool = False
    return_base64: bool = False


def fetch_assets(ctx: JobContext, timeline: Timeline, *, field_prefix: str = "timeline",
                 progress: Callable[[float], None] | None = None,
                 made: Mapping[str, Path] | None = None) -> dict[str, Path]:
    """Every reference of `timeline` as a local file, by reference string (built-in sfx names excluded);
    `made` are files the job itself wrote (e.g. a synthesised voiceover), used as they are."""
    refs = [ref for ref in timeline_refs(timeline) if ref.kind != "sfx"]
    files: dict[str, Path] = dict(made or {})
    for number, ref in enumerate(refs):
        if ref.ref not in files:
            files[ref.ref] = _fetch(ctx, ref, request_field(ref.field, field_prefix))
        if progress is not None:
            progress((number + 1) / len(refs))
    if refs:
        ctx.log(f"fetched {len(files)} asset(s) for {len(refs)} reference(s)")
    return files


def _fetch(ctx: JobContext, ref: AssetRef, field: str) -> Path:
    if is_library_id(ref):
        track = music_library(ctx.settings).get(ref.ref)
        ctx.log(f"{field}: music library track {track.id} ({track.title}, {track.duration_seconds:.1f} s)")
        return Path(track.path)
    try:
        path: Path = ctx.inputs.fetch(ref.ref, field=field, accepts=KINDS[ref.kind])
    except ValidationError as exc:
        if exc.message.startswith(field):
            raise
        raise type(exc)(f"{field}: {exc.message}", details=exc.details) from None
    return path


def render_timeline_job(ctx: JobContext, timeline: Timeline, *, format: VideoFormat = "mp4",
                        quality: Quality = "production", request: BaseModel | None = None,
                        output_path: str | None = None, overwrite: bool = False, poster_time: float | None = None,
                        name: str = "video", field_prefix: str = "timeline",
                        progress_range: tuple[float, float] = (0.0, 1.0),
                        made: Mapping[str, Path] | None = None) -> RenderSceneResult:
    """Fetch, render, save: the whole job around the video engine (see the module docstring).

    `request` (any model with `output_path`, `overwrite`, `return_base64`) says where else the video goes;
    `output_path`/`overwrite` given here are used when there is no request. `field_prefix` starts the field
    names in errors (`timeline.scenes.0...`); `progress_range` is the part of the job's progress this takes;
    `made` maps references to files the job wrote itself (not fetched).
    """
    low, high = progress_range

    def stage(start: float, end: float, step: str) -> Callable[[float], None]:
        return lambda fraction: ctx.progress(low + (high - low) * (start + (end - start) * fraction), step)

    fetching = stage(0.0, 0.05, "fetching")
    fetching(0.0)
    files = fetch_assets(ctx, timeline, field_prefix=field_prefix, progress=fetching, made=made)
    suffix = {"mp4": ".mp4", "webm": ".webm", "gif": ".gif"}[format]
    out, poster = ctx.workdir / f"{name}{suffix}", ctx.workdir / f"{name}-poster.jpg"
    rendering = stage(0.05, 0.97, "rendering")
    rendering(0.0)
    try:
        result = render_timeline(timeline, out, resolve_asset=_resolver(files), format=format, quality=quality,
                                 poster=poster, poster_time=poster_time, workdir=ctx.workdir / "render",
                                 progress=lambda done, total: rendering(done / total if total else 0.0),
                                 cancelled=ctx.cancelled, log=ctx.log)
    except ValidationError as exc:
        raise _prefixed(exc, field_prefix) from None
    stage(0.97, 1.0, "saving")(0.0)
    delivery: Any = request if request is not None else _Delivery(output_path=output_path, overwrite=overwrite)
    video = ctx.outputs.save(out, name=f"{name}{suffix}", request=delivery)
    poster_ref = ctx.outputs.save(poster, name=f"{name}-poster.jpg") if poster.is_file() else None
    loudness = result.audio.measurement.integrated_lufs if result.audio is not None else None
    return RenderSceneResult(
        video_path=video.path, video_url=video.url, duration_seconds=result.duration_seconds,
        file_size_bytes=video.size_bytes, render_time_seconds=round(result.render_seconds, 3), format=format,
        quality=quality, width=result.width, height=result.height, fps=result.fps, frames=result.frames,
        has_audio=result.has_audio, loudness_lufs=loudness, output=video, poster=poster_ref,
        warnings=result.warnings)


def _resolver(files: dict[str, Path]) -> Callable[[str], Path]:
    def resolve(ref: str) -> Path:
        try:
            return files[ref]
        except KeyError:
            raise ValidationError(f"{ref[:80]!r} was not fetched for this render") from None

    return resolve


def _prefixed(exc: ValidationError, prefix: str) -> ServiceError:
    """The engine's errors name timeline fields (`scenes.0.layers.1.src`); the request's start with `prefix`,
    and the job's message names the first of them (and how many more)."""
    if not prefix or not exc.errors:
        return exc
    named = exc.with_field_prefix(prefix, brackets=True)
    first, more = named.errors[0], len(named.errors) - 1
    message = f"{first['field']}: {first['message']}" + (f" (and {more} more)" if more else "")
    return type(exc)(message, errors=named.errors)


_MAX_DOWNLOAD = 2 * 1024**3


@dataclass(frozen=True, slots=True)
class RenderInput:
    """A kind of JSON `media-service render FILE` accepts: `matches(data)` recognises it, `compile(data)`
    turns it into a Timeline (raising ValidationError naming its fields). The render group lists them."""

    name: str
    matches: Callable[[Any], bool]
    compile: Callable[[Any], Timeline]


def _is_timeline(data: Any) -> bool:
    """A Timeline JSON: `{timeline: {...}}` or the timeline's own keys at the top level."""
    return isinstance(data, dict) and ("timeline" in data or {"width", "height", "duration"} <= data.keys())


def _compile_timeline(data: Any) -> Timeline:
    return load_timeline(data.get("timeline", data))


#: A Timeline (the /render/scene body, or its `timeline`).
TIMELINE_INPUT = RenderInput("timeline", _is_timeline, _compile_timeline)


def compile_render_input(data: Any, inputs: Sequence[RenderInput] = (TIMELINE_INPUT,)) -> tuple[str, Timeline]:
    """(the input's kind, its Timeline) for parsed JSON, by the first of `inputs` that matches;
    ValidationError when none does or the input is invalid."""
    for kind in inputs:
        if kind.matches(data):
            return kind.name, kind.compile(data)
    kinds = ", ".join(kind.name for kind in inputs)
    raise ValidationError(f"not a render input this service knows ({kinds}); a timeline needs width, height, "
                          "duration and scenes", field="file")


def load_render_file(path: Path, inputs: Sequence[RenderInput] = (TIMELINE_INPUT,)) -> tuple[str, Timeline]:
    """(kind, Timeline) from a JSON file; ValidationError naming `file` for unreadable JSON."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{path}: not readable JSON ({exc})", field="file") from None
    return compile_render_input(data, inputs)


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


def render_file(path: Path, out: Path, *, inputs: Sequence[RenderInput] = (TIMELINE_INPUT,),
                quality: Quality = "production", format: VideoFormat | None = None,
                preset: str | None = None, poster: Path | None = None, music: MusicLibrary | None = None,
                progress: Callable[[int, int], None] | None = None,
                log: Callable[[str], None] | None = None) -> VideoRenderResult:
    """Render the JSON at `path` (one of `inputs`) to `out` (format from `format`, else the suffix, else mp4);
    `music` looks up track ids that are not files. What `media-service render FILE -o OUT` runs."""
    kind, timeline = load_render_file(path, inputs)
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
