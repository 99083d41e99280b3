"""System routes: health probes, Prometheus metrics, OpenAPI (JSON/YAML), offline Swagger UI, capabilities."""

from __future__ import annotations

import time
from typing import Any

import yaml
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from media_service import __version__
from media_service.errors import AuthenticationError
from media_service.http.auth import METHOD_SCOPES, KeyRing, authorize, presented_key
from media_service.http.envelope import Envelope, success
from media_service.http.state import web_state
from media_service.providers import registry_for

__all__ = ["install_system_routes"]


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


def _capabilities(app: FastAPI) -> list[CapabilityEntry]:
    """Every documented operation, read from the OpenAPI document (the flattened view of all routers)."""
    job_availability = web_state(app).job_availability
    entries = []
    for path, operations in app.openapi().get("paths", {}).items():
        for method, op in operations.items():
            ok, reason = True, None
            if op.get("x-job-type") and job_availability is not None:
                ok, reason = job_availability(op["x-job-type"])
            scope = "none" if path.startswith("/health") else op.get("x-required-scope") or METHOD_SCOPES.get(method.upper(), "admin")
            entries.append(CapabilityEntry(method=method.upper(), path=path, summary=op.get("summary"),
                                           scope=scope, available=ok, reason=reason))
    return entries


def _reads(keyring: KeyRing, request: Request) -> bool:
    """Whether the request presents a valid key with the read scope (public routes are not authenticated)."""
    try:
        principal = keyring.authenticate(presented_key({k.lower(): v for k, v in request.headers.items()}))
    except AuthenticationError:
        return False
    return "read" in principal.scopes


SECURITY_SCHEMES = {
    "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "The API key"},
    "Bearer": {"type": "http", "scheme": "bearer", "description": "The API key as a bearer token"},
}


def _declare_security(app: FastAPI, prefix: str) -> None:
    """Every operation needs a key (either scheme) except the health probes and presigned file URLs:
    Swagger UI then shows its Authorize button and sends the key with "Try it out"."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        schema["security"] = [{"ApiKey": []}, {"Bearer": []}]
        for path, operations in schema.get("paths", {}).items():
            if path.startswith("/health") or path.startswith(f"{prefix}/files/"):
                for operation in operations.values():
                    operation["security"] = []
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_system_routes(app: FastAPI, *, prefix: str, started_at: float) -> None:
    """Health, metrics, docs and capabilities on `app`."""
    _declare_security(app, prefix)
    health = APIRouter(tags=["system"])

    @health.get("/health", summary="Basic health")
    async def basic_health() -> dict[str, Any]:
        return {"status": "healthy", "uptime": round(time.monotonic() - started_at, 3), "version": __version__}

    @health.get("/health/live", summary="Liveness probe")
    async def live() -> dict[str, str]:
        return {"status": "alive"}

    @health.get("/health/ready", summary="Readiness probe (status for anyone; dependencies with a read key)")
    def ready(request: Request) -> JSONResponse:
        web = web_state(request.app)
        ok, deps = web.health.run()
        body: dict[str, Any] = {"status": "ready" if ok else "not_ready"}
        if _reads(web.keyring, request):  # versions and providers are for the operator, not the world
            body["dependencies"] = deps
        return JSONResponse(body, status_code=200 if ok else 503)

    app.include_router(health)

    @app.get("/metrics", tags=["system"], summary="Prometheus metrics", response_class=Response,
             dependencies=[_auth])
    async def metrics(request: Request) -> Response:
        body = web_state(request.app).metrics.render()
        return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

    api = APIRouter(prefix=prefix, tags=["system"], dependencies=[_auth])

    @api.get("/capabilities", summary="Every endpoint with its scope and availability",
             response_model=Envelope[CapabilitiesList])
    async def capabilities(request: Request) -> dict[str, Any]:
        registry = registry_for(web_state(request.app).settings)
        return success(request, {"endpoints": _capabilities(request.app),
                                 "providers": [info.to_dict() for info in registry.describe()]})

    app.include_router(api)
    # Documentation is public by default (DOCS_PUBLIC; the gateway lets its paths through) so that a
    # browser can load Swagger UI and its assets; the API behind it still needs a key (Authorize).
    # DOCS_PUBLIC=false locks it behind a key of any scope.
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
    app.mount(f"{prefix}/docs/static", StaticFiles(directory=_swagger_ui_dir()), name="swagger-static")


def _swagger_ui_dir() -> str:
    """Swagger UI 5 (OpenAPI 3.1, as FastAPI writes it) from the `swagger-ui-py` wheel, served offline.
    Located without importing the package (its __init__ probes web frameworks)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed")
    return os.path.join(next(iter(spec.submodule_search_locations)), "static")


from fastapi import Depends  # noqa: E402  (kept next to its only use)

_auth = Depends(authorize)
