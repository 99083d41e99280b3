"""The Sparkfluence Python backend (contract Endpoints 5 and 6) over the `video.combine` job type.

router.py: `POST /api/combine-final-video`, `GET /api/job-status/{job_id}`; service.py: the mapping to
and from `video.combine` jobs and the backend's error envelope; schemas.py: the contract's shapes.
"""

from .router import build_router

__all__ = ["build_router"]
