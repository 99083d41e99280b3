"""Image capability: `/api/v1/image/*` over the provider registry and the image engines.

- jobs (queue `io`): `image.character`, `image.character.variant`, `image.gemini`, `image.stickers` (jobs.py;
  submission checks in checks.py, shared steps in service.py);
- stored characters with their variants (repository.py, the group's only SQL); style presets and prompts
  (catalog.py); request/result models (schemas.py); routes (router.py).
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="image", router=build_router, jobs=(jobs,))
