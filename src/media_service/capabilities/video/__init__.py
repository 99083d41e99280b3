"""Video capability: `/api/v1/video/*` over the local video engines (PRD §6.3.2, §6.3.3, Sparkfluence combine).

- jobs (queue `cpu`): `video.combine` (assembly engine), `video.image_to_video` (motion engine),
  `video.transform` (transform engine) in jobs.py; submission checks in checks.py; fetching, steps and
  reports in service.py; request/result models in schemas.py; routes in router.py.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="video", router=build_router, jobs=(jobs,))
