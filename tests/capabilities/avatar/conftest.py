"""Fixtures for the avatar API: an app whose talking-head providers point at the loopback fakes (Modal
InfiniteTalk, Replicate SadTalker/Wav2Lip), with an `io` worker, plus the test media (drawn faces, real speech)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.capabilities.service_api import ServiceApi
from tests.fakes import FakeServer
from tests.fakes.fixtures import fakes_env, modal_avatar_fake, replicate_fake, start_fake  # noqa: F401
from tests.fakes.media import speech_bytes
from tests.mediagen import write_wav

from .faces import write_face_video, write_png

#: Fast polling against the fakes.
POLL_ENV = {"VIDEO_POLL_FIRST_SEC": "0.05", "VIDEO_POLL_CAP_SEC": "0.1", "PROVIDER_POLL_FIRST_SEC": "0.05",
            "AVATAR_TRAINING_POLL_SEC": "0.05"}
SPEECH = "Hello, I am a talking head made from one picture and this sentence."


class AvatarApi(ServiceApi):
    prefix = "/api/v1/avatar"
    timeout = 90.0

    def face(self, faces: int = 1, name: str | None = None) -> str:
        """A drawn picture with `faces` heads in the input folder; returns its path."""
        return str(write_png(self.inputs / (name or f"faces-{faces}.png"), faces, width=512 if faces < 2 else 900))

    def face_video(self, faces: int = 1) -> str:
        return str(write_face_video(self.inputs / f"face-video-{faces}.mp4", faces))

    def speech(self, text: str = SPEECH, name: str = "speech.wav") -> str:
        """Real speech (the local espeak voice) as a WAV in the input folder."""
        data, _, _ = speech_bytes(text, fmt="wav")
        path = self.inputs / name
        path.write_bytes(data)
        return str(path)

    def silence(self, seconds: float = 3.0) -> str:
        return str(write_wav(self.inputs / "silence.wav", np.zeros(int(seconds * 48_000), np.float32), 48_000))


@pytest.fixture
def avatar_api(make_client: Callable[..., TestClient], tmp_path: Path,
               start_worker: Callable[..., Any]) -> Iterator[Callable[..., AvatarApi]]:
    """`avatar_api(*fakes, worker=True, **env)`: the API over those fakes."""

    def factory(*fakes: FakeServer, worker: bool = True, **env: str) -> AvatarApi:
        api = AvatarApi.over(make_client, tmp_path, fakes_env(*fakes, **{**POLL_ENV, **env}))
        if worker:
            start_worker(api.client, queues=("io",))
        return api

    yield factory
