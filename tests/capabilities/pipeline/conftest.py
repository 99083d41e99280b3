"""Fixtures for the pipeline: an app whose worker serves every queue (the parent on `io`, its children on
`io` and `cpu`), the music library seeded, and helpers to read a long video without decoding every frame."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi
from tests.mediagen import decode_audio


class PipelineApi(ServiceApi):
    """/api/v1/video/pipeline: `post`, `submit` and `run` take the path under /api/v1/video."""

    prefix = "/api/v1/video"
    timeout = 600.0

    def children(self, job_id: str) -> list[dict[str, Any]]:
        """The pipeline's child jobs as GET /jobs?parent_id= lists them (every page)."""
        found: list[dict[str, Any]] = []
        url = f"/api/v1/jobs?parent_id={job_id}&limit=20&include=input,result"
        r = self.client.get(url)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        found.extend(data["jobs"] if isinstance(data, dict) else data)
        return found


@pytest.fixture
def pipeline_api(make_client: Callable[..., TestClient], tmp_path: Path, start_worker: Callable[..., Any],
                 seeded_music: Path) -> Callable[..., PipelineApi]:
    """`pipeline_api(**env)`: the client, with an in-process worker on io and cpu."""

    def factory(**env: str) -> PipelineApi:
        api = PipelineApi.over(make_client, tmp_path, env)
        start_worker(api.client, queues=("io", "cpu"))
        return api

    return factory


@dataclass
class Programme:
    """A video's facts, its audio (channels, n) and a few frames taken at given times."""

    duration: float
    width: int
    height: int
    audio: np.ndarray | None
    audio_rate: int
    frames: dict[float, np.ndarray]


def read_programme(path: Path, at: tuple[float, ...] = ()) -> Programme:
    """Decode the audio fully and only the frames nearest `at` (seconds)."""
    frames: dict[float, np.ndarray] = {}
    with av.open(str(path)) as container:
        duration = float(container.duration or 0) / av.time_base
        video = container.streams.video[0]
        width, height = video.codec_context.width, video.codec_context.height
        has_audio = bool(container.streams.audio)
        wanted = sorted(at)
        for frame in container.decode(video):
            if not wanted:
                break
            if frame.time is not None and frame.time >= wanted[0]:
                frames[wanted.pop(0)] = frame.to_ndarray(format="rgb24")
    audio, rate = decode_audio(path) if has_audio else (None, 0)
    return Programme(duration, width, height, audio, rate, frames)
