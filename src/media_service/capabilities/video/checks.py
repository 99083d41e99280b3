"""Submission-time checks (each job type's `prepare`): references, models, provider-only operations and the
music-library track a combine's `bgm.source` may name. A failure is a 400 naming the field; no job is made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from media_service.errors import ValidationError
from media_service.media import MediaKind, check_ref_at_submission, check_refs
from media_service.media.service import media_services
from media_service.providers import registry_for, video_model

from .schemas import LOCAL_MODEL, CombineRequest, ImageToVideoRequest, TransformRequest
from .service import library_track

if TYPE_CHECKING:
    from media_service.settings import Settings

__all__ = ["LOCAL_TRANSFORMS", "PROVIDER_TRANSFORMS", "prepare_combine", "prepare_image_to_video",
           "prepare_transform"]

LOCAL_TRANSFORMS = ("upscale", "denoise")
#: Need a model we do not run locally; they route to AI video providers once those land.
PROVIDER_TRANSFORMS = ("style-transfer", "colorize", "super-resolution")
_SOUND = frozenset({MediaKind.AUDIO, MediaKind.VIDEO})


def _available() -> str:
    return f"models available now: {LOCAL_MODEL} ({', '.join(LOCAL_TRANSFORMS)})"


def prepare_combine(request: CombineRequest, settings: Settings) -> CombineRequest:
    """Segment refs, and `bgm.source` as a sound reference or a known music-library track."""
    media = media_services(settings)
    check_refs(request, cfg=media.cfg, uploads=media.uploads)
    if request.bgm is not None:
        if request.bgm.is_ref:
            check_ref_at_submission(request.bgm.source, field="bgm.source", accepts=_SOUND, cfg=media.cfg,
                                    uploads=media.uploads)
        else:
            library_track(settings, request.bgm.source)
    return request


def prepare_image_to_video(request: ImageToVideoRequest, settings: Settings) -> ImageToVideoRequest:
    """`local`, or a catalogue model that makes image-to-video at this length and size with its provider
    configured (400 naming `model`, `duration_seconds` or `resolution`; 503 naming the variable to set).
    The image reference is checked like any MediaRef."""
    if request.model != LOCAL_MODEL:
        model = video_model(request.model, field="model")
        model.check(mode="i2v", duration=request.duration_seconds, size=request.resolution,
                    fields={"mode": "model", "size": "resolution"})
        registry_for(settings).ensure_configured("video", model.provider, field="model")
    media = media_services(settings)
    check_ref_at_submission(request.image_ref, field=request.image_field, accepts=MediaKind.IMAGE, cfg=media.cfg,
                            uploads=media.uploads)
    return request


def prepare_transform(request: TransformRequest, settings: Settings) -> TransformRequest:
    """Provider-only operations and non-local models are refused with the models available now."""
    if request.enhancement_type in PROVIDER_TRANSFORMS:
        raise ValidationError(f"enhancement_type {request.enhancement_type!r} needs an AI model that does not run "
                              f"here; {_available()}", field="enhancement_type")
    if request.model not in (None, LOCAL_MODEL):
        raise ValidationError(f"model {request.model!r} is not available here; {_available()}", field="model")
    media = media_services(settings)
    check_ref_at_submission(request.video_ref, field=request.video_field, accepts=MediaKind.VIDEO, cfg=media.cfg,
                            uploads=media.uploads)
    return request
