"""Sparkfluence Edge Function endpoints served by this service (`/functions/v1/*`, sparkfluence-api-contracts.md
Part 1), with their own request/response shapes and error envelope.

- `POST /functions/v1/generate-images` (Endpoint 2): one image per segment; the work runs as an
  `sparkfluence.generate_images` job and the endpoint answers synchronously like the contract, or 504
  naming the job to poll when the provider is slow.
- `POST /functions/v1/generate-videos` (Endpoint 3): one `sparkfluence.segment_video` (a video provider) or
  `sparkfluence.local_segment_video` (motion engine + local voiceover) job per segment; its id is the uuid.
- `POST /functions/v1/check-video-status` (Endpoint 4): those jobs as the contract's 1/2/3 with signed URLs.
Later: generate-script. The Python-backend endpoints
(combine-final-video, job-status) live in `capabilities/sparkfluence_backend/`.
"""

from media_service.capability import Capability

from . import jobs
from .router import build_router

__all__ = ["CAPABILITY"]

CAPABILITY = Capability(name="sparkfluence", router=build_router, jobs=(jobs,))
