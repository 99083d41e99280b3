"""Timeline renders: `POST /api/v1/render/scene` (job type `render.scene`), and `render_timeline_job`, which
any handler that has a Timeline (the brief formats) calls to fetch, render and deliver it."""

from .checks import check_timeline
from .schemas import RenderSceneRequest, RenderSceneResult, VideoOutputOptions
from .service import fetch_assets, render_timeline_job

__all__ = ["RenderSceneRequest", "RenderSceneResult", "VideoOutputOptions", "check_timeline", "fetch_assets",
           "render_timeline_job"]
