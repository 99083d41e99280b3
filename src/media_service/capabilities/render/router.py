"""`/api/v1/render/*`: the routers of the render subpackages (`ads`, `video`, `briefs`), under one prefix."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from pathlib import Path

from fastapi import APIRouter

__all__ = ["build_router"]


def build_router(prefix: str) -> APIRouter:
    """One router for the group; each subpackage with a `router.py` contributes its `build_router(prefix)`."""
    group = APIRouter()
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)], prefix=__package__ + "."),
                       key=lambda i: i.name):
        if info.ispkg and importlib.util.find_spec(f"{info.name}.router") is not None:
            module = importlib.import_module(f"{info.name}.router")
            group.include_router(module.build_router(prefix))
    return group
