"""Spoken and captioned briefs (issue 14): the sections' `voiceover_text` synthesised with a local voice,
the sections retimed to fit what is said, and word-timed captions in the format's safe area.

- narrate.py    voice choice and submission checks, synthesis per section, retiming, the voiceover file;
- cloud.py      cloud voices and voice profiles: one `tts.generate` child job per section;
- captions.py   brief captions → the timeline's captions (words, style, theme defaults, safe area).
"""

from .captions import timeline_captions
from .cloud import cloud_speak
from .narrate import LEAD, TAIL, Narration, Speaker, local_speak, narrate, speech_problems, spoken_texts, voice_of

__all__ = ["LEAD", "TAIL", "Narration", "Speaker", "cloud_speak", "local_speak", "narrate", "speech_problems",
           "spoken_texts", "timeline_captions", "voice_of"]
