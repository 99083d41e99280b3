"""AI video capability (issue 16): `/api/v1/video/sora|mochi|wan2` jobs through the video providers
(providers/veo.py, geminigen.py, replicate_video.py) and `GET /api/v1/video/models` (the catalogue,
providers/video_models.py). Sora 2 is retired: /video/sora routes to SORA_FALLBACK_MODEL and says so.

- jobs (queue `io`) in jobs.py; submission checks in checks.py; the clip-making shared by the three in
  service.py; the model listing in catalog.py; request/result models in schemas.py; routes in router.py.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="aivideo", router=build_router, jobs=(jobs,), providers=("gemini", "geminigen",
                                                                                      "replicate"))
