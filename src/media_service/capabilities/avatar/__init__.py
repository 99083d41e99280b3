"""Avatar capability (issue 17, PRD §6.6): talking heads — `/api/v1/avatar/infinitetalk` (Modal), `/sadtalker`
and `/wav2lip` (Replicate), `/talking-head` (routes by input) — and custom avatars (`/train`,
`/training/{id}`, `/models`). Every face image is checked locally for exactly one face (MediaPipe, its own
process: engines/avatar) and the speech for length and sound, before any provider call.

- jobs (queue `io`) in jobs.py; submission checks in checks.py; fetching, routing and the job bodies in
  service.py; trained avatars in repository.py; request/result models in schemas.py; routes in router.py.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="avatar", router=build_router, jobs=(jobs,), providers=("infinitetalk", "sadtalker",
                                                                                     "wav2lip"))
