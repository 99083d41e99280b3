"""The Sparkfluence combine job type (`sparkfluence.combine`, queue `cpu`).

Its handler runs the video group's `video.combine` handler, found by name in the job registry (no
capability imports another), on the contract request turned into a combine request, in the same job
context: the same downloads, human steps, engines and output. It returns the contract's completed shape.
"""

from __future__ import annotations

from media_service.jobs import JobContext, job_type
from media_service.jobs.registry import registry

from .checks import prepare_combine
from .schemas import CombineFinalVideoRequest, Completed
from .service import COMBINE_JOB, combine_body, completed_from

__all__ = ["combine_final_video"]


@job_type("sparkfluence.combine", request=CombineFinalVideoRequest, result=Completed, queue="cpu",
          default_timeout_sec=1800.0, estimate=lambda req: 5.0 + 3.0 * len(req.segments), prepare=prepare_combine,
          summary="Sparkfluence: combine the segments (+ background music) into the final video")
def combine_final_video(ctx: JobContext, request: CombineFinalVideoRequest) -> Completed:
    """Run `video.combine` on the contract request; answer in the contract's completed shape."""
    combine = registry.get(COMBINE_JOB)
    result = combine.handler(ctx, combine.request_model.model_validate(combine_body(request)))
    return completed_from(ctx.job_id, result.model_dump(mode="json"))
