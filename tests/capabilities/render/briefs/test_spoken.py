"""Spoken and captioned briefs (issue 14): a shorts brief with voiceover_text on every section, a local
voice, music and karaoke captions renders with the speech placed in its sections (retimed to fit), the
music ducked under it, the mix at -14 LUFS, and the spoken word highlighted in the caption band."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import skia
from brief_api import BriefApi, errors_by_field, near

from mediagen import decode, lufs, tone, write_wav

from tests.fakes import OpenAIFake
from tests.fakes.fixtures import fakes_env, openai_fake, start_fake  # noqa: F401,F811  (fixtures)

HIGHLIGHT = "#22FF66"
MUSIC_HZ = 4200.0          # a pure tone as the music bed: its level is measurable under the voice
SIZE = (360, 640)
SAFE_BOTTOM = 0.20         # shorts_v1 keeps the bottom 20 % clear: captions sit just above it

SPOKEN: dict[str, Any] = {
    "id": "spoken-short", "format": "shorts_v1", "title": "Captions that keep up",
    "sections": [
        {"id": "hook", "type": "intro", "start_time_sec": 0, "duration_sec": 1.5,
         "content": {"title": "Captions that *keep* up",
                     "voiceover_text": "Captions that keep up with every single word you say."}},
        {"id": "how", "type": "topic", "start_time_sec": 1.5, "duration_sec": 1.5,
         "content": {"heading": "Spoken briefs", "voiceover_text": "Each section stretches to fit its voice."}},
        {"id": "follow", "type": "outro", "start_time_sec": 3, "duration_sec": 1.5,
         "content": {"cta": "Follow", "voiceover_text": "Follow for more."}},
    ],
    "style": {"theme": "dark"},
    "settings": {"duration_sec": 4.5, "fps": 24, "resolution": {"width": SIZE[0], "height": SIZE[1]}},
    "audio": {"voice": {"voice_id": "piper-en_US-joe-medium"}, "volume_music": 0.8},
    "captions": {"style": "karaoke", "highlight_color": HIGHLIGHT, "max_words_per_line": 4},
}


def _band_level(mono: np.ndarray, rate: int, at: float, low: float, high: float, span: float = 0.06) -> float:
    """dB of the energy between `low` and `high` Hz in a window of `span` s around `at`."""
    a, b = max(0, int((at - span / 2) * rate)), int((at + span / 2) * rate)
    piece = mono[a:b] * np.hanning(b - a)
    spectrum = np.abs(np.fft.rfft(piece)) ** 2
    freqs = np.fft.rfftfreq(b - a, 1 / rate)
    return float(10 * np.log10(spectrum[(freqs >= low) & (freqs <= high)].sum() + 1e-12))


@pytest.mark.slow
def test_a_spoken_short_has_speech_ducked_music_and_karaoke_captions(
        brief_api: Callable[..., BriefApi], tmp_path: Path) -> None:
    api = brief_api(queues=("cpu",))
    music = write_wav(api.inputs / "bed.wav", tone(MUSIC_HZ, 6.0, amp=0.25))
    brief = copy.deepcopy(SPOKEN)
    brief["audio"]["music"] = str(music)
    job = api.wait(api.submit("brief", {"brief": brief, "quality": "preview"}), timeout=300)  # speech + 200 frames
    assert job["status"] == "completed", job.get("error")
    result = job["result"]

    # Retimed: every section at least as long as its speech, the video as long as its sections.
    sections = result["sections"]
    assert [s["id"] for s in sections] == ["hook", "how", "follow"]
    assert sections[0]["duration_sec"] > 1.5  # the hook's sentence does not fit 1.5 s: stretched
    for before, after in zip(sections, sections[1:]):
        assert after["start_time_sec"] == pytest.approx(before["start_time_sec"] + before["duration_sec"], abs=1e-3)
    end = sections[-1]["start_time_sec"] + sections[-1]["duration_sec"]
    words = result["words"]
    assert result["voice_id"] == "piper-en_US-joe-medium" and len(words) == 10 + 7 + 3
    for section, first in zip(sections, (0, 10, 17)):  # each section's speech starts after its lead-in
        assert words[first]["start"] >= section["start_time_sec"] + 0.35
    assert words[-1]["end"] <= end - 0.4

    video = decode(api.fetch(result["output"]))
    assert abs(len(video.frames) / 24 - end) <= 1 / 24 + 1e-6
    assert result["duration_seconds"] == pytest.approx(end, abs=0.05)
    assert video.audio is not None
    assert -15.0 <= lufs(video.audio, video.audio_rate) <= -13.0

    # Speech where the words are; the music bed lower under the words than in the pauses between sections.
    mono, rate = video.audio.mean(axis=0), video.audio_rate
    pauses = [s["start_time_sec"] + 0.2 for s in sections[1:]]  # last word + TAIL … lead-in: no voice
    mids = [(w["start"] + w["end"]) / 2 for w in words if w["end"] - w["start"] >= 0.12]
    voice_in_words = np.median([_band_level(mono, rate, t, 100, 1500) for t in mids])
    voice_in_pauses = max(_band_level(mono, rate, t, 100, 1500) for t in pauses)
    assert voice_in_words - voice_in_pauses >= 15, (voice_in_words, voice_in_pauses)
    music_under_words = np.median([_band_level(mono, rate, t, MUSIC_HZ - 60, MUSIC_HZ + 60) for t in mids])
    music_in_pauses = np.median([_band_level(mono, rate, t, MUSIC_HZ - 60, MUSIC_HZ + 60) for t in pauses])
    assert music_in_pauses - music_under_words >= 6, (music_in_pauses, music_under_words)

    # Karaoke: at three word times of one caption line the highlight sits on that word, moving rightwards,
    # inside the caption band just above the platform's bottom band.
    width, height = SIZE
    band_bottom = int(height * (1 - SAFE_BOTTOM))
    centres = []
    for index in (4, 5, 6):  # "with every single": the second caption line is "with every single word"
        word = words[index]
        t = (word["start"] + word["end"]) / 2
        frame = video.at(t)
        skia.Image.fromarray(np.ascontiguousarray(np.dstack([frame, np.full(frame.shape[:2], 255, np.uint8)])),
                             colorType=skia.ColorType.kRGBA_8888_ColorType).save(
            str(Path("/tmp") / f"spoken-{word['text']}.png"), skia.kPNG)
        lit = near(frame, HIGHLIGHT, tolerance=70)
        assert lit[band_bottom:].sum() == 0 and lit[: height // 2].sum() == 0  # nowhere but the caption band
        rows, cols = np.nonzero(lit)
        assert len(cols) >= 40, (word, len(cols))
        assert band_bottom - height * 0.12 <= rows.min() and rows.max() <= band_bottom
        centres.append(float(cols.mean()))
    assert centres[0] < centres[1] < centres[2], centres


def test_bad_voice_and_caption_input_is_refused_naming_the_field(brief_api_only: BriefApi) -> None:
    api = brief_api_only

    def refused(edit: Callable[[dict[str, Any]], None]) -> Any:
        brief = copy.deepcopy(SPOKEN)
        edit(brief)
        return api.post("brief", {"brief": brief})

    assert "unknown local voice" in errors_by_field(refused(
        lambda b: b["audio"]["voice"].update(voice_id="nobody")))["brief.audio.voice.voice_id"]
    assert "brief.audio.voice.provider" in errors_by_field(refused(
        lambda b: b["audio"]["voice"].update(provider="acme")))
    assert "brief.captions.style" in errors_by_field(refused(lambda b: b["captions"].update(style="scroll")))
    assert "brief.captions.highlight_color" in errors_by_field(refused(
        lambda b: b["captions"].update(highlight_color="not-a-colour")))
    assert "brief.captions.max_words_per_line" in errors_by_field(refused(
        lambda b: b["captions"].update(max_words_per_line=0)))
    assert "brief.captions.colour" in errors_by_field(refused(lambda b: b["captions"].update(colour="red")))
    assert "brief.audio.voice.speed" in errors_by_field(refused(lambda b: b["audio"]["voice"].update(speed=5)))

    def silent(brief: dict[str, Any]) -> None:
        for section in brief["sections"]:
            section["content"].pop("voiceover_text")

    assert "no section has voiceover_text" in errors_by_field(refused(silent))["brief.audio.voice"]

    def captions_of_a_file(brief: dict[str, Any]) -> None:
        brief["audio"] = {"voiceover": str(write_wav(api.inputs / "vo.wav", tone(200, 1.0)))}

    assert "transcription" in errors_by_field(refused(captions_of_a_file))["brief.captions"]
    assert "need speech" in errors_by_field(refused(lambda b: b.pop("audio")))["brief.captions"]


def test_an_unconfigured_cloud_voice_is_503_naming_the_key(brief_api_only: BriefApi) -> None:
    brief = copy.deepcopy(SPOKEN)
    brief["audio"]["voice"] = {"provider": "elevenlabs"}
    r = brief_api_only.post("brief", {"brief": brief})
    assert r.status_code == 503, r.text
    assert r.json()["error"]["details"]["setting"] == "ELEVENLABS_API_KEY"
    assert brief_api_only.client.get("/api/v1/jobs").json()["data"]["jobs"] == []


def test_a_cloud_voice_speaks_each_section_as_a_tts_child_job(brief_api: Callable[..., BriefApi],
                                                              openai_fake: OpenAIFake) -> None:  # noqa: F811
    api = brief_api(fakes_env(openai_fake, PROVIDER_POLL_FIRST_SEC="0.05"), queues=("cpu",))
    brief = copy.deepcopy(SPOKEN)
    brief["audio"]["voice"] = {"provider": "openai", "voice_id": "alloy"}
    brief["captions"] = {"style": "line"}
    job_id = api.submit("brief", {"brief": brief, "quality": "preview"})
    job = api.wait(job_id, timeout=300)
    assert job["status"] == "completed", (job.get("error"), api.logs(job_id))
    result = job["result"]
    children = api.client.get("/api/v1/jobs", params={"parent_id": job_id}).json()["data"]["jobs"]
    assert sorted(c["type"] for c in children) == ["tts.generate"] * 3
    assert all(c["status"] == "completed" for c in children)
    sent = [r.json() for r in openai_fake.posts("/audio/speech")]
    assert sorted(b["input"] for b in sent) == sorted(s["content"]["voiceover_text"] for s in SPOKEN["sections"])
    assert {b["voice"] for b in sent} == {"alloy"} and result["voice_id"] == "openai/alloy"
    words = [w["text"] for w in result["words"]]
    assert words[:3] == ["Captions", "that", "keep"] and words[-1].startswith("more")
    sections = {s["id"]: s for s in result["sections"]}
    video = decode(api.fetch(result["output"]))
    assert video.audio is not None
    mono, rate = video.audio.mean(axis=0), video.audio_rate
    for word in result["words"]:  # every word falls inside its section, where there is speech
        assert any(s["start_time_sec"] <= word["start"] < s["start_time_sec"] + s["duration_sec"]
                   for s in sections.values())
    mids = [(w["start"] + w["end"]) / 2 for w in result["words"]]
    in_words = np.median([_band_level(mono, rate, m, 100, 1500) for m in mids])
    lead_in = _band_level(mono, rate, 0.15, 100, 1500)  # before the first word: no voice
    assert in_words - lead_in >= 15, (in_words, lead_in)
