"""Image capability: `/api/v1/image/*` over the provider registry and the image engines.

- jobs (queue `io`): `image.character`, `image.character.variant`, `image.gemini`, `image.stickers` (jobs.py;
  submission checks in checks.py, shared steps in service.py);
- stored characters with their variants (repository.py, the group's only SQL); style presets and prompts
  (catalog.py); request/result models (schemas.py); routes (router.py).
"""

from .router import build_router

__all__ = ["build_router"]
