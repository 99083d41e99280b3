"""Pipeline: `POST /api/v1/video/pipeline` — one request to a finished short video, every step a child job.

- jobs.py: `video.pipeline` (and `video.pipeline_retry`, the same run reusing a failed run's finished steps),
  queue `io`, coordinating child jobs of other groups' types by name (a capability never imports another);
- service.py: the run (steps, reuse, progress weighted by step) and the children's requests;
- checks.py: submission checks (subject, language, providers, music); router.py: the route and its retry.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="pipeline", router=build_router, jobs=(jobs,))
