"""Submission-time checks for `sparkfluence.combine`: every URL passes the egress guard before a job exists
(INVALID_REQUEST naming the field otherwise)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from media_service.media import MediaKind, check_ref_at_submission
from media_service.media.service import media_services

from .schemas import CombineFinalVideoRequest

if TYPE_CHECKING:
    from media_service.settings import Settings

__all__ = ["prepare_combine"]


def prepare_combine(request: CombineFinalVideoRequest, settings: Settings) -> CombineFinalVideoRequest:
    """The segment URLs and the music URL, checked as media references."""
    media = media_services(settings)
    for index, segment in enumerate(request.segments):
        check_ref_at_submission(segment.video_url, field=f"segments[{index}].video_url", accepts=MediaKind.VIDEO,
                                cfg=media.cfg, uploads=media.uploads)
    if request.options.bgm_url:
        check_ref_at_submission(request.options.bgm_url, field="options.bgm_url",
                                accepts=frozenset({MediaKind.AUDIO, MediaKind.VIDEO}), cfg=media.cfg,
                                uploads=media.uploads)
    return request
