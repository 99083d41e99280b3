"""Submission-time checks: which stock sources a request will use. A named source that is not configured
is a 503 naming its variable; with none configured at all the 503 names every variable that would do."""

from __future__ import annotations

from media_service.providers import registry_for
from media_service.settings import Settings

from media_service.errors import ValidationError

from media_service.media import check_refs
from media_service.media.service import media_services

from .schemas import BrollRequest, MemeRequest
from .service import meme_boxes, meme_template, segments_of

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
    """The template exists, the texts fit its boxes, the picture is a valid reference."""
    if request.image is None:
        meme_boxes(request, meme_template(request.template))
    else:
        meme_boxes(request, None)
        media = media_services(settings)
        check_refs(request, cfg=media.cfg, uploads=media.uploads)
    return request
