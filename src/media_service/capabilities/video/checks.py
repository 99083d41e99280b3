"""Submission-time checks (each job type's `prepare`): references, models, provider-only operations and the
music-library track a combine's `bgm.source` may name. A failure is a 400 naming the field; no job is made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from media_service.errors import ValidationError
from media_service.media import MediaKind, check_ref_at_submission, check_refs
from media_service.media.service import media_services
from media_service.providers import ENHANCERS, registry_for, video_model

from .schemas import LOCAL_MODEL, CombineRequest, ImageToVideoRequest, TransformRequest
from .service import library_track

if TYPE_CHECKING:
    from media_service.settings import Settings

__all__ = ["LOCAL_TRANSFORMS", "PROVIDER_TRANSFORMS", "prepare_combine", "prepare_image_to_video",
           "prepare_transform", "transform_model"]

LOCAL_TRANSFORMS = ("upscale", "denoise")
#: Need a model we do not run locally; they route to AI video providers once those land.
PROVIDER_TRANSFORMS = ("style-transfer", "colorize", "super-resolution")
_SOUND = frozenset({MediaKind.AUDIO, MediaKind.VIDEO})


def _available() -> str:
    remote = "; ".join(f"{e.name} ({', '.join(e.operations)})" for e in ENHANCERS.values())
    return f"models: {LOCAL_MODEL} ({', '.join(LOCAL_TRANSFORMS)}, offline); on Replicate: {remote}"


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


def transform_model(request: TransformRequest) -> str:
    """The model a transform runs on: the one asked for, else local for upscale/denoise and the Replicate
    model made for the other operations."""
    if request.model is not None:
        return request.model
    if request.enhancement_type in LOCAL_TRANSFORMS:
        return LOCAL_MODEL
    return next(e.name for e in ENHANCERS.values() if request.enhancement_type in e.operations)


def prepare_transform(request: TransformRequest, settings: Settings) -> TransformRequest:
    """The model can do the operation (400 naming what can), its provider is configured (503), the video is a
    valid reference."""
    model = transform_model(request)
    if model == LOCAL_MODEL:
        if request.enhancement_type not in LOCAL_TRANSFORMS:
            raise ValidationError(f"enhancement_type {request.enhancement_type!r} needs an AI model; {_available()}",
                                  field="enhancement_type")
    elif model in ("wan2.2", "mochi"):
        raise ValidationError(f"{model} on Replicate makes video from text or a picture, not from a video; "
                              f"{_available()}", field="model")
    elif model not in ENHANCERS:
        raise ValidationError(f"model {model!r} is not one of the transform models; {_available()}", field="model")
    else:
        enhancer = ENHANCERS[model]
        if request.enhancement_type not in enhancer.operations:
            raise ValidationError(f"{model} does {', '.join(enhancer.operations)}, not {request.enhancement_type}; "
                                  f"{_available()}", field="model")
        if enhancer.needs_prompt and not (request.style_prompt or "").strip():
            raise ValidationError(f"{model} restyles the video after a prompt: give style_prompt",
                                  field="style_prompt")
        registry_for(settings).ensure_configured("video", "replicate", field="model")
    media = media_services(settings)
    check_ref_at_submission(request.video_ref, field=request.video_field, accepts=MediaKind.VIDEO, cfg=media.cfg,
                            uploads=media.uploads)
    return request
