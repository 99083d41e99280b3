"""Fixtures for the speech API: an app with a real `cpu` worker, the shared capability client, and
reference recordings made by the tests (speech from the local engine, or tones of a chosen length)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from scipy.io import wavfile

from media_service.engines.speech import render_speech
from tests.capabilities.service_api import ServiceApi, errors_by_field  # noqa: F401  (re-exported to the tests)
from tests.fakes.fixtures import (  # noqa: F401  (fake vendor fixtures for the provider tests)
    elevenlabs_fake, fake_env, modal_voice_fake, openai_fake, start_fake)

JOB_TIMEOUT = 120.0


class TtsApi(ServiceApi):
    """The /tts endpoints: `post`, `submit` and `run` take the path under /api/v1/tts."""

    prefix = "/api/v1/tts"
    timeout = JOB_TIMEOUT

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{self.prefix}/{path}".rstrip("/"), params=params)

    def speech_reference(self, name: str, text: str, voice_id: str = "espeak-en-female") -> Path:
        """A spoken reference recording (WAV) under the input folder."""
        return render_speech(text, voice_id, self.inputs / name).path

    def tone_reference(self, name: str, seconds: float) -> Path:
        """A 220 Hz tone of `seconds` (for the length checks) under the input folder."""
        t = np.arange(int(seconds * 16_000)) / 16_000
        path = self.inputs / name
        wavfile.write(path, 16_000, (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype(np.int16))
        return path


@pytest.fixture
def tts_api(make_client: Callable[..., TestClient], tmp_path: Path,
            start_worker: Callable[..., Any]) -> Callable[..., TtsApi]:
    """A TtsApi over a fresh app with one in-process worker on the `cpu` queue."""

    def factory(env: dict[str, str] | None = None) -> TtsApi:
        api = TtsApi.over(make_client, tmp_path, env)
        start_worker(api.client, queues=("cpu",))
        return api

    return factory


@pytest.fixture
def tts_only(make_client: Callable[..., TestClient], tmp_path: Path) -> TtsApi:
    """A TtsApi with no worker: for what the API answers before any job runs."""
    return TtsApi.over(make_client, tmp_path)
