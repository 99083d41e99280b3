"""What the Edge Function routes share: prompts and sizes for generate-images (the contract's providers, sizes
and prompt recipe), and the contract's error envelope:

    ValidationError            → 400 INVALID_INPUT   details: field, errors[{field, message}]
    AuthenticationError/403    → 401 UNAUTHORIZED
    RateLimitError             → 429 RATE_LIMITED    (Retry-After kept by the envelope layer)
    ProviderError              → 502 API_ERROR       details: provider, status_code, provider_message
    ServiceUnavailableError    → 503 API_ERROR       details: provider, setting (what to configure)
    JobTimeoutError            → 504 TIMEOUT         details: job_id, poll_url (our addition: the work goes on)
    NotFoundError              → 404 NOT_FOUND
    anything else              → 500 INTERNAL_ERROR
"""

from __future__ import annotations

from typing import Any

from media_service.errors import ServiceError

from .schemas import Segment

__all__ = ["PATH_PREFIX", "SIZES", "edge_error", "segment_prompt"]

# The contract: FLUX 576×1024 and DALL·E 3 1024×1792 for 9:16 (served by the configured gpt-image model).
SIZES: dict[str, dict[str, tuple[int, int]]] = {
    "huggingface": {"9:16": (576, 1024), "16:9": (1024, 576), "1:1": (1024, 1024)},
    "openai": {"9:16": (1024, 1792), "16:9": (1792, 1024), "1:1": (1024, 1024)},
    "local": {"9:16": (720, 1280), "16:9": (1280, 720), "1:1": (1024, 1024)},
}
_STYLE = {
    "cinematic": "Cinematic film still, dramatic lighting, shallow depth of field, rich colour grading",
    "realistic": "Photorealistic photograph, natural light, true-to-life colours and detail",
    "animated": "Vibrant 3D animated film style, expressive characters, soft global illumination",
}
_EMOTION = {
    "shock": "a shocked, tense mood", "curiosity": "a curious, intriguing mood", "hope": "a hopeful, warm mood",
    "urgency": "an urgent, energetic mood", "joy": "a joyful, bright mood", "fear": "an uneasy, dark mood",
    "calm": "a calm, serene mood", "inspiration": "an inspiring, uplifting mood",
}
_FRAME = {"9:16": "vertical 9:16 frame", "16:9": "wide 16:9 frame", "1:1": "square frame"}


def segment_prompt(segment: Segment, *, style: str, aspect_ratio: str) -> str:
    """The full prompt for one segment: style, the visual direction, the emotion as a mood, the framing."""
    mood = _EMOTION.get(segment.emotion.lower(), f"a {segment.emotion.lower()} mood")
    direction = segment.visual_direction.strip().rstrip(".")
    return f"{_STYLE[style]}. {direction}. Conveys {mood}. Composed for a {_FRAME[aspect_ratio]}, no text or captions."

PATH_PREFIX = "/functions/v1/"

# Our codes (PRD §9.1) → the contract's code and status; job failures arrive as plain ServiceErrors with a code.
_CODES: dict[str, tuple[str, int]] = {
    "VALIDATION_ERROR": ("INVALID_INPUT", 400), "AUTHENTICATION_ERROR": ("UNAUTHORIZED", 401),
    "AUTHORIZATION_ERROR": ("UNAUTHORIZED", 401), "RATE_LIMIT_EXCEEDED": ("RATE_LIMITED", 429),
    "PROVIDER_ERROR": ("API_ERROR", 502), "DOWNLOAD_FAILED": ("API_ERROR", 502),
    "SERVICE_UNAVAILABLE": ("API_ERROR", 503), "JOB_TIMEOUT": ("TIMEOUT", 504), "NOT_FOUND": ("NOT_FOUND", 404),
    "METHOD_NOT_ALLOWED": ("INVALID_INPUT", 405), "PAYLOAD_TOO_LARGE": ("INVALID_INPUT", 413),
}


def edge_error(err: ServiceError, state: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The contract's status and envelope for `err` (an error style for `register_error_style`)."""
    code, status = _CODES.get(err.code, ("INTERNAL_ERROR", 500))
    details: dict[str, Any] = dict(err.details)
    errors = details.get("errors")
    if code == "INVALID_INPUT" and isinstance(errors, list) and errors:
        details.setdefault("field", errors[0].get("field"))
    message = err.message if code != "INTERNAL_ERROR" else "Internal server error"
    return status, {"success": False, "error": {"code": code, "message": message, "details": details}}
