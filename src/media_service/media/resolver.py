"""Turning media references into local files inside a job.

`MediaResolver.for_job(...)` gives a resolver with its own working directory under
TEMP_DIR/jobs/<job_id>/, removed as soon as the job's work is done. Downloads are cached per
resolver by URL and revalidated with ETag / Last-Modified when the same URL comes up again.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..errors import DownloadError, NotFoundError, PayloadTooLargeError, ValidationError
from ..logs import get_logger
from .config import MediaConfig
from .datauri import parse_data_uri
from .egress import EgressDenied
from .paths import make_job_dir, resolve_within_roots
from .refs import RefKind, classify_ref
from .sniff import Detected, MediaKind, detect_media, ensure_kind
from .stream import LimitedWriter
from .tokens import own_file
from .transport import fetch_failure, open_stream
from .uploads import UploadStore

__all__ = ["MediaResolver", "ResolvedMedia"]

_RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class ResolvedMedia:
    """A local file for a reference, with its detected type."""

    path: Path
    detected: Detected


@dataclass(slots=True)
class _Download:
    path: Path
    etag: str | None
    last_modified: str | None


def _display(url: str) -> str:
    # Query strings often carry signatures or tokens; error messages and logs keep them out.
    try:
        return str(httpx.URL(url).copy_with(query=None, fragment=None))[:200]
    except (httpx.InvalidURL, ValueError):
        return "(invalid URL)"


class MediaResolver:
    """Fetches references for one job into `workdir`. Not thread-safe; one per job."""

    def __init__(self, cfg: MediaConfig, workdir: Path, client: httpx.Client | Callable[[], httpx.Client], *,
                 uploads: UploadStore | None = None) -> None:
        # `client` may be a factory: a job that only reads local files never pays for building one.
        self._cfg, self._workdir, self._client_or_factory, self._uploads = cfg, workdir, client, uploads
        self._downloads: dict[str, _Download] = {}
        self._names = itertools.count()  # unique scratch names, also when a job fetches in parallel threads

    def _http(self) -> httpx.Client:
        if not isinstance(self._client_or_factory, httpx.Client):
            self._client_or_factory = self._client_or_factory()
        return self._client_or_factory

    @property
    def workdir(self) -> Path:
        """The directory downloads and decoded data: URIs are written to."""
        return self._workdir

    @classmethod
    @contextmanager
    def for_job(cls, cfg: MediaConfig, job_id: str, client: httpx.Client, *,
                uploads: UploadStore | None = None) -> Iterator[MediaResolver]:
        """A resolver whose working directory TEMP_DIR/jobs/<job_id>/ is deleted on exit.

        Copy anything that must outlive the job into the output directory before leaving.
        """
        workdir = make_job_dir(cfg.temp_dir / "jobs", job_id)
        try:
            yield cls(cfg, workdir, client, uploads=uploads)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def fetch(self, ref: str, *, field: str, accepts: Collection[MediaKind] | MediaKind = MediaKind.ANY) -> Path:
        """A local file for `ref`, checked by content against `accepts`. See `fetch_media`."""
        return self.fetch_media(ref, field=field, accepts=accepts).path

    def fetch_media(self, ref: str, *, field: str,
                    accepts: Collection[MediaKind] | MediaKind = MediaKind.ANY) -> ResolvedMedia:
        """Resolve, download or decode `ref`, then detect and verify its content.

        Raises ValidationError / UnsupportedMediaError (bad reference, refused address, wrong
        or corrupt content) and DownloadError (DOWNLOAD_FAILED: HTTP error status, network
        failure, too many redirects, body over MAX_FILE_SIZE_MB), each naming `field`.
        """
        try:
            form = classify_ref(ref)
        except ValueError as exc:
            raise ValidationError(str(exc), field=field) from None
        if form is RefKind.PATH:
            path = self._local(ref, field)
        elif form is RefKind.UPLOAD:
            path = self._upload(ref, field)
        elif form is RefKind.DATA:
            path = self._data(ref, field)
        else:  # one of our own signed URLs (a previous job's output) is read in place, not downloaded
            path = own_file(ref, self._cfg) or self._download(ref, field)
        detected = ensure_kind(detect_media(path, field=field), accepts, field=field)
        return ResolvedMedia(self._with_extension(path, detected), detected)

    def _with_extension(self, path: Path, detected: Detected) -> Path:
        # Our own copies get the detected extension: some tools downstream still go by name.
        if path.parent != self._workdir or path.suffix == f".{detected.ext}":
            return path
        named = path.with_suffix(f".{detected.ext}")
        path.replace(named)
        for entry in self._downloads.values():
            if entry.path == path:
                entry.path = named
        return named

    def _local(self, ref: str, field: str) -> Path:
        path = resolve_within_roots(ref, self._cfg.input_roots, field=field)
        if not path.is_file():
            raise ValidationError("file not found", field=field)
        return path

    def _upload(self, ref: str, field: str) -> Path:
        if self._uploads is None:
            raise ValidationError("upload ids are not accepted here", field=field)
        try:
            return self._uploads.path(ref)
        except NotFoundError:
            raise ValidationError(f"upload {ref} not found or expired", field=field) from None

    def _data(self, ref: str, field: str) -> Path:
        try:
            data = parse_data_uri(ref, max_bytes=self._cfg.max_file_size_bytes, field=field)
        except PayloadTooLargeError as exc:
            raise ValidationError(exc.message, field=field) from None
        digest = hashlib.sha256(data.payload.encode()).hexdigest()[:24]
        existing = sorted(self._workdir.glob(f"data-{digest}*"))
        return existing[0] if existing else data.write_to(self._workdir / f"data-{digest}")

    def _download(self, url: str, field: str) -> Path:
        cached = self._downloads.get(url)
        if cached is not None and not (cached.etag or cached.last_modified):
            return cached.path  # nothing to revalidate with: the copy fetched earlier in this job stands
        headers = {"accept-encoding": "identity"}
        if cached is not None and cached.etag:
            headers["if-none-match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["if-modified-since"] = cached.last_modified
        try:
            with open_stream(self._http(), url, policy=self._cfg, max_redirects=self._cfg.max_redirects,
                             headers=headers, field=field) as response:
                if response.status_code == 304 and cached is not None:
                    _log.info("media.download.revalidated", url=_display(url), field=field)
                    return cached.path
                target = self._workdir / f"download-{next(self._names)}"
                self._save_body(response, target, url, field)
        except EgressDenied as exc:
            raise EgressDenied(f"{_display(url)}: {exc.message}", field=field, details=exc.details) from None
        except httpx.HTTPError as exc:
            failure = fetch_failure(exc)  # a category only: socket errors would map ports for a caller
            raise DownloadError(f"{field}: could not fetch {_display(url)}: {failure.message}",
                                retryable=failure.retryable,
                                details={"field": field, "reason": failure.reason}) from None
        self._downloads[url] = _Download(target, response.headers.get("etag"), response.headers.get("last-modified"))
        _log.info("media.download.completed", url=_display(url), field=field, size_bytes=target.stat().st_size)
        return target

    def _save_body(self, response: httpx.Response, target: Path, url: str, field: str) -> None:
        status = response.status_code
        if status != 200:
            raise DownloadError(f"{field}: {_display(url)} answered HTTP {status}",
                                retryable=status in _RETRYABLE_STATUS,
                                details={"field": field, "status_code": status,
                                         "reason": "not_found" if status in (404, 410) else "http_status"})
        limit = self._cfg.max_file_size_bytes
        too_large = DownloadError(f"{field}: {_display(url)} is larger than the {limit}-byte limit (MAX_FILE_SIZE_MB)",
                                  retryable=False, details={"field": field, "limit_bytes": limit, "reason": "too_large"})
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large  # refused before reading a byte of the body
        try:
            with LimitedWriter(target, limit) as writer:
                for chunk in response.iter_bytes(64 * 1024):
                    writer.write(chunk)
        except PayloadTooLargeError:
            raise too_large from None
