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


def scene_video(path: Path, seconds: float, *, cut_every: float | None, audio: np.ndarray | None = None,
                fps: int = 25, size: tuple[int, int] = (160, 90)) -> Path:
    """An MP4 that shows a new random scene every `cut_every` seconds (one still scene when None), with
    `audio` (stereo float32 at 48 kHz) as AAC when given."""
    import av

    rng = np.random.default_rng(7)
    width, height = size
    scenes = [(rng.random((height // 10, width // 10, 3)) * 255).astype(np.uint8).repeat(10, 0).repeat(10, 1)
              for _ in range(int(seconds / (cut_every or seconds)) + 1)]
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264" if "libx264" in av.codecs_available else "mpeg4", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        sound = out.add_stream("aac", rate=SR, layout="stereo") if audio is not None else None
        for i in range(round(seconds * fps)):
            scene = scenes[int(i / fps / cut_every) if cut_every else 0]
            frame = av.VideoFrame.from_ndarray(scene, format="rgb24")
            frame.pts = i
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if sound is not None and audio is not None:
            for start in range(0, audio.shape[1], 1024):
                chunk = np.ascontiguousarray(audio[:, start:start + 1024])
                frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
                frame.sample_rate, frame.pts = SR, start
                for packet in sound.encode(frame):
                    out.mux(packet)
            for packet in sound.encode(None):
                out.mux(packet)
    return path


def speech_track(speech: SpeechFile, seconds: float, *, lead: float = 0.5) -> np.ndarray:
    """`speech` resampled to 48 kHz stereo, starting `lead` seconds in, padded to `seconds`."""
    samples, rate = speech.speech.samples, speech.speech.sample_rate
    t = np.arange(round(len(samples) * SR / rate)) * rate / SR
    mono = np.interp(t, np.arange(len(samples)), samples).astype(np.float32) * 0.8
    track = np.zeros(round(seconds * SR), np.float32)
    start = round(lead * SR)
    track[start:start + len(mono)] = mono[: len(track) - start]
    return np.stack([track, track])
