"""create_app(settings): wires middleware, handlers, the media and jobs layers, and the routers and readiness
checks of every installed capability (media_service.capability) — nothing else."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from media_service import __version__
from media_service.capability import Capability, installed_capabilities
from media_service.dashboard import DASHBOARD_PATH, install_dashboard
from media_service.http.auth import KeyRing, ensure_local_key
from media_service.http.gateway import Guard, Observe
from media_service.http.handlers import install_handlers
from media_service.http.health import CheckResult
from media_service.http.operations import assign_operation_ids
from media_service.http.ratelimit import RateLimiter
from media_service.http.state import WebState, install_web_state
from media_service.http.system import install_system_routes
from media_service.jobs.events import WEBSOCKET_PROTOCOL
from media_service.logs import get_logger
from media_service.providers import registry_for
from media_service.settings import Settings

__all__ = ["create_app", "start_warm_up"]


def _cors_regex(origins: list[str]) -> tuple[list[str], str | None]:
    """Exact origins, plus one regex for the PRD's port wildcards (`http://localhost:*`)."""
    import re

    exact, patterns = [], []
    for origin in origins:
        if origin == "*":
            return ["*"], None
        if "*" in origin:
            patterns.append(re.escape(origin).replace(r"\*", r"[0-9]+" if origin.endswith(":*") else r"[^/]*"))
        else:
            exact.append(origin.rstrip("/"))
    return exact, ("^(?:" + "|".join(patterns) + ")$") if patterns else None


def _storage_probe(settings: Settings) -> Callable[[], CheckResult]:
    import os

    def probe() -> CheckResult:
        for d in (settings.data_dir, settings.output_dir, settings.temp_dir):
            if not d.is_dir() or not os.access(d, os.W_OK):
                return CheckResult("down", f"{d} is not a writable directory")
        return CheckResult("ok")

    return probe


def _media_libraries_probe() -> CheckResult:
    import av
    import skia

    return CheckResult("ok", f"av {av.__version__}, skia {skia.__version__}")


def _registry_probe(configured: bool, setting: str | None) -> Callable[[], CheckResult]:
    return lambda: CheckResult("ok", "configured") if configured else CheckResult("not_configured", f"set {setting}")


def _mount(app: FastAPI, web: WebState, capabilities: list[Capability]) -> None:
    """The media and jobs layers, then each capability's router and readiness checks."""
    from media_service.jobs.service import install_jobs
    from media_service.media.router import build_files_router, build_router
    from media_service.media.service import install_media

    prefix = web.settings.api_prefix
    install_media(app, web)  # first: job submission checks refs and handlers save outputs through it
    install_jobs(app, web)  # before capability routers: they submit through it
    app.include_router(build_router(prefix))
    app.include_router(build_files_router(prefix))
    for capability in capabilities:
        if capability.router is not None:
            app.include_router(capability.router(prefix))
        for check in capability.checks:
            web.health.add(check.name, check.probe(web.settings), required=check.required)


def start_warm_up(settings: Settings, capabilities: list[Capability]) -> threading.Thread:
    """Run every capability's `warm_up` hooks in one background thread (the `serve` command calls this), so
    their first-use costs (a music library scan, …) do not land on the first request."""
    log = get_logger("media_service.app")

    def run() -> None:
        for capability in capabilities:
            for hook in capability.warm_up:
                try:
                    hook(settings)
                except Exception:  # a failed warm-up only means a colder first request
                    log.warning("capability.warm_up.failed", capability=capability.name, exc_info=True)

    thread = threading.Thread(target=run, name="capability-warm-up", daemon=True)
    thread.start()
    return thread


def create_app(settings: Settings, *, local_key: str | None = None) -> FastAPI:
    """The ASGI app for `settings`. `local_key` is the generated key when none is configured."""
    for d in (settings.data_dir, settings.output_dir, settings.temp_dir):
        d.mkdir(parents=True, exist_ok=True)
    if local_key is None:
        local_key, _ = ensure_local_key(settings)
    started_at = time.monotonic()
    web = WebState(settings=settings, keyring=KeyRing.from_settings(settings, local_key=local_key))
    web.health.add("storage", _storage_probe(settings))
    web.health.add("media_libraries", _media_libraries_probe)
    registry = registry_for(settings)
    reported: set[str] = set()
    for info in registry.describe():  # one line per vendor (openai serves images and speech)
        if not info.local and info.name not in reported:
            reported.add(info.name)
            web.health.add(f"provider:{info.name}", _registry_probe(info.configured, info.setting), required=False)
    web.on_shutdown.append(registry.close)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        for close in reversed(web.on_shutdown):
            close()

    prefix = settings.api_prefix
    docs_public = settings.docs_public
    app = FastAPI(title="Remotion Media Service", version=__version__, lifespan=lifespan,
                  openapi_url=f"{prefix}/openapi.json", docs_url=None, redoc_url=None,
                  description="Local media generation: rendering, speech, audio, AI video and images as durable jobs."
                              "\n\n" + WEBSOCKET_PROTOCOL)
    install_web_state(app, web)
    install_handlers(app)
    install_system_routes(app, prefix=prefix, started_at=started_at)

    capabilities = installed_capabilities(settings)
    app.state.capabilities = capabilities
    _mount(app, web, capabilities)
    install_dashboard(app, api_prefix=prefix)
    assign_operation_ids(app, prefix)  # `group.verb`, what the SDKs' methods are named from

    # Presigned file URLs are their own credential; documentation is public unless DOCS_PUBLIC=false; the
    # dashboard's page and assets are public (every API call it makes carries the user's key).
    public_prefixes = (f"{prefix}/files/", DASHBOARD_PATH) + (
        (f"{prefix}/docs", f"{prefix}/openapi.") if docs_public else ())

    def body_limit(path: str) -> int:
        if path.startswith(f"{prefix}/uploads"):
            return settings.max_file_size_bytes
        return settings.max_request_body_bytes

    app.add_middleware(Guard, keyring=web.keyring,
                       limiter=RateLimiter(settings) if settings.rate_limit_enabled else None,
                       body_limit=body_limit, public_prefixes=public_prefixes,
                       job_reads=re.compile(rf"{re.escape(prefix)}/jobs/[^/]+(?:/(?:events|logs|result))?"))
    if settings.cors_enabled:
        exact, regex = _cors_regex(settings.cors_origins)
        app.add_middleware(CORSMiddleware, allow_origins=exact, allow_origin_regex=regex,
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type", "Idempotency-Key",
                                          "X-Request-ID", "Last-Event-ID", "Range"],
                           expose_headers=["X-Request-ID", "RateLimit-Limit", "RateLimit-Remaining",
                                           "RateLimit-Reset", "Retry-After", "Idempotent-Replayed",
                                           "Content-Range", "Content-Disposition"],
                           max_age=600)
    app.add_middleware(Observe, metrics=web.metrics,
                       include_body=settings.log_include_request_body)
    return app
