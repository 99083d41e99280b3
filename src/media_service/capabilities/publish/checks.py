"""Submission-time checks of POST /publish, before any job or upload exists: the platforms' credentials
(503 naming what to set), the request's consistency, the texts against each platform's limits, and — when
the video is already here (an input path, an upload, one of our own output URLs) — its duration, size,
aspect and format measured with PyAV. Every 400 lists all the problems found, each naming its field.
A remote video URL is measured in the job, before the upload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from media_service.errors import FieldError, ServiceError, ServiceUnavailableError
from media_service.media import RefKind, check_refs, classify_ref, own_file
from media_service.media.paths import resolve_within_roots
from media_service.media.service import media_services
from media_service.providers import ProviderNotConfiguredError
from media_service.providers.publish_build import publish_setting
from media_service.settings import Settings

from .schemas import PlatformJob, PublishRequest, VideoChecked
from .service import check_texts, check_video, measure, platform_job, raise_errors, shorts_for

__all__ = ["Plan", "local_video", "prepare_publish"]


@dataclass(frozen=True, slots=True)
class Plan:
    jobs: list[PlatformJob]
    video: VideoChecked | None


def _credentials(request: PublishRequest, settings: Settings) -> None:
    for platform in request.platforms:
        setting = publish_setting(settings, platform)
        if setting is not None:
            raise ProviderNotConfiguredError(platform, setting)
        if platform == "instagram" and not settings.public_base_url:
            raise ServiceUnavailableError("instagram fetches the video from a public URL of this service: set "
                                          "PUBLIC_BASE_URL", details={"provider": "instagram",
                                                                      "setting": "PUBLIC_BASE_URL"})


def local_video(ref: str, settings: Settings) -> Path | None:
    """The file behind `ref` when it is already on this machine (input path, upload, our own URL)."""
    media = media_services(settings)
    form = classify_ref(ref)
    try:
        if form is RefKind.PATH:
            return resolve_within_roots(ref, media.cfg.input_roots, field="video")
        if form is RefKind.UPLOAD:
            return media.uploads.path(ref)
        if form is RefKind.URL:
            return own_file(ref, media.cfg)
    except ServiceError:
        return None  # check_refs already said what is wrong with it
    return None


def _consistency(request: PublishRequest) -> list[FieldError]:
    errors: list[FieldError] = []
    if len(set(request.platforms)) != len(request.platforms):
        errors.append({"field": "platforms", "message": "each platform at most once"})
    for block in ("youtube", "tiktok", "instagram"):
        if getattr(request, block) is not None and block not in request.platforms:
            errors.append({"field": block, "message": f"{block} options given but {block} is not in platforms"})
    if "tiktok" in request.platforms and request.privacy == "unlisted" and not (
            request.tiktok and request.tiktok.privacy_level):
        errors.append({"field": "privacy", "message": "TikTok has no unlisted posts; choose private or public, "
                                                      "or set tiktok.privacy_level"})
    yt = request.youtube
    if yt and yt.publish_at is not None:
        when = yt.publish_at if yt.publish_at.tzinfo else yt.publish_at.replace(tzinfo=UTC)
        if when <= datetime.now(UTC):
            errors.append({"field": "youtube.publish_at", "message": "must be in the future"})
        if (yt.privacy or request.privacy) != "private":
            errors.append({"field": "youtube.publish_at", "message": "a scheduled video must be private until it "
                                                                     "is published (privacy: private)"})
    return errors


def prepare_publish(request: PublishRequest, settings: Settings) -> Plan:
    """Everything that can be known before uploading; the per-platform jobs to submit."""
    _credentials(request, settings)
    errors = _consistency(request)
    media = media_services(settings)
    check_refs(request, cfg=media.cfg, uploads=media.uploads)
    path = local_video(request.video, settings)
    video = None
    if path is not None:
        try:
            video = measure(path)
        except ServiceError:
            errors.append({"field": "video", "message": "cannot be read as a video"})
    jobs: list[PlatformJob] = []
    for platform in dict.fromkeys(request.platforms):
        job, fields = platform_job(request, platform)
        errors += check_texts(job, fields)
        if platform == "youtube":
            job.options["shorts"] = shorts_for(job.options.get("shorts"), video)
        if video is not None:
            errors += [e for e in check_video(video, platform, shorts=job.options.get("shorts"))
                       if e not in errors]
        jobs.append(job)
    raise_errors(errors)
    return Plan(jobs=jobs, video=video)
