"""Python client for the Remotion Media Service (`pip install remotion-service-client`).

    from remotion_service import RemotionClient, RenderQuality

    client = RemotionClient(base_url="http://localhost:3100", api_key="your-api-key")
    job = client.render.brief(brief={...}, quality=RenderQuality.PRODUCTION)
    result = client.jobs.wait(job.job_id, timeout=300)
    print(f"Video ready: {result.video_url}")
"""

from . import webhooks
from .client import AsyncRemotionClient, RemotionClient
from .errors import (
    APIConnectionError,
    AuthenticationError,
    ConflictError,
    JobFailedError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    ProviderError,
    RateLimitError,
    RemotionError,
    ServiceUnavailableError,
    TimeoutError,
    ValidationError,
)
from .models import Job, JobEvent, JobResult, JobStatus, OutputFormat, Priority, RenderQuality, Upload

__version__ = "0.1.0"

__all__ = [
    "APIConnectionError", "AsyncRemotionClient", "AuthenticationError", "ConflictError", "Job", "JobEvent",
    "JobFailedError", "JobResult", "JobStatus", "NotFoundError", "OutputFormat", "PayloadTooLargeError",
    "PermissionDeniedError", "Priority", "ProviderError", "RateLimitError", "RemotionClient", "RemotionError",
    "RenderQuality", "ServiceUnavailableError", "TimeoutError", "Upload", "ValidationError", "webhooks",
]
