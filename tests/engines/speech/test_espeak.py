"""espeak-ng holds global state: concurrent callers are serialised, forked processes get their own copy."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor

from media_service.engines.speech import synthesize

TEXTS = {"espeak-en": "Threads take turns.", "espeak-de": "Fäden warten.", "espeak-fr": "Chacun son tour.",
         "espeak-es-female": "Cada uno a su vez."}


def _speak(voice_id: str) -> tuple[float, list[str]]:
    speech = synthesize(TEXTS[voice_id], voice_id)
    return speech.duration, [w.text for w in speech.words]


def test_concurrent_threads_get_the_same_speech_as_one_at_a_time():
    """Unserialised, the callers would share one sample buffer and one event list: lengths and words
    would mix. (espeak-ng's output varies by a few samples between runs, so lengths are compared.)"""
    alone = {voice: _speak(voice) for voice in TEXTS}
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(_speak, list(TEXTS) * 3))
    for voice, (duration, words) in zip(list(TEXTS) * 3, together, strict=True):
        assert words == alone[voice][1]
        assert abs(duration - alone[voice][0]) < 0.02, voice


def test_a_forked_process_speaks_after_the_parent_did():
    parent = _speak("espeak-en")
    with multiprocessing.get_context("fork").Pool(1) as pool:
        child = pool.apply(_speak, ("espeak-en",))
    assert child[1] == parent[1] and abs(child[0] - parent[0]) < 0.02
