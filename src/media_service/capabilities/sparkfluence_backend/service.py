"""The Sparkfluence backend over the video capability's `video.combine` job type (looked up by name in
the job registry; no capability imports another).

- A combine request becomes a `video.combine` request: the segments in order with their `type` as label
  and their declared length, `bgm_url` at `bgm_volume` (normalised to -14 LUFS when music is added;
  without music the segments' audio is copied as the contract's `ffmpeg -c copy` would), MP4 output.
- "Already combined": the request's fingerprint (project_id + segments + options) is the job's
  Idempotency-Key, so the same request finds the same job; a job that failed or was cancelled is not an
  answer, and the next attempt is keyed after it (a bounded chain), so a retry after a failure runs again.
- Job status: queued/processing → processing, completed → completed, failed/cancelled/timeout → failed;
  `current_step` is the job's own human step ("Downloading segment 2 (BODY_1)", "Concatenating", …).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from media_service.errors import NotFoundError, ServiceError
from media_service.jobs.registry import registry
from media_service.jobs.schemas import Job
from media_service.jobs.service import jobs_service
from media_service.jobs.submit import submit

from .schemas import Accepted, CombineFinalVideoRequest, Completed, JobStatusData, VideoMetadata

if TYPE_CHECKING:
    from media_service.app import Services
    from media_service.http.auth import Principal

__all__ = ["COMBINE_JOB", "JOB_STATUS_PATH", "backend_error", "combine", "job_status"]

COMBINE_JOB = "video.combine"
JOB_STATUS_PATH = "/api/job-status"
_MAX_CHAIN = 20
BaseData = Accepted | Completed
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


def combine(services: Services, request: CombineFinalVideoRequest, principal: Principal) -> tuple[int, BaseData]:
    """(202, Accepted) for a new or running job; (200, Completed) when this request was already combined."""
    jt = registry.get(COMBINE_JOB)
    body = jt.request_model.model_validate(combine_body(request))
    key = _fingerprint(request)
    for _ in range(_MAX_CHAIN):
        sub = submit(services, jt, body, principal=principal, idempotency_key=key)
        job = sub.job if not sub.replayed else jobs_service(services).store.get(sub.job.id)
        if job.status not in _FAILED:
            break
        key = f"{_fingerprint(request)}-after-{job.id}"
    if job.status == "completed":
        return 200, completed(job)
    return 202, Accepted(job_id=job.id, status="processing", estimated_time_seconds=round(job.estimated_duration_sec),
                         polling_endpoint=f"{JOB_STATUS_PATH}/{job.id}")


def _metadata(job: Job) -> VideoMetadata:
    result = job.result or {}
    output = result.get("output", {})
    return VideoMetadata(duration_seconds=result.get("duration_seconds", 0.0),
                         file_size_mb=round(int(output.get("size_bytes", 0)) / 1_048_576, 2),
                         resolution=result.get("resolution", ""), format=result.get("format", "mp4"),
                         codec=result.get("codec", ""))


def completed(job: Job) -> Completed:
    """The contract's completed shape for a finished combine."""
    meta = _metadata(job)
    return Completed(job_id=job.id, status="completed", final_video_url=(job.result or {})["output"]["url"],
                     **meta.model_dump())


def job_status(services: Services, job_id: str) -> JobStatusData:
    """Endpoint 6 for `job_id`; JOB_NOT_FOUND unless it is a combine job."""
    job = jobs_service(services).store.get(job_id)
    if job.type != COMBINE_JOB:
        raise NotFoundError(f"Job {job_id} not found")
    if job.status == "completed":
        return JobStatusData(job_id=job.id, status="completed", progress_percentage=100,
                             current_step="Upload complete", final_video_url=completed(job).final_video_url,
                             error_message=None, metadata=_metadata(job))
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
