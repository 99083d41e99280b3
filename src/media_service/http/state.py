"""The web layer's state on the app, and the FastAPI dependencies routers reach it (and settings) with.

Each layer keeps its own typed state on `app.state` and offers its own dependency: this module the web
layer's (`WebState`: settings, keys, metrics, readiness checks, shutdown hooks); `media.service` the media
layer's (`MediaDep`), `jobs.service` the job engine's (`JobsDep`). Routers declare what they use:

    def formats(request: Request, settings: SettingsDep) -> dict[str, Any]: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from fastapi import Depends, FastAPI, Request

from media_service.http.auth import KeyRing
from media_service.http.metrics import Metrics
from media_service.http.health import HealthRegistry
from media_service.settings import Settings

__all__ = ["JobAvailability", "SettingsDep", "WebState", "app_state", "get_settings", "install_web_state", "web_state"]

T = TypeVar("T")

JobAvailability = Callable[[str], tuple[bool, str | None]]
"""job type → (usable here now, why not)."""


@dataclass
class WebState:
    """Built once by `create_app`. Other layers add to it through their own small protocols (a readiness
    check, a metrics collector, a shutdown hook, how /capabilities learns whether a job type can run)."""

    settings: Settings
    keyring: KeyRing
    metrics: Metrics = field(default_factory=Metrics)
    health: HealthRegistry = field(default_factory=HealthRegistry)
    on_shutdown: list[Callable[[], None]] = field(default_factory=list)
    job_availability: JobAvailability | None = None


def install_web_state(app: FastAPI, state: WebState) -> WebState:
    """Keep `state` on `app` (once, at start-up)."""
    app.state.web = state
    return state


def app_state(app: FastAPI, name: str, kind: type[T]) -> T:
    """The `kind` a layer keeps on `app` as `name` (a typed view of starlette's untyped `app.state`)."""
    value = getattr(app.state, name)
    assert isinstance(value, kind), f"app.state.{name} is {type(value).__name__}, not {kind.__name__}"
    return value


def web_state(app: FastAPI) -> WebState:
    """The app's WebState."""
    return app_state(app, "web", WebState)


def get_settings(request: Request) -> Settings:
    """Dependency: the service's settings."""
    return web_state(request.app).settings


SettingsDep = Annotated[Settings, Depends(get_settings)]
