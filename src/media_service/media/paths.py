"""Path rules shared by inputs and outputs: containment under configured roots, safe file names."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..errors import ValidationError

__all__ = ["JOB_MARKER", "is_within", "make_job_dir", "resolve_within_roots", "safe_filename", "safe_segment",
           "sweep_job_dirs"]

# Marks a directory the service created for a job, so sweeps never touch anything else.
JOB_MARKER = ".media-job"

_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')


def is_within(path: Path, root: Path) -> bool:
    """True when `path` is `root` or lies below it (both already resolved)."""
    return path == root or path.is_relative_to(root)


def resolve_within_roots(raw: str, roots: Iterable[Path], *, field: str, what: str = "path",
                         setting: str | None = None) -> Path:
    """Resolve an absolute path with realpath and require it under one of `roots`.

    `..`, symlinks and symlinked parents are resolved before the check, so none can lead out. The
    error names the allowed roots (and the `setting` that configures them) — never whether
    something exists at the refused path.
    Percent-escapes are not decoded: a local path is not a URL, so `%2e%2e` is a literal name.
    """
    roots = tuple(roots)
    if setting is None:
        setting = "EXPORT_ROOTS" if what in ("output_path", "output_dir") else "INPUT_ROOTS"
    if "\x00" in raw:
        raise ValidationError(f"{what} contains a NUL byte", field=field)
    if not os.path.isabs(raw):
        raise ValidationError(f"{what} must be absolute", field=field)
    resolved = Path(os.path.realpath(raw))
    if not any(is_within(resolved, root) for root in roots):
        allowed = ", ".join(str(r) for r in roots) or "(none)"
        raise ValidationError(f"{what} is not under an allowed root directory ({setting}: {allowed})", field=field)
    return resolved


def safe_segment(value: str, *, what: str = "id") -> str:
    """Return `value` if it is one harmless path segment (job ids, upload ids); else ValueError."""
    if not _SEGMENT.fullmatch(value) or value in (".", ".."):
        raise ValueError(f"{what} {value!r} is not a safe path segment")
    return value


def safe_filename(name: str | None, *, default: str = "file") -> str:
    """A display/storage file name with no directories, control or shell-special characters.

    Keeps Unicode letters (they are percent-encoded later in Content-Disposition) and the
    extension; never returns an empty name, a dot-file or `..`.
    """
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE.sub("_", base).strip(" .")
    if not base:
        return default
    if len(base) > 120:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 120 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else base[:120]
    return base


def make_job_dir(parent: Path, job_id: str) -> Path:
    """`parent/<job_id>/`, created and marked as the service's own (see `sweep_job_dirs`)."""
    path = parent / safe_segment(job_id, what="job id")
    path.mkdir(parents=True, exist_ok=True)
    (path / JOB_MARKER).touch()
    return path


def sweep_job_dirs(parent: Path, cutoff: float) -> int:
    """Remove marked job directories under `parent` whose newest entry is older than `cutoff`."""
    removed = 0
    if not parent.is_dir():
        return 0
    for entry in parent.iterdir():
        if not entry.is_dir() or entry.is_symlink() or not (entry / JOB_MARKER).is_file():
            continue
        newest = max((p.lstat().st_mtime for p in entry.rglob("*") if p.name != JOB_MARKER),
                     default=entry.stat().st_mtime)
        if max(newest, entry.stat().st_mtime) < cutoff:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed
