"""Helpers for the brief tests: briefs to start from, frames drawn as the renderer draws them, colour
facts about those frames, and a client that submits, waits and downloads."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import skia

from media_service.capabilities.render.briefs import ContentBrief, compile_brief
from media_service.capabilities.render.briefs.catalog import draw_frame
from media_service.capabilities.render.briefs.formats import example_text
from media_service.engines.scene import parse_color
from media_service.engines.video import Timeline
from tests.capabilities.service_api import ServiceApi, errors_by_field  # noqa: F401  (re-exported to the tests)

JOB_TIMEOUT = 120.0


def example(format_id: str) -> dict[str, Any]:
    """A fresh copy of a format's shipped example brief (JSON)."""
    return dict(json.loads(example_text(format_id)))


def small(brief: dict[str, Any], *, width: int = 480, height: int = 270, fps: int = 24) -> dict[str, Any]:
    """The brief at a small size (layouts scale with the frame): fast to render in tests."""
    brief = copy.deepcopy(brief)
    brief["settings"] = {**brief["settings"], "fps": fps, "resolution": {"width": width, "height": height}}
    return brief


def frame(brief: dict[str, Any] | ContentBrief | Timeline, t: float) -> np.ndarray:
    """The frame at t seconds as an H×W×4 uint8 RGBA array."""
    timeline = brief if isinstance(brief, Timeline) else compile_brief(
        brief if isinstance(brief, ContentBrief) else ContentBrief.model_validate(brief))
    image = draw_frame(timeline, t)
    return np.asarray(image.toarray(colorType=skia.ColorType.kRGBA_8888_ColorType,
                                    alphaType=skia.AlphaType.kUnpremul_AlphaType))


def rgb(color: str) -> np.ndarray:
    c = parse_color(color)
    return np.array([c.r * 255, c.g * 255, c.b * 255])


def near(pixels: np.ndarray, color: str, tolerance: float = 40.0) -> np.ndarray:
    """Mask of pixels within `tolerance` (max channel difference) of `color`."""
    return np.abs(pixels[..., :3].astype(float) - rgb(color)).max(axis=-1) <= tolerance


def share(pixels: np.ndarray, color: str, tolerance: float = 40.0) -> float:
    """Fraction of the pixels near `color`."""
    return float(near(pixels, color, tolerance).mean())


class BriefApi(ServiceApi):
    """The /render endpoints of briefs: `post`, `submit` and `run` take the path under /api/v1/render."""

    prefix = "/api/v1/render"
    timeout = JOB_TIMEOUT
