"""Submission-time checks: the route's model from the catalogue, the request against that model (400 naming
`duration_seconds`, `size` or `reference_image_url`), the first-frame reference, and the provider's
credentials (503 naming the variable). `/video/sora` explains Sora's retirement when it cannot route."""

from __future__ import annotations

from media_service.errors import ServiceUnavailableError, ValidationError
from media_service.media import MediaKind, check_ref_at_submission
from media_service.media.service import media_services
from media_service.providers import LOCAL_VIDEO_MODEL, ProviderNotConfiguredError, VideoModel, registry_for, video_model
from media_service.providers.video_models import Mode
from media_service.settings import Settings

from .schemas import MochiRequest, SoraRequest, VideoGenerateRequest, Wan2Request

__all__ = ["RETIREMENT", "check_generation", "prepare_mochi", "prepare_sora", "prepare_wan2", "sora_target"]

RETIREMENT = ("OpenAI shut the Sora Videos API down on 2026-09-24; /video/sora routes to the model named by "
              "SORA_FALLBACK_MODEL")
ROUTE_MODELS = {"mochi": "mochi-1", "wan2": "wan-2.2"}


def sora_target(settings: Settings) -> VideoModel:
    """The model /video/sora routes to; 503 explaining the retirement when none is set or it cannot run."""
    name = (settings.sora_fallback_model or "").strip()
    if not name or name.lower() == "none":
        raise ServiceUnavailableError(f"{RETIREMENT}, and none is configured: set SORA_FALLBACK_MODEL to one of "
                                      f"the models of GET /video/models (e.g. veo-3.1)",
                                      details={"setting": "SORA_FALLBACK_MODEL", "retired": "sora-2"})
    try:
        model = video_model(name, field="SORA_FALLBACK_MODEL")
    except ValidationError as exc:
        raise ServiceUnavailableError(f"{RETIREMENT}; {exc.message}",
                                      details={"setting": "SORA_FALLBACK_MODEL", "retired": "sora-2"}) from None
    if model.name == LOCAL_VIDEO_MODEL:
        raise ServiceUnavailableError(f"{RETIREMENT}; the local motion engine needs an image: use "
                                      "/video/image-to-video", details={"setting": "SORA_FALLBACK_MODEL"})
    try:
        registry_for(settings).ensure_configured("video", model.provider)
    except ProviderNotConfiguredError as exc:
        raise ServiceUnavailableError(f"{RETIREMENT} ({model.name}), whose provider {model.provider!r} is not "
                                      f"configured: set {exc.setting}",
                                      details={"provider": model.provider, "setting": exc.setting,
                                               "retired": "sora-2", "routed_to": model.name}) from None
    return model


def check_generation(request: VideoGenerateRequest, settings: Settings, model: VideoModel) -> None:
    """The request against the model, then the image reference and the provider's credentials."""
    mode: Mode = "i2v" if request.reference_image_url else "t2v"
    parts = model.parts_for(request.duration_seconds) if request.allow_extend else [request.duration_seconds]
    for part in dict.fromkeys(parts):
        model.check(mode=mode, duration=part, size=request.size, fields={"mode": "reference_image_url"})
    if request.reference_image_url:
        media = media_services(settings)
        check_ref_at_submission(request.reference_image_url, field="reference_image_url", accepts=MediaKind.IMAGE,
                                cfg=media.cfg, uploads=media.uploads)
    registry_for(settings).ensure_configured("video", model.provider, field="model")


def prepare_sora(request: SoraRequest, settings: Settings) -> SoraRequest:
    """Route to SORA_FALLBACK_MODEL (or explain the retirement) and check the request against it."""
    check_generation(request, settings, sora_target(settings))
    return request


def prepare_mochi(request: MochiRequest, settings: Settings) -> MochiRequest:
    """Mochi 1: text-to-video only (a reference image is a 400 naming reference_image_url)."""
    check_generation(request, settings, video_model(ROUTE_MODELS["mochi"]))
    return request


def prepare_wan2(request: Wan2Request, settings: Settings) -> Wan2Request:
    """Wan 2.2: text-to-video, or image-to-video with a reference image."""
    check_generation(request, settings, video_model(ROUTE_MODELS["wan2"]))
    return request
