"""Every capability's router, mounted under the API prefix. Adding a capability = one line here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from media_service.app import Services

__all__ = ["include_routers"]


def include_routers(app: FastAPI, services: Services) -> None:
    """Mount the routers of jobs, media and each capability group."""
    from media_service.capabilities.audio import build_router as audio_router
    from media_service.capabilities.image import build_router as image_router
    from media_service.capabilities.render.router import build_router as render_router
    from media_service.capabilities.sparkfluence import build_router as sparkfluence_router
    from media_service.capabilities.sparkfluence_backend import build_router as sparkfluence_backend_router
    from media_service.capabilities.video import build_router as video_router
    from media_service.capabilities.tts import build_router as tts_router
    from media_service.jobs import install_jobs
    from media_service.media.router import build_files_router, build_router
    from media_service.media.service import install_media

    install_media(services)  # first: job submission checks refs and handlers save outputs through it
    install_jobs(app, services)  # before capability routers: they submit through it
    app.include_router(build_router(services.settings.api_prefix))
    app.include_router(build_files_router(services.settings.api_prefix))
    app.include_router(audio_router(services.settings.api_prefix))
    app.include_router(render_router(services.settings.api_prefix))
    app.include_router(video_router(services.settings.api_prefix))
    app.include_router(image_router(services.settings.api_prefix))
    app.include_router(sparkfluence_backend_router(services.settings.api_prefix))
    app.include_router(sparkfluence_router(services.settings.api_prefix))
    app.include_router(tts_router(services.settings.api_prefix))
