"""Render capability: static ads (`ads`), scene timelines (`video`) and briefs (`briefs`), each a sub-group
with the package shape of a group, mounted under `/api/v1/render`. `RENDER_INPUTS` lists what
`media-service render FILE` accepts, most specific first."""

from __future__ import annotations

from fastapi import APIRouter

from media_service.capability import Capability

from .ads import jobs as ads_jobs
from .ads import router as ads_router
from .briefs import jobs as briefs_jobs
from .briefs import router as briefs_router
from .briefs.service import BRIEF_INPUT
from .video import jobs as video_jobs
from .video import router as video_router
from .video.service import TIMELINE_INPUT, RenderInput

__all__ = ["CAPABILITY", "RENDER_INPUTS"]

RENDER_INPUTS: tuple[RenderInput, ...] = (BRIEF_INPUT, TIMELINE_INPUT)


def build_router(prefix: str) -> APIRouter:
    """The routes of the three sub-groups under `prefix` (the API prefix)."""
    group = APIRouter()
    for sub in (ads_router, briefs_router, video_router):
        group.include_router(sub.build_router(prefix))
    return group


CAPABILITY = Capability(name="render", router=build_router, jobs=(ads_jobs, briefs_jobs, video_jobs))
