"""Fixtures for the video API: an app with a real `cpu` worker, a loopback HTTP origin serving segments,
and segment/music files generated per session (H.264 + AAC clips, tone WAVs, a PNG)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi
from tests.engines.assembly.clips import make_segment, write_tone_wav
from tests.mediagen import make_png
from tests.media.origin import Origin, send, start


class VideoApi(ServiceApi):
    """The /video endpoints: `post`, `submit` and `run` take the path under /api/v1/video."""

    prefix = "/api/v1/video"
    timeout = 120.0

    def place(self, source: Path, name: str | None = None) -> str:
        """Copy `source` under the inputs root; returns its absolute path (a MediaRef)."""
        target = self.inputs / (name or source.name)
        target.write_bytes(source.read_bytes())
        return str(target)


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("video-clips")
    return {**{f"seg{k}": make_segment(root / f"seg{k}.mp4", seconds=1.0, freq=440.0, shade=60 * k,
                                       preset="ultrafast") for k in range(3)},
            "bgm": write_tone_wav(root / "bgm.wav", 1000.0, 0.7),
            "png": make_png(root / "still.png", 96, 160)}


@pytest.fixture
def origin(clips: dict[str, Path]) -> Iterator[Origin]:
    """Serves every clip at /<name>.<ext>; anything else is a 404."""
    o = Origin()
    for path in clips.values():
        body = path.read_bytes()
        o.routes[f"/{path.name}"] = lambda h, body=body: send(h, 200, body, {"Content-Type": "application/octet-stream"})
    server, thread = start(o)
    yield o
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def video_api(make_client: Callable[..., TestClient], tmp_path: Path,
              start_worker: Callable[..., Any]) -> VideoApi:
    api = VideoApi.over(make_client, tmp_path)
    start_worker(api.client, queues=("cpu",))
    return api


@pytest.fixture
def api_only(make_client: Callable[..., TestClient], tmp_path: Path) -> VideoApi:
    """No worker: for what the API answers before any job runs."""
    return VideoApi.over(make_client, tmp_path)
