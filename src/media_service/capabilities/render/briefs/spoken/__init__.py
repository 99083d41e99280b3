"""Spoken and captioned briefs (issue 14): the sections' `voiceover_text` synthesised with a local voice,
the sections retimed to fit what is said, and word-timed captions in the format's safe area.

- narrate.py    voice choice and submission checks, synthesis per section, retiming, the voiceover file;
- captions.py   brief captions → the timeline's captions (words, style, theme defaults, safe area).
"""

from .captions import timeline_captions
from .narrate import LEAD, TAIL, Narration, narrate, speech_problems, voice_of

__all__ = ["LEAD", "TAIL", "Narration", "narrate", "speech_problems", "timeline_captions", "voice_of"]
