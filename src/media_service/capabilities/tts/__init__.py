"""Speech capability: `/api/v1/tts/*` over the speech engine.

- jobs (queue `cpu`): `tts.generate`, `tts.multi_language`, `tts.voice_clone` (jobs.py; submission checks
  in checks.py);
- answered at once: voice listing, voice profiles (create/get/delete), providers (router.py);
- provider chain, voice choice, profiles and listings (service.py); profile storage (repository.py);
  provider facts and the PRD language table (catalog.py); request/result models (schemas.py).
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="tts", router=build_router, jobs=(jobs,))
