"""Publishing capability (issue 17): `POST /api/v1/publish` to YouTube, TikTok and Instagram Reels — one job
per platform (`publish.youtube|tiktok|instagram`, queue `io`) — and `GET /api/v1/publish/platforms`.

- limits checked before any upload: checks.py (submission) and service.py (shared with the jobs);
- the platforms' limits and listing in catalog.py; request/result models in schemas.py; routes in router.py;
- the adapters are in `media_service.providers` (youtube_upload.py, tiktok.py, instagram.py, oauth.py).
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="publish", router=build_router, jobs=(jobs,), providers=("youtube", "tiktok",
                                                                                      "instagram"))
