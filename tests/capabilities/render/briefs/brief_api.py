"""Helpers for the brief tests: briefs to start from, frames drawn as the renderer draws them, colour
facts about those frames, and a client that submits, waits and downloads."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import skia
from fastapi.testclient import TestClient
from jobs.conftest import get_job, wait_job

from media_service.capabilities.render.briefs import ContentBrief, compile_brief
from media_service.capabilities.render.briefs.catalog import draw_frame
from media_service.capabilities.render.briefs.formats import example_text
from media_service.engines.scene import parse_color
from media_service.engines.video import Timeline

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


@dataclass
class BriefApi:
    """A client over the service (with a worker unless built by `brief_api_only`)."""

    client: TestClient
    inputs: Path
    tmp: Path

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1/render/{path}", json=body)

    def submit(self, path: str, body: dict[str, Any]) -> str:
        r = self.post(path, body)
        assert r.status_code == 202, r.text
        return str(r.json()["data"]["job_id"])

    def wait(self, job_id: str, timeout: float = JOB_TIMEOUT) -> dict[str, Any]:
        return wait_job(self.client, job_id, timeout=timeout)

    def run(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        job = self.wait(self.submit(path, body))
        assert job["status"] == "completed", job
        return dict(job["result"])

    def fetch(self, output: dict[str, Any]) -> Path:
        r = self.client.get(output["url"])
        assert r.status_code == 200, r.text
        path = self.tmp / "downloads" / Path(output["path"]).name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(r.content)
        return path

    def job(self, job_id: str) -> dict[str, Any]:
        return get_job(self.client, job_id)


def errors_by_field(response: Any) -> dict[str, str]:
    """The 400 body's `details.errors` as {field: message}."""
    body = response.json()
    assert response.status_code == 400 and body["error"]["code"] == "VALIDATION_ERROR", response.text
    return {e["field"]: e["message"] for e in body["error"]["details"]["errors"]}
