"""The Sparkfluence backend's mapping onto our jobs (contract Endpoints 5 and 6).

- A combine request is a `sparkfluence.combine` job; its handler runs the video group's `video.combine`
  on `combine_body(request)`: the segments in order with their `type` as label and their declared length,
  `bgm_url` at `bgm_volume` (normalised to -14 LUFS when music is added; without music the segments'
  audio is copied, as the contract's `ffmpeg -c copy` would), MP4 output.
- "Already combined": the request's fingerprint (project_id + segments + options) is the job's
  Idempotency-Key, so the same request finds the same job; a job that failed or was cancelled is not an
  answer, and the next attempt is keyed after it (a bounded chain), so a retry after a failure runs again.
- Job status: queued/processing → processing, completed → completed, failed/cancelled/timeout → failed;
  `current_step` is the job's own human step ("Downloading segment 2 (BODY_1)", "Concatenating", …).
  `final_video_url` is signed afresh on every answer, so an old job's URL has not expired.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from media_service.errors import NotFoundError, ServiceError
from media_service.jobs.registry import registry
from media_service.jobs.schemas import Job
from media_service.jobs.service import JobsService
from media_service.jobs.submit import submit
from media_service.media import signed_url
from media_service.media.service import media_services

from .schemas import Accepted, CombineFinalVideoRequest, Completed, JobStatusData, VideoMetadata

if TYPE_CHECKING:
    from media_service.http.auth import Principal

__all__ = ["COMBINE_JOB", "JOB_STATUS_PATH", "JOB_TYPE", "backend_error", "combine", "combine_body",
           "completed_from", "job_status"]

JOB_TYPE = "sparkfluence.combine"
COMBINE_JOB = "video.combine"
JOB_STATUS_PATH = "/api/job-status"
_MAX_CHAIN = 20
_FAILED = ("failed", "cancelled", "timeout")
_CODES = {"VALIDATION_ERROR": ("INVALID_REQUEST", 400), "PAYLOAD_TOO_LARGE": ("INVALID_REQUEST", 413),
          "AUTHENTICATION_ERROR": ("UNAUTHORIZED", 401), "AUTHORIZATION_ERROR": ("UNAUTHORIZED", 403),
          "NOT_FOUND": ("JOB_NOT_FOUND", 404), "DOWNLOAD_FAILED": ("DOWNLOAD_FAILED", 500),
          "RATE_LIMIT_EXCEEDED": ("RATE_LIMITED", 429), "CONFLICT": ("INVALID_REQUEST", 409)}


def _fingerprint(request: CombineFinalVideoRequest) -> str:
    canonical = json.dumps(request.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return "sparkfluence-" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


def combine_body(request: CombineFinalVideoRequest) -> dict[str, Any]:
    """The `video.combine` request for a contract request."""
    bgm = request.options.bgm_url
    return {"segments": [{"video": s.video_url, "label": s.type, "duration_seconds": s.duration_seconds}
                         for s in request.segments],
            "bgm": {"source": bgm, "volume": request.options.bgm_volume} if bgm else None,
            "loudness_target": -14.0 if bgm else None, "output": {"format": "mp4"}}


def completed_from(job_id: str, combined: dict[str, Any]) -> Completed:
    """The contract's completed shape from a `video.combine` result (JSON); keeps the output's path."""
    output = combined["output"]
    return Completed(job_id=job_id, status="completed", final_video_url=output["url"],
                     duration_seconds=combined["duration_seconds"],
                     file_size_mb=round(int(output["size_bytes"]) / 1_048_576, 2), resolution=combined["resolution"],
                     format=combined["format"], codec=combined["codec"], output_path=output["path"])


def combine(jobs: JobsService, request: CombineFinalVideoRequest, principal: Principal) -> tuple[int, Accepted | Completed]:
    """(202, Accepted) for a new or running job; (200, Completed) when this request was already combined."""
    jt = registry.get(JOB_TYPE)
    key = _fingerprint(request)
    for _ in range(_MAX_CHAIN):
        sub = submit(jobs, jt, request, principal=principal, idempotency_key=key)
        job = sub.job if not sub.replayed else jobs.store.get(sub.job.id)
        if job.status not in _FAILED:
            break
        key = f"{_fingerprint(request)}-after-{job.id}"
    if job.status == "completed":
        return 200, _completed(jobs, job)
    return 202, Accepted(job_id=job.id, status="processing", estimated_time_seconds=round(job.estimated_duration_sec),
                         polling_endpoint=f"{JOB_STATUS_PATH}/{job.id}")


def _completed(jobs: JobsService, job: Job) -> Completed:
    done = Completed.model_validate(job.result or {})
    if done.output_path is None:
        return done
    fresh = signed_url(media_services(jobs.settings).cfg, Path(done.output_path))
    return done.model_copy(update={"final_video_url": fresh})


def job_status(jobs: JobsService, job_id: str) -> JobStatusData:
    """Endpoint 6 for `job_id`; JOB_NOT_FOUND unless it is a Sparkfluence combine job."""
    job = jobs.store.get(job_id)
    if job.type != JOB_TYPE:
        raise NotFoundError(f"Job {job_id} not found")
    if job.status == "completed":
        done = _completed(jobs, job)
        return JobStatusData(job_id=job.id, status="completed", progress_percentage=100,
                             current_step="Upload complete", final_video_url=done.final_video_url,
                             error_message=None, metadata=VideoMetadata.model_validate(done.model_dump()))
    failed = job.status in _FAILED
    message = None
    if failed:
        error = job.error
        message = error.message if error else f"Job {job.status}"
        if error is not None and error.code == "DOWNLOAD_FAILED":
            message = f"Failed to download video from URL: {message}"
    return JobStatusData(job_id=job.id, status="failed" if failed else "processing",
                         progress_percentage=max(0, min(100, int(job.progress * 100))),
                         current_step=job.current_step or ("Queued" if job.status == "queued" else "Starting"),
                         final_video_url=None, error_message=message)


def backend_error(err: ServiceError, state: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Any error on the backend's paths in its envelope: `{success: false, error: {code, message,
    failed_step, details}}` (codes and statuses from the contract's table)."""
    code, status = _CODES.get(err.code, ("INTERNAL_ERROR", 500))
    details = dict(err.details)
    step = details.pop("failed_step", None) or ("Validating request" if code == "INVALID_REQUEST" else
                                                 "Authenticating" if code == "UNAUTHORIZED" else None)
    if state.get("request_id"):
        details.setdefault("request_id", state["request_id"])
    return status, {"success": False, "error": {"code": code, "message": err.message, "failed_step": step,
                                                "details": details}}
