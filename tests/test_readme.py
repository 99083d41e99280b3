"""Every request example in the README is accepted by the service (submitted as a dry run)."""

from __future__ import annotations

import json
import re
import wave
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(r"<!-- example: POST (\S+) -->\s*```json\n(.*?)```", re.S)


def write_tone(path: Path, seconds: float = 1.0) -> None:
    t = np.arange(int(48000 * seconds)) / 48000
    pcm = (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(48000), w.writeframes(pcm.tobytes())


def test_readme_examples_are_valid_requests(make_client, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    for name in ("voice.wav", "music.mp3"):  # the examples' paths, with real (WAV) audio in them
        write_tone(media / name)
    client = make_client({"INPUT_ROOTS": str(media), "YOUTUBE_API_KEY": "readme-example"})  # a dry run calls no API
    examples = EXAMPLE.findall(README.read_text())
    assert len(examples) >= 3
    for path, body in examples:
        request = json.loads(body.replace("/srv/media/", f"{media}/"))
        resp = client.post(path, json={**request, "dry_run": True})
        assert resp.status_code == 200, (path, resp.text)
        assert resp.json()["data"]["request"], path
