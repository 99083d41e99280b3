"""`/api/v1/render/*`: the routers of the render subpackages (`ads`, `video`, `briefs`), under one prefix."""

from __future__ import annotations

import importlib

from fastapi import APIRouter

from . import subpackage_modules

__all__ = ["build_router"]


def build_router(prefix: str) -> APIRouter:
    """One router for the group; each subpackage with a `router.py` contributes its `build_router(prefix)`."""
    group = APIRouter()
    for module in subpackage_modules("router"):
        group.include_router(importlib.import_module(module).build_router(prefix))
    return group
