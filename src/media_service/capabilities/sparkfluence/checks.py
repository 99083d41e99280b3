"""Submission-time checks: the chosen image provider must be configured (503 naming the variable otherwise);
generate-videos' plan (model, image per segment, language, each segment's job request)."""

from __future__ import annotations

from dataclasses import dataclass

from media_service.errors import ValidationError
from media_service.media import MediaKind, check_ref_at_submission
from media_service.media.service import media_services
from media_service.providers import registry_for
from media_service.settings import Settings

from .schemas import GenerateImagesRequest, GenerateVideosRequest, SegmentVideoJob
from .service import CREDITS, VIDEO_SIZES, camera_direction, clip_duration, language_code, model_for, video_prompt

__all__ = ["PlannedVideos", "plan_videos", "prepare_images"]


def prepare_images(request: GenerateImagesRequest, settings: Settings) -> GenerateImagesRequest:
    """The provider must be configured (503 naming the variable otherwise)."""
    registry_for(settings).ensure_configured("image", request.provider)
    return request


@dataclass(frozen=True, slots=True)
class PlannedVideos:
    """What generate-videos submits: one job request per segment, and what the answer says about them."""

    jobs: list[SegmentVideoJob]
    local: bool
    provider: str
    model_name: str
    credits: float


def plan_videos(request: GenerateVideosRequest, settings: Settings) -> PlannedVideos:
    """Pick the model, pair each segment with its image (400 naming `images` when one has none), check the
    image references and the language (local voices), and build each segment's job request."""
    model = model_for(request.provider, settings)
    local = model.provider == "local"
    language = language_code(request.language) if local else request.language
    width, height = VIDEO_SIZES[request.aspect_ratio][request.resolution]
    media = media_services(settings)
    images: dict[str, tuple[int, str]] = {}
    for index, image in enumerate(request.images):
        images.setdefault(image.segment_type, (index, image.image_url))
    planned = []
    for i, segment in enumerate(request.segments):
        if segment.type not in images:
            raise ValidationError(f"images: no image for segment {segment.type!r} (segments[{i}])", field="images")
        index, url = images[segment.type]
        check_ref_at_submission(url, field=f"images[{index}].image_url", accepts=MediaKind.IMAGE, cfg=media.cfg,
                                uploads=media.uploads)
        duration = clip_duration(model, segment.duration_seconds)
        if not local:
            model.check(mode="i2v", duration=duration, size=f"{width}x{height}",
                        fields={"mode": "provider", "size": "resolution"})
        planned.append(SegmentVideoJob(segment_type=segment.type, prompt=video_prompt(segment, request.language),
                                       script_text=segment.script_text, motion=camera_direction(segment),
                                       language=language, image_url=url, model=model.name, duration_seconds=duration,
                                       width=width, height=height))
    vendor = model.vendor_model(settings, "i2v") if not local else "local-motion"
    return PlannedVideos(planned, local, model.provider, vendor, CREDITS.get(model.provider, 0.0))
