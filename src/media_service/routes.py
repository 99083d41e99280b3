"""Every capability's router, mounted under the API prefix. Adding a capability = one line here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

if TYPE_CHECKING:
    from media_service.app import Services

__all__ = ["include_routers"]


def include_routers(app: FastAPI, services: Services) -> None:
    """Mount the routers of jobs, media and each capability group."""
    from media_service.jobs import install_jobs

    install_jobs(app, services)  # first: capability routers submit through it
