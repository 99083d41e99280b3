"""System routes: health probes, Prometheus metrics, OpenAPI (JSON/YAML), offline Swagger UI, capabilities."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

import swagger_ui_bundle
import yaml
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from media_service import __version__
from media_service.http.auth import METHOD_SCOPES, authorize
from media_service.http.envelope import Envelope, success
from media_service.providers import registry_for

__all__ = ["CheckResult", "HealthCheck", "HealthRegistry", "install_system_routes"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    status: Literal["ok", "down", "not_configured"]
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """One dependency of readiness. A `required` check that is down makes /health/ready answer 503."""

    name: str
    probe: Callable[[], CheckResult]
    required: bool = True


@dataclass
class HealthRegistry:
    checks: list[HealthCheck] = field(default_factory=list)

    def add(self, name: str, probe: Callable[[], CheckResult], *, required: bool = True) -> None:
        self.checks.append(HealthCheck(name, probe, required))

    def run(self) -> tuple[bool, dict[str, dict[str, Any]]]:
        ready = True
        out: dict[str, dict[str, Any]] = {}
        for check in self.checks:
            try:
                result = check.probe()
            except Exception as exc:  # a probe that raises is a dependency that is down
                result = CheckResult("down", f"{type(exc).__name__}: {exc}")
            out[check.name] = {"status": result.status, "required": check.required,
                               **({"detail": result.detail} if result.detail else {})}
            if check.required and result.status == "down":
                ready = False
        return ready, out


class CapabilityEntry(BaseModel):
    method: str
    path: str
    summary: str | None
    scope: str
    available: bool
    reason: str | None = None


class ProviderEntry(BaseModel):
    """A cloud provider (or local engine) and whether it can be used; `setting` names what to configure."""

    name: str
    kind: str
    configured: bool
    local: bool
    setting: str | None = None
    base_url: str | None = None
    model: str | None = None


class CapabilitiesList(BaseModel):
    endpoints: list[CapabilityEntry]
    providers: list[ProviderEntry] = []


Availability = Callable[[], tuple[bool, str | None]]


def _capabilities(app: FastAPI) -> list[CapabilityEntry]:
    """Every documented operation, read from the OpenAPI document (the flattened view of all routers)."""
    services = app.state.services
    availability: dict[str, Availability] = services.availability
    entries = []
    for path, operations in app.openapi().get("paths", {}).items():
        for method, op in operations.items():
            ok, reason = availability.get(path, lambda: (True, None))()
            if ok and op.get("x-job-type") and services.job_availability is not None:
                ok, reason = services.job_availability(op["x-job-type"])
            scope = "none" if path.startswith("/health") else op.get("x-required-scope") or METHOD_SCOPES.get(method.upper(), "admin")
            entries.append(CapabilityEntry(method=method.upper(), path=path, summary=op.get("summary"),
                                           scope=scope, available=ok, reason=reason))
    return entries


def install_system_routes(app: FastAPI, *, prefix: str, started_at: float) -> None:
    """Health, metrics, docs and capabilities on `app`."""
    health = APIRouter(tags=["system"])

    @health.get("/health", summary="Basic health")
    async def basic_health() -> dict[str, Any]:
        return {"status": "healthy", "uptime": round(time.monotonic() - started_at, 3), "version": __version__}

    @health.get("/health/live", summary="Liveness probe")
    async def live() -> dict[str, str]:
        return {"status": "alive"}

    @health.get("/health/ready", summary="Readiness probe: one entry per dependency")
    def ready(request: Request) -> JSONResponse:
        ok, deps = request.app.state.services.health.run()
        return JSONResponse({"status": "ready" if ok else "not_ready", "dependencies": deps},
                            status_code=200 if ok else 503)

    app.include_router(health)

    @app.get("/metrics", tags=["system"], summary="Prometheus metrics", response_class=Response,
             dependencies=[_auth])
    async def metrics(request: Request) -> Response:
        body = request.app.state.services.metrics.render()
        return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

    api = APIRouter(prefix=prefix, tags=["system"], dependencies=[_auth])

    @api.get("/capabilities", summary="Every endpoint with its scope and availability",
             response_model=Envelope[CapabilitiesList])
    async def capabilities(request: Request) -> dict[str, Any]:
        registry = registry_for(request.app.state.services.settings)
        return success(request, {"endpoints": _capabilities(request.app),
                                 "providers": [info.to_dict() for info in registry.describe()]})

    app.include_router(api)
    # Documentation needs a key like everything else (the gateway checks it), but no particular scope,
    # and DOCS_PUBLIC opens it to browsers.
    docs_router = APIRouter(prefix=prefix, include_in_schema=False)

    @docs_router.get("/openapi.yaml", response_class=Response)
    async def openapi_yaml(request: Request) -> Response:
        return Response(yaml.safe_dump(request.app.openapi(), sort_keys=False), media_type="application/yaml")

    @docs_router.get("/docs", response_class=HTMLResponse)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=f"{prefix}/openapi.json", title="Remotion Media Service — API",
                                   swagger_js_url=f"{prefix}/docs/static/swagger-ui-bundle.js",
                                   swagger_css_url=f"{prefix}/docs/static/swagger-ui.css",
                                   swagger_favicon_url=f"{prefix}/docs/static/favicon-32x32.png",
                                   swagger_ui_parameters={"persistAuthorization": True})

    app.include_router(docs_router)
    app.mount(f"{prefix}/docs/static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger-static")


from fastapi import Depends  # noqa: E402  (kept next to its only use)

_auth = Depends(authorize)
