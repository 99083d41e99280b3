"""Job outputs: OUTPUT_DIR/<job_id>/ files described as `OutputRef`s, and `output_path` copies.

Job directories carry a marker file (`paths.make_job_dir`) so that the retention sweep removes
only directories the service created — OUTPUT_DIR is also the default output root, where
clients' own `output_path` files live and must not be swept.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import time
from pathlib import Path

from pydantic import Field

from ..errors import ConflictError, ServiceError, ValidationError
from .config import MediaConfig
from .paths import is_within, make_job_dir, resolve_within_roots, safe_filename, sweep_job_dirs
from .probe import MediaFacts, probe_media
from .serve import guess_mime
from .tokens import signed_url

__all__ = ["OutputRef", "OutputStore", "image_facts"]

#: What probing reports for the still formats the renderers write: (container format, codec). FFmpeg names a
#: JPEG's container "image2" or "jpeg_pipe" depending on how much it reads; "jpeg" is what the latter becomes.
_IMAGE_FORMATS = {"png": ("png", "png"), "jpg": ("jpeg", "mjpeg"), "jpeg": ("jpeg", "mjpeg"),
                  "webp": ("webp", "webp")}


def image_facts(kind: str, width: int, height: int) -> MediaFacts:
    """The facts probing would report for a picture a renderer just wrote (png | jpg | webp): a job passes
    them to `save` so that the file is not opened again (probing a picture costs tens of ms)."""
    container, codec = _IMAGE_FORMATS[kind]
    return MediaFacts(format=container, width=width, height=height, video_codec=codec)

class OutputRef(MediaFacts):
    """One file a job produced, as its result names it: where it is, how to fetch it, and its media facts."""

    path: str = Field(description="Absolute path of the file on the service host.")
    url: str = Field(description="Signed, expiring download URL (GET/HEAD, supports HTTP Range).")
    mime: str
    size_bytes: int
    base64: str | None = Field(None, description="The file's bytes, when return_base64 was requested and the "
                                                  "file is at most BASE64_MAX_MB.")


class OutputStore:
    """Where job results are written and how they are described and expired."""

    def __init__(self, cfg: MediaConfig) -> None:
        self._cfg = cfg

    def job_dir(self, job_id: str) -> Path:
        """OUTPUT_DIR/<job_id>/, created and marked as a job directory."""
        return make_job_dir(self._cfg.output_dir, job_id)

    def save(self, job_id: str, path: Path, *, name: str | None = None, facts: MediaFacts | None = None) -> OutputRef:
        """Place `path` in the job directory (unless it is already there) and describe it.

        Files under OUTPUT_DIR or TEMP_DIR are moved; anything else (an input the job passes
        through unchanged) is copied. `name` (sanitised) defaults to the file's name; an existing
        file of that name is kept and the new one gets a `-1`, `-2`… suffix. `facts`: the file's media facts
        when the caller knows them (it wrote the file), instead of probing it.
        """
        directory = self.job_dir(job_id)
        source = Path(os.path.realpath(path))
        if source.parent == directory:
            return self.describe(source, facts)
        target = _free_name(directory, safe_filename(name or source.name))
        if is_within(source, self._cfg.output_dir) or is_within(source, self._cfg.temp_dir):
            shutil.move(source, target)
        else:
            shutil.copyfile(source, target)
        return self.describe(target, facts)

    def describe(self, path: Path, facts: MediaFacts | None = None) -> OutputRef:
        """An OutputRef for a file already under OUTPUT_DIR: size, mime, media facts (probed unless given),
        signed URL."""
        try:
            facts = facts if facts is not None else probe_media(path)
        except ServiceError:
            facts = MediaFacts()  # not media (subtitles, JSON): no facts to report
        return OutputRef(path=str(path), url=signed_url(self._cfg, path), mime=guess_mime(path),
                         size_bytes=path.stat().st_size, **facts.model_dump())

    def write_to_output_path(self, src: Path, output_path: str, *, overwrite: bool = False,
                             field: str = "output_path") -> Path:
        """Place a copy of `src` at the client's `output_path`, atomically.

        The destination must resolve under EXPORT_ROOTS (400 otherwise); an existing file is a
        409 unless `overwrite`. The bytes land in a temporary name in the destination directory
        first — a hard link when possible, a copy otherwise — and are then renamed into place, so
        a reader sees either the old file or the complete new one.
        """
        target = self.check_output_path(output_path, overwrite=overwrite, field=field)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
        try:
            if overwrite:
                os.replace(tmp, target)
            else:
                # link() refuses an existing name, which makes "no overwrite" race-free.
                os.link(tmp, target)
        except FileExistsError:
            raise ConflictError(f"{field}: file exists; pass overwrite: true to replace it",
                                details={"field": field}) from None
        finally:
            tmp.unlink(missing_ok=True)
        return target

    def check_output_path(self, output_path: str, *, overwrite: bool = False, field: str = "output_path") -> Path:
        """Submission-time check of `output_path`: under EXPORT_ROOTS, a file name, and free
        unless `overwrite`. Returns the resolved destination.
        """
        target = resolve_within_roots(output_path, self._cfg.output_roots, field=field, what="output_path")
        if output_path.endswith(("/", os.sep)) or target.is_dir():
            raise ValidationError("output_path must name a file, not a directory", field=field)
        if target.exists() and not overwrite:
            raise ConflictError(f"{field}: file exists; pass overwrite: true to replace it", details={"field": field})
        return target

    def inline_base64(self, ref: OutputRef, max_bytes: int | None = None) -> OutputRef:
        """A copy of `ref` with `base64` filled in when the file is at most `max_bytes`
        (default BASE64_MAX_MB); larger files come back unchanged (URL only).
        """
        limit = self._cfg.base64_max_bytes if max_bytes is None else max_bytes
        if ref.size_bytes > limit:
            return ref
        return ref.model_copy(update={"base64": base64.b64encode(Path(ref.path).read_bytes()).decode()})

    def sweep(self, now: float | None = None) -> int:
        """Remove job directories not modified for OUTPUT_TTL_HOURS; returns how many."""
        cutoff = (time.time() if now is None else now) - self._cfg.output_ttl_hours * 3600
        return sweep_job_dirs(self._cfg.output_dir, cutoff)


def _free_name(directory: Path, name: str) -> Path:
    candidate = directory / name
    stem, suffix = candidate.stem, candidate.suffix
    n = 0
    while candidate.exists():
        n += 1
        candidate = directory / f"{stem}-{n}{suffix}"
    return candidate
