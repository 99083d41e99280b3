"""The Sparkfluence Python backend (contract Endpoints 5 and 6): `POST /api/combine-final-video` and
`GET /api/job-status/{job_id}` over `sparkfluence.combine` jobs, which run the video group's combine.

router.py: the two routes (outside the API prefix, as the contract has them) and the backend's error
envelope; service.py: the mapping to and from jobs; checks.py: URL checks at submission; jobs.py: the
job type; schemas.py: the contract's shapes.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="sparkfluence_backend", router=build_router, jobs=(jobs,))
