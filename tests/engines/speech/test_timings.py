"""Word timings land where the words are heard (measured from the energy gaps between words)."""

from __future__ import annotations

import pytest

from media_service.engines.speech import PIPER_JOE, estimate_word_timings, synthesize

LISTS = {
    PIPER_JOE: "Apple, banana, cherry, grape, lemon, orange",
    "espeak-en": "Apple, banana, cherry, grape, lemon, orange",
    "espeak-es": "Manzana, plátano, cereza, uva, limón, naranja",
    "espeak-de": "Apfel, Banane, Kirsche, Traube, Zitrone, Orange",
    "espeak-id": "Apel, pisang, ceri, anggur, lemon, jeruk",
}


@pytest.mark.parametrize("voice_id", sorted(LISTS))
def test_each_word_mid_time_is_inside_its_own_spoken_stretch(voice_id, ear):
    """A comma list is spoken with a pause after each word: word i's mid-time is in sound stretch i."""
    speech = synthesize(LISTS[voice_id], voice_id)
    # pauses at commas last 140 ms or more; stop consonants ("Ap-ple") are silent for under 100 ms
    segments = ear.segments(speech.samples, speech.sample_rate, gap=0.12)
    assert [w.text for w in speech.words] == [w.strip() for w in LISTS[voice_id].split(",")]
    assert len(segments) == len(speech.words)
    for word, segment in zip(speech.words, segments, strict=True):
        assert segment.holds((word.start + word.end) / 2), (word, segment)
        # and the word covers most of its stretch: starts and ends within 200 ms of the sound
        assert abs(word.start - segment.start) < 0.2 and abs(word.end - segment.end) < 0.2, (word, segment)


def test_chinese_characters_are_timed_inside_the_sound(ear):
    speech = synthesize("苹果，香蕉，樱桃，葡萄，柠檬", "espeak-zh")
    segments = ear.segments(speech.samples, speech.sample_rate)
    assert "".join(w.text for w in speech.words) == "苹果香蕉樱桃葡萄柠檬"
    for word in speech.words:
        assert any(s.holds((word.start + word.end) / 2) for s in segments), word


@pytest.mark.parametrize("voice_id", [PIPER_JOE, "espeak-en"])
def test_continuous_speech_words_are_ordered_and_do_not_overlap(voice_id):
    text = "The little bakery on the corner opens before sunrise, and 23 people wait outside."
    speech = synthesize(text, voice_id)
    assert [w.text for w in speech.words] == ["The", "little", "bakery", "on", "the", "corner", "opens",
                                                 "before", "sunrise", "and", "23", "people", "wait", "outside"]
    for a, b in zip(speech.words, speech.words[1:], strict=False):
        assert a.start < a.end <= b.start + 1e-6
    number = speech.words[10]
    assert number.end - number.start > 0.4  # "twenty three" is two spoken words, both inside "23"


def test_the_syllable_estimate_falls_inside_the_sound(ear):
    """Used when an engine gives no alignment: shares the voiced time by syllable weights."""
    text = LISTS["espeak-en"]
    speech = synthesize(text, "espeak-en")
    estimate = estimate_word_timings(text, speech.samples, speech.sample_rate)
    segments = ear.segments(speech.samples, speech.sample_rate)
    assert [w.text for w in estimate] == [w.text for w in speech.words]
    inside = sum(any(s.holds((w.start + w.end) / 2) for s in segments) for w in estimate)
    assert inside == len(estimate)
    # an estimate, not an alignment: each guess is still within half a second of the engine's word
    for guess, real in zip(estimate, speech.words, strict=True):
        assert abs((guess.start + guess.end) / 2 - (real.start + real.end) / 2) < 0.5
