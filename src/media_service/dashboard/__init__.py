"""The web dashboard at `/dashboard`: a page a person uses instead of curl (jobs, previews, galleries, the
brief editor, voices, health).

The page and its assets (plain HTML, CSS and ES modules under `static/`, no build step, no CDN) are public so
a browser can load them; every API call the page makes carries the key the user signs in with (kept in the
tab's session storage, sent as `Authorization: Bearer`). The routes are not part of the API document.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["DASHBOARD_PATH", "install_dashboard"]

DASHBOARD_PATH = "/dashboard"
STATIC_DIR = Path(__file__).parent / "static"

#: Scripts and styles only from this origin (no inline code); media may come from the presigned file URLs,
#: which are absolute and can sit on PUBLIC_BASE_URL's origin.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data: http: https:; "
        "media-src 'self' blob: http: https:; connect-src 'self' http: https: ws: wss:; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
_HEADERS = {"Content-Security-Policy": _CSP, "Cache-Control": "no-cache", "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff"}


@cache
def _page(api_prefix: str) -> str:
    """index.html with the API prefix the scripts call."""
    return (STATIC_DIR / "index.html").read_text(encoding="utf-8").replace("{{API_PREFIX}}", escape(api_prefix))


def install_dashboard(app: FastAPI, *, api_prefix: str) -> None:
    """Serve the dashboard page at `/dashboard` and its assets at `/dashboard/static/` (public paths:
    the gateway lets `DASHBOARD_PATH` through; the API calls behind the page need a key)."""
    router = APIRouter(include_in_schema=False)

    @router.get(DASHBOARD_PATH, response_class=HTMLResponse)
    async def dashboard() -> HTMLResponse:
        return HTMLResponse(_page(api_prefix), headers=_HEADERS)

    @router.get(f"{DASHBOARD_PATH}/", response_class=RedirectResponse)
    async def dashboard_slash() -> RedirectResponse:
        return RedirectResponse(DASHBOARD_PATH, status_code=308)

    app.include_router(router)
    app.mount(f"{DASHBOARD_PATH}/static", StaticFiles(directory=STATIC_DIR), name="dashboard-static")
