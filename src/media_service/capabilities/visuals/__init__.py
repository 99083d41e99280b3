"""Visuals capability: `/api/v1/visuals/*` over the stock providers (Pexels, Pixabay) and the scene engine.

- answered at once: `/visuals/stock` (photos and videos by query and filters), `/visuals/ugc` (portrait,
  person-centred clips) — router.py over service.py;
- jobs (jobs.py): `visuals.broll` (queue `io`): clips ranked per script segment, optionally downloaded;
- fixed words and queries (catalog.py); request/result models (schemas.py); submission checks (checks.py).
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="visuals", router=build_router, jobs=(jobs,), providers=("pexels", "pixabay"))
