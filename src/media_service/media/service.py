"""The media layer inside a process: config from Settings, stores, the guarded HTTP client, the
periodic retention sweep, and what every job handler gets as `ctx.inputs` / `ctx.outputs` (the
worker's composition root, `media_service.workers`, hands these to the job runtime).

In the API, `install_media` keeps the MediaServices on the app (routers reach it as the `MediaDep`
dependency); what it needs from the application is the small `MediaHost` protocol."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Protocol

import httpx
from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel

from ..http.state import app_state
from ..logs import get_logger
from ..settings import Settings
from .config import EgressRules, MediaConfig, load_or_create_signing_key
from .outputs import OutputRef, OutputStore
from .probe import MediaFacts
from .resolver import MediaResolver
from .retention import sweep
from .sniff import MediaKind
from .transport import make_guarded_client
from .uploads import UploadStore

__all__ = ["JobInputs", "JobOutputs", "MediaDep", "MediaHost", "MediaServices", "egress_rules", "get_media",
           "install_media", "media_config", "media_services", "trusted_origins"]

SWEEP_INTERVAL_SEC = 600.0
_log = get_logger(__name__)


_ORIGIN_SUFFIXES = ("_base_url", "_endpoint", "_api_url")
_NOT_AN_ORIGIN = frozenset({"public_base_url"})


def trusted_origins(settings: Settings) -> list[str]:
    """The configured provider base URLs (every setting named `*_base_url`, `*_endpoint` or
    `*_api_url`, except PUBLIC_BASE_URL): the operator chose them, so the egress guard trusts
    their host and port even when they are local (a model server on 127.0.0.1)."""
    found = []
    for name in type(settings).model_fields:
        if name.endswith(_ORIGIN_SUFFIXES) and name not in _NOT_AN_ORIGIN:
            value = getattr(settings, name)
            if isinstance(value, str) and value.strip():
                found.append(value.strip())
    return found


def egress_rules(settings: Settings) -> EgressRules:
    """The egress policy for webhooks and provider clients: EGRESS_BLOCK_PRIVATE (default on),
    EGRESS_ALLOW_NETWORKS, EGRESS_ALLOW_HOSTS and the trusted provider origins."""
    return EgressRules.create(block_private=settings.egress_block_private,
                              allow_networks=settings.egress_allow_networks,
                              allow_hosts=settings.egress_allow_hosts, trusted_origins=trusted_origins(settings))


class JobContextLike(Protocol):
    """What the media layer needs of a running job (jobs' JobContext has it)."""

    job_id: str

    @property
    def workdir(self) -> Path: ...


def media_config(settings: Settings) -> MediaConfig:
    """The MediaConfig for `settings` (the signing key persists in DATA_DIR/signing.key)."""
    return MediaConfig.create(
        output_dir=settings.output_dir, temp_dir=settings.temp_dir,
        signing_key=load_or_create_signing_key(Path(settings.data_dir) / "signing.key"),
        input_roots=settings.input_roots, output_roots=settings.output_roots,
        max_file_size_mb=settings.max_file_size_mb, base64_max_mb=settings.base64_max_mb,
        block_private=settings.egress_block_private, allow_networks=settings.egress_allow_networks,
        allow_hosts=egress_rules(settings).allow_hosts,
        url_ttl_seconds=settings.output_url_ttl_sec, upload_ttl_seconds=settings.upload_ttl_sec,
        output_ttl_hours=settings.output_ttl_hours, public_base_url=settings.public_base_url,
        files_base_path=f"{settings.api_prefix}/files/")


@dataclass
class MediaServices:
    """One per process: config, stores and the shared guarded client."""

    cfg: MediaConfig
    uploads: UploadStore
    outputs: OutputStore
    _client: httpx.Client | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> MediaServices:
        cfg = media_config(settings)
        cfg.ensure_dirs()
        return cls(cfg=cfg, uploads=UploadStore(cfg), outputs=OutputStore(cfg))

    @property
    def client(self) -> httpx.Client:
        """The guarded HTTP client for downloads, created on first use (worker processes only need it then)."""
        with self._lock:
            if self._client is None:
                self._client = make_guarded_client(self.cfg)
            return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


@cache
def _process_media(settings_json: str) -> MediaServices:
    return MediaServices.from_settings(Settings.model_validate_json(settings_json))


def media_services(settings: Settings) -> MediaServices:
    """This process's MediaServices for `settings` (workers build it on the first job that needs it)."""
    return _process_media(settings.model_dump_json(round_trip=True))


class JobInputs:
    """`ctx.inputs`: MediaRefs → local files in the job's workdir (removed when the attempt ends)."""

    def __init__(self, ctx: JobContextLike, media: MediaServices) -> None:
        workdir = ctx.workdir / "inputs"
        workdir.mkdir(parents=True, exist_ok=True)  # data: URIs and downloads are written straight into it
        self._resolver = MediaResolver(media.cfg, workdir, lambda: media.client, uploads=media.uploads)

    def fetch(self, ref: str, *, field: str, accepts: Collection[MediaKind] | MediaKind = MediaKind.ANY) -> Path:
        """A local file for `ref`, checked by content; ValidationError / DownloadError name `field`."""
        return self._resolver.fetch(ref, field=field, accepts=accepts)


class JobOutputs:
    """`ctx.outputs`: files a job hands out, under OUTPUT_DIR/<job_id>/, as OutputRefs."""

    def __init__(self, ctx: JobContextLike, media: MediaServices) -> None:
        self._ctx, self._store = ctx, media.outputs

    @property
    def dir(self) -> Path:
        """Where the job should write its outputs (OUTPUT_DIR/<job_id>/)."""
        return self._store.job_dir(self._ctx.job_id)

    def save(self, path: Path, *, name: str | None = None, request: BaseModel | None = None,
             facts: MediaFacts | None = None) -> OutputRef:
        """Register `path` as an output; honours `output_path`/`overwrite` and `return_base64` on `request`.
        `facts`: the media facts of a file the job wrote itself (see `image_facts`), else it is probed."""
        ref = self._store.save(self._ctx.job_id, path, name=name, facts=facts)
        if request is not None:
            output_path = getattr(request, "output_path", None)
            if output_path:
                self._store.write_to_output_path(Path(ref.path), output_path,
                                                 overwrite=bool(getattr(request, "overwrite", False)))
                ref = ref.model_copy(update={"path": str(Path(output_path).resolve())})
            if getattr(request, "return_base64", False):
                ref = self._store.inline_base64(ref)
        return ref


def _sweeper(media: MediaServices, stop: threading.Event) -> None:
    while not stop.wait(SWEEP_INTERVAL_SEC):
        try:
            report = sweep(media.cfg)
            _log.info("media.sweep.completed", outputs=report.outputs, uploads=report.uploads, temp=report.temp)
        except Exception:  # noqa: BLE001 -- a failed sweep must not end the loop; retried next interval
            _log.exception("media.sweep.failed")


class MediaHost(Protocol):
    """What the media layer needs from the application it is installed in (the app's WebState is one)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def on_shutdown(self) -> list[Callable[[], None]]: ...


def install_media(app: FastAPI, host: MediaHost) -> MediaServices:
    """Create the media layer for the API process, keep it on `app` and start the retention sweep."""
    media = MediaServices.from_settings(host.settings)
    app.state.media = media
    stop = threading.Event()
    threading.Thread(target=_sweeper, args=(media, stop), name="media-sweep", daemon=True).start()
    host.on_shutdown.extend([stop.set, media.close])
    return media


def get_media(request: Request) -> MediaServices:
    """Dependency: the media layer of the app serving the request."""
    return app_state(request.app, "media", MediaServices)


MediaDep = Annotated[MediaServices, Depends(get_media)]
