"""Submission-time checks: which stock sources a request will use. A named source that is not configured
is a 503 naming its variable; with none configured at all the 503 names every variable that would do."""

from __future__ import annotations

from media_service.errors import ValidationError
from media_service.media import check_refs
from media_service.media.service import media_services
from media_service.providers import ProviderNotConfiguredError, registry_for
from media_service.settings import Settings

from .schemas import BrollRequest, MemeRequest
from .service import meme_boxes, meme_template, segments_of, split_template

__all__ = ["prepare_broll", "prepare_meme", "sources_for"]

_MAX_SEGMENTS = 20


def sources_for(settings: Settings, source: str | None) -> list[str]:
    """`[source]` when configured, else every configured stock source (checked before any call)."""
    return registry_for(settings).stock_sources(source, field="source")


def prepare_broll(request: BrollRequest, settings: Settings) -> BrollRequest:
    """At most 20 segments; the sources exist before the job does."""
    count = len(segments_of(request))
    if count > _MAX_SEGMENTS:
        raise ValidationError(f"splits into {count} segments; at most {_MAX_SEGMENTS} (merge paragraphs or pass "
                              "`segments`)", field="script")
    sources_for(settings, request.source)
    return request


def prepare_meme(request: MemeRequest, settings: Settings) -> MemeRequest:
    """The template exists (or its source is configured), the texts fit its boxes, the inputs are valid
    references, and the format suits what moves."""
    source, _ = split_template(request.template)
    if request.renderer == "imgflip" and source != "imgflip":
        raise ValidationError("renderer imgflip captions an `imgflip:<id>` template; give one, or renderer local",
                              field="renderer")
    if source is not None:
        registry_for(settings).ensure_configured("meme", source, field="template")
        if request.renderer == "imgflip":
            if not settings.imgflip_username or settings.imgflip_password is None:
                raise ProviderNotConfiguredError("imgflip captioning", "IMGFLIP_USERNAME and IMGFLIP_PASSWORD")
            if request.format not in (None, "jpg"):
                raise ValidationError("Imgflip's captioning answers a JPEG; ask format jpg, or renderer local",
                                      field="format")
    if request.image is None and request.video is None and source is None:
        meme_boxes(request, meme_template(request.template))
        if request.format in ("gif", "mp4"):
            raise ValidationError(f"the local template {request.template or 'classic'!r} is a still picture; "
                                  "format png or jpg (gif and mp4 need a GIF, a clip or a giphy: template)",
                                  field="format")
    else:
        meme_boxes(request, None)
        if source == "imgflip" and request.format in ("gif", "mp4"):
            raise ValidationError("Imgflip templates are still pictures; format png or jpg", field="format")
        media = media_services(settings)
        check_refs(request, cfg=media.cfg, uploads=media.uploads)
    return request
