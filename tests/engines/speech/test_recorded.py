"""Speech recorded elsewhere: aligned to its known text (tiny.en), joined, sped up, measured."""

from __future__ import annotations

from pathlib import Path

import pytest

from media_service.engines.audio import load_audio, save_audio
from media_service.engines.speech import RecordedPiece, WordTiming, align_words, render_recorded_speech, synthesize

TEXT = "Three facts about octopuses you did not know. They have three hearts and blue blood."


def _mid(w: WordTiming) -> float:
    return (w.start + w.end) / 2


def test_english_is_aligned_close_to_the_engine_own_timings():
    speech = synthesize(TEXT, "piper-en_US-joe-medium")
    words, source = align_words(TEXT, speech.samples, speech.sample_rate, language="en")
    assert source == "aligned" and [w.text for w in words] == [w.text for w in speech.words]
    errors = [abs(_mid(a) - _mid(b)) for a, b in zip(words, speech.words, strict=True)]
    assert sum(errors) / len(errors) < 0.12 and max(errors) < 0.3, errors


def test_other_languages_get_the_syllable_estimate():
    speech = synthesize("Guten Morgen. Heute lernen wir.", "espeak-de")
    words, source = align_words("Guten Morgen. Heute lernen wir.", speech.samples, speech.sample_rate, language="de")
    assert source == "estimate" and [w.text for w in words] == ["Guten", "Morgen", "Heute", "lernen", "wir"]


def test_pieces_are_joined_timed_and_sped_up(tmp_path: Path, ear):
    first = synthesize("Good morning to you.", "espeak-en")
    second = synthesize("Octopuses have blue blood.", "piper-en_US-joe-medium")
    paths = []
    for name, speech in (("a.wav", first), ("b.wav", second)):
        save_audio(speech.samples[None, :], tmp_path / name, sample_rate=speech.sample_rate)
        paths.append(tmp_path / name)
    pieces = [RecordedPiece(paths[0], "Good morning to you.", first.words),
              RecordedPiece(paths[1], "Octopuses have blue blood.", None)]
    plain = render_recorded_speech(pieces, tmp_path / "plain.mp3", language="en")
    assert plain.timing_source == "aligned" and len(plain.words) == 8
    assert plain.duration == pytest.approx(first.duration + 0.3 + second.duration, abs=0.05)
    assert plain.words[4].start >= first.duration + 0.25  # the second piece's words come after the pause
    assert plain.measurement.integrated_lufs == pytest.approx(-16, abs=0.6)
    fast = render_recorded_speech(pieces, tmp_path / "fast.wav", language="en", tempo=1.25)
    assert fast.duration == pytest.approx(plain.duration / 1.25, rel=0.03)
    samples = load_audio(fast.path, sample_rate=22_050, channels=1)[0]
    segments = ear.segments(samples, 22_050, gap=0.05, threshold_db=-40)
    inside = [any(s.start - 0.03 <= _mid(w) <= s.end + 0.03 for s in segments) for w in fast.words]
    assert sum(inside) >= 7, fast.words
