"""Speech engine: local text-to-speech with word timings. Pure functions over text, arrays and files;
no HTTP, no database, no settings (progress and cancellation come in as callables).

Voices (`list_voices`, `get_voice`): Piper's natural US English "Joe" voice and espeak-ng in en es fr de
ja ko pt zh id hi (male and female variants), each with its language, gender and licence.
    synthesize(text, voice_id, options=SpeechOptions(speed=...)) -> Speech (mono samples + words)
    render_speech(text, voice_id, path, fmt=...) -> SpeechFile (encoded through the audio engine)
Word timings come from the engines (espeak-ng word events, Piper phoneme alignments); where an engine
gives none, `estimate_word_timings` spreads the voiced time by syllable weights (marked "estimate").
Speech recorded elsewhere (cloud voices): `render_recorded_speech` joins, times (`align_words`: faster-whisper
tiny.en for English, else the estimate), adjusts tempo/pitch and encodes it.
"""

from .align import align_words, whisper_available
from .catalog import JOE_CAVEAT, LANGUAGES, PIPER_JOE, VOICES, get_voice, list_voices, voice_for_language
from .models import MAX_SPEED, MIN_SPEED, Speech, SpeechOptions, Voice, WordTiming
from .piper import warm_up
from .recorded import RECORDED_RATE, RecordedPiece, RecordedSpeech, RecordedTimingSource, render_recorded_speech
from .synthesize import SPEECH_LOUDNESS, SpeechFile, render_speech, synthesize
from .text import MAX_CHUNK_CHARS, split_chunks, written_words
from .timings import estimate_word_timings, frame_energy_db, voiced_mask

__all__ = [
    "JOE_CAVEAT",
    "LANGUAGES",
    "MAX_CHUNK_CHARS",
    "MAX_SPEED",
    "MIN_SPEED",
    "PIPER_JOE",
    "RECORDED_RATE",
    "SPEECH_LOUDNESS",
    "VOICES",
    "RecordedPiece",
    "RecordedSpeech",
    "RecordedTimingSource",
    "Speech",
    "SpeechFile",
    "SpeechOptions",
    "Voice",
    "WordTiming",
    "align_words",
    "estimate_word_timings",
    "frame_energy_db",
    "get_voice",
    "list_voices",
    "render_recorded_speech",
    "render_speech",
    "split_chunks",
    "synthesize",
    "voice_for_language",
    "voiced_mask",
    "warm_up",
    "whisper_available",
    "written_words",
]
