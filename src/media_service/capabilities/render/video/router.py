"""`POST /api/v1/render/scene`: submit a scene timeline render (thin: the job type does the rest)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from media_service.jobs import job_route

from . import jobs

__all__ = ["build_router"]

_TAGS: list[Any] = ["render"]

_DESCRIPTION = """A video as a timeline of scenes: `{timeline: {width, height, fps, duration, background, fonts,
scenes: [{start, duration, background, layers, transitionIn: {type, duration, easing}}], audio: {voiceover, music,
volume_voice, volume_music, tracks, ducking, target_lufs}}, quality, output_format}`. Layers are the template DSL's
(text, image, shape, group, video) with `start`/`end` and animated values (keyframes with easings and springs);
video layers take trimStart/trimEnd, loop, playbackRate, volume, muted and fit; image layers take `kenBurns`.
Transitions: fade, crossfade, slide-left/right/up/down, wipe, zoom, none. The soundtrack (music ducked under the
voice, video layers' sound) is normalised to target_lufs (-14 LUFS by default). The result has the video and a
poster frame as OutputRefs."""


def build_router(prefix: str) -> APIRouter:
    """The video render routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/render", tags=_TAGS)
    job_route(router, "/scene", jobs.render_scene, tags=_TAGS, description=_DESCRIPTION)
    return router
