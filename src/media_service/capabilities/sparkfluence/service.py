"""What the Edge Function routes share: prompts and sizes for generate-images (the contract's providers, sizes
and prompt recipe); for generate-videos the contract's prompt recipe per segment, the languages our local
voices speak, the model a request uses and our job states as the contract's 1/2/3; and the contract's error
envelope:

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

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from media_service.errors import NotFoundError, ServiceError, ValidationError
from media_service.media import signed_url
from media_service.media.service import media_services
from media_service.providers import LOCAL_VIDEO_MODEL, VideoModel, registry_for, video_model

from .schemas import Segment, VideoSegmentIn

if TYPE_CHECKING:
    from media_service.jobs import Job
    from media_service.jobs.service import JobsService
    from media_service.settings import Settings

__all__ = ["CREDITS", "LANGUAGES", "PATH_PREFIX", "POLL_INTERVAL_SEC", "PROVIDER_MODELS", "SEGMENT_JOB_TYPES", "SIZES",
           "VIDEO_SIZES", "camera_direction", "clip_duration", "contract_status", "edge_error", "language_code",
           "model_for", "numeric_id", "segment_job", "segment_prompt", "status_of", "video_prompt"]

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


# --- generate-videos / check-video-status --------------------------------------------------------------------
# The prompt combines, as the contract says: 1. a motion/camera direction (from `visual_direction` when given,
# else from the emotion), 2. the narration text, 3. the emotional tone, 4. the language:
# "Dynamic camera movement zooming in fast: Close-up of a stressed person. Voice narration in Indonesian:
# 'Kerja seharian…' Emotional tone: shocked, urgent."

#: The contract's language names → the codes our local voices speak (engines/speech).
LANGUAGES = {"english": "en", "indonesian": "id", "spanish": "es", "french": "fr", "german": "de",
             "japanese": "ja", "korean": "ko", "portuguese": "pt", "chinese": "zh", "hindi": "hi"}
PROVIDER_MODELS = {"geminigen": "veo-3.1-geminigen", "gemini": "veo-3.1", "local": LOCAL_VIDEO_MODEL}
#: GeminiGen's credits per clip (the contract's and providers.md §4's example); 0 where none are charged.
CREDITS = {"geminigen": 20.0}
POLL_INTERVAL_SEC = 5
SEGMENT_JOB_TYPES = ("sparkfluence.segment_video", "sparkfluence.local_segment_video")
VIDEO_SIZES = {"9:16": {"720p": (720, 1280), "1080p": (1080, 1920)},
               "16:9": {"720p": (1280, 720), "1080p": (1920, 1080)}}
_AUTO = ("geminigen", "gemini")
_TONE = {"shock": "shocked, urgent", "curiosity": "curious, intrigued", "hope": "hopeful, warm",
         "excitement": "excited, energetic", "urgency": "urgent, intense", "joy": "joyful, bright",
         "fear": "uneasy, tense", "calm": "calm, reassuring", "inspiration": "inspired, uplifting"}
_CAMERA = {"shock": "Dynamic camera movement zooming in fast", "curiosity": "Slow push in revealing the details",
           "hope": "Gentle floating camera rising slowly", "excitement": "Energetic camera panning right",
           "urgency": "Fast zoom in", "calm": "Slow gentle zoom out", "joy": "Bright camera panning left"}


def language_code(name: str) -> str:
    """`indonesian` → `id` (a two-letter code we speak is accepted too); 400 naming `language` otherwise."""
    key = name.strip().lower()
    code = LANGUAGES.get(key) or (key if key in LANGUAGES.values() else None)
    if code is None:
        raise ValidationError(f"language {name!r} is not supported; one of {', '.join(LANGUAGES)}", field="language")
    return code


def camera_direction(segment: VideoSegmentIn) -> str:
    """The motion/camera part: the emotion's camera move, on the visual direction when there is one."""
    camera = _CAMERA.get(segment.emotion.lower(), "Smooth cinematic camera movement")
    direction = (segment.visual_direction or "").strip().rstrip(".")
    return f"{camera}: {direction}" if direction else camera


def video_prompt(segment: VideoSegmentIn, language: str) -> str:
    """The contract's four parts in one prompt."""
    tone = _TONE.get(segment.emotion.lower(), segment.emotion.lower())
    script = segment.script_text.strip().replace("'", "’")
    return (f"{camera_direction(segment)}. Voice narration in {language.strip().title()}: '{script}' "
            f"Emotional tone: {tone}.")


def model_for(provider: str | None, settings: Settings) -> VideoModel:
    """The request's provider (checked: 503 naming the variable), else SPARKFLUENCE_VIDEO_MODEL, else the first
    configured of GeminiGen and Veo, else the local motion engine (so the flow runs offline)."""
    registry = registry_for(settings)
    if provider is not None:
        model = video_model(PROVIDER_MODELS[provider], field="provider")
    elif settings.sparkfluence_video_model:
        model = video_model(settings.sparkfluence_video_model, field="SPARKFLUENCE_VIDEO_MODEL")
    else:
        found = next((p for p in _AUTO if registry.configured("video", p)), "local")
        model = video_model(PROVIDER_MODELS[found])
    if model.provider != "local":
        registry.ensure_configured("video", model.provider, field="provider")
    return model


def clip_duration(model: VideoModel, wanted: float | None) -> float:
    """The length to ask for: the shortest the model makes that covers `wanted` (its longest when none
    does or none is asked); for the local engine `wanted` (0: as long as the voiceover)."""
    if model.durations is None:
        return wanted or 0.0
    covering = [d for d in sorted(model.durations) if wanted is None or d >= wanted]
    return covering[0] if covering and wanted is not None else max(model.durations)


def contract_status(job: Job) -> Literal[1, 2, 3]:
    """1 processing (queued or running), 2 completed, 3 failed (failed, cancelled or timed out)."""
    if job.status == "completed":
        return 2
    return 3 if job.status in ("failed", "cancelled", "timeout") else 1


def numeric_id(job_id: str) -> int:
    """The contract's numeric `id` for one of our jobs (its id's first 8 hex digits)."""
    return int(job_id.removeprefix("job_")[:8], 16)


def segment_job(jobs: JobsService, uuid: str) -> Job:
    """The segment-video job behind `uuid`; 404 naming it when there is none."""
    try:
        job = jobs.store.get(uuid)
    except NotFoundError:
        job = None
    if job is None or job.type not in SEGMENT_JOB_TYPES:
        raise NotFoundError(f"no video {uuid!r}: video_uuids must come from generate-videos",
                            details={"field": "video_uuids", "uuid": uuid})
    return job


def status_of(job: Job, settings: Settings) -> dict[str, Any]:
    """One check-video-status entry: the contract's fields (a fresh signed URL when done) plus who made it."""
    status = contract_status(job)
    url = None
    if status == 2 and job.result:
        url = signed_url(media_services(settings).cfg, Path(job.result["output"]["path"]))
    provider = (job.result or {}).get("provider") or video_model(str(job.input.get("model", "local"))).provider
    percentage = round(job.progress * 100)
    percentage = 100 if status == 2 else max(1, min(99, percentage)) if status == 1 else percentage
    return {"uuid": job.id, "status": status, "status_percentage": percentage, "video_url": url, "provider": provider,
            "error_message": (job.error.message if job.error else f"job {job.status}") if status == 3 else None}
