"""Analysis engine: measurements of a video or audio file (scene cuts, loudness, silence), speech metrics
from a transcript, the explained virality features of a video, the hook, and documented local templates
for the prose fields. Pure functions over files and values.

    measure_visual(path) / measure_sound(path) -> VisualStats | None, SoundStats
    speech_stats(transcript) / hook_of(transcript, stats) / video_features(...) / local_prose(...)
"""

from .measure import CUT_THRESHOLD, SILENCE_DB, SoundStats, VisualStats, measure_sound, measure_visual
from .report import Hook, SpeechStats, hook_of, local_prose, speech_stats, video_features

__all__ = ["CUT_THRESHOLD", "SILENCE_DB", "Hook", "SoundStats", "SpeechStats", "VisualStats", "hook_of",
           "local_prose", "measure_sound", "measure_visual", "speech_stats", "video_features"]
