"""Captions on POST /render/scene: word timings given with the timeline are drawn (the spoken word in the
highlight colour, in the caption band), and a voiceover file with no words or text is a 400 that says
transcription is needed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scene_api import SceneApi, errors_by_field

from tests.mediagen import decode, tone, write_wav

WORDS = [{"text": "word", "start": 0.1, "end": 0.5}, {"text": "timed", "start": 0.55, "end": 0.9},
         {"text": "captions", "start": 0.95, "end": 1.4}]


def _timeline(**extra: object) -> dict[str, object]:
    return {"width": 320, "height": 180, "fps": 10, "duration": 1.6, "background": "#102040",
            "scenes": [{"start": 0, "duration": 1.6, "layers": []}], **extra}


def test_a_timeline_with_words_renders_its_captions(scene_api: Callable[..., SceneApi]) -> None:
    api = scene_api()
    captions = {"words": WORDS, "highlightColor": "#22FF66", "style": "karaoke"}
    result = api.run("scene", {"timeline": _timeline(captions=captions), "quality": "preview"})
    video = decode(api.fetch(result["output"]))
    centres = []
    for word in WORDS:
        frame = video.at((word["start"] + word["end"]) / 2).astype(int)
        lit = np.abs(frame - np.array([34, 255, 102])).max(axis=-1) <= 70
        rows, cols = np.nonzero(lit)
        assert len(cols) > 10 and rows.min() > 180 * 0.6, word
        centres.append(cols.mean())
    assert centres == sorted(centres)


def test_captions_of_a_voiceover_file_without_words_need_transcription(scene_api_only: SceneApi) -> None:
    api = scene_api_only
    voice = write_wav(api.inputs / "vo.wav", tone(220, 1.0))
    r = api.post("scene", {"timeline": _timeline(audio={"voiceover": str(voice)}, captions={"style": "word"})})
    assert "transcription" in errors_by_field(r)["timeline.captions"]
