"""Fixtures for the analysis API: an app with real `cpu` and `io` workers, the shared capability client,
and speech recordings made by the local voice (with the word times of their synthesis)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from media_service.engines.speech import SpeechFile, render_speech
from tests.capabilities.service_api import ServiceApi
from tests.mediagen import SR, write_video


class AnalysisApi(ServiceApi):
    """The /analyze endpoints: `post`, `submit` and `run` take the path under /api/v1/analyze."""

    prefix = "/api/v1/analyze"
    timeout = 180.0

    def speech(self, name: str, text: str, voice_id: str = "piper-en_US-joe-medium") -> SpeechFile:
        """A spoken recording (WAV) of `text` under the input folder."""
        return render_speech(text, voice_id, self.inputs / name)

    def speech_video(self, name: str, speech: SpeechFile) -> Path:
        """An MP4 whose soundtrack is `speech` (resampled to 48 kHz stereo)."""
        samples = speech.speech.samples
        rate = speech.speech.sample_rate
        t = np.arange(round(len(samples) * SR / rate)) * rate / SR
        mono = np.interp(t, np.arange(len(samples)), samples).astype(np.float32)
        return write_video(self.inputs / name, len(samples) / rate, audio=np.stack([mono, mono]) * 0.8)


@pytest.fixture
def analysis_api(make_client: Callable[..., TestClient], tmp_path: Path,
                 start_worker: Callable[..., Any]) -> Callable[..., AnalysisApi]:
    """An AnalysisApi over a fresh app with one in-process worker on the `cpu` and `io` queues."""

    def factory(env: dict[str, str] | None = None) -> AnalysisApi:
        api = AnalysisApi.over(make_client, tmp_path, env)
        start_worker(api.client, queues=("cpu", "io"))
        return api

    return factory


def normalised(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]", " ", text.lower().replace("-", " ")).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over words, divided by the reference's word count."""
    ref, hyp = normalised(reference), normalised(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[:], i
        for j, h in enumerate(hyp, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (r != h))
    return row[-1] / len(ref)


def matched_starts(spoken: list[tuple[str, float]], heard: list[tuple[str, float]]) -> list[tuple[float, float]]:
    """(synthesis start, recognised start) of the words both sides agree on, aligned in order."""
    a = [w for w, _ in spoken]
    b = [w for w, _ in heard]
    pairs = []
    for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks():
        pairs += [(spoken[block.a + k][1], heard[block.b + k][1]) for k in range(block.size)]
    return pairs
