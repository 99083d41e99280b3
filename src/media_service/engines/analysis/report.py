"""From measurements and a transcript to the analysis a person reads: speech metrics, the explained virality
features of a video, the hook, and the local (template) versions of the prose fields.

Every template is written out here; a result built from them lists those fields as heuristic.
- summary: the transcript's first two sentences (extractive), or a sentence of the measurements when
  nobody speaks;
- detected_topics: the transcript's keywords (engines.script.text, documented there);
- hashtags: `#` + the first five keywords, then the platform tags `#shorts` / `#fyp`;
- hook: the words heard in the first sentence (or first 3 s); its type is `question` when it asks,
  `shock` when it exclaims or names a number, `curiosity` when it opens a gap (why, how, secret, nobody, …),
  `statement` otherwise; its strength (1–10) adds points for a fast start, a short line, a question or number;
- captions: title = the hook cut at 90 characters; descriptions = summary + hashtags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from media_service.engines.script import ViralityFeature, keywords, sentences, words
from media_service.engines.transcribe import Transcript

from .measure import SoundStats, VisualStats

__all__ = ["Hook", "SpeechStats", "hook_of", "local_prose", "speech_stats", "video_features"]

_CURIOUS = re.compile(r"\b(why|how|secret|nobody|never|what if|mistake|truth|hidden|stop|rahasia|kenapa|"
                      r"gimana|por qué|cómo|secreto|nadie|क्यों|कैसे|राज़)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SpeechStats:
    word_count: int
    words_per_minute: float | None
    time_to_first_word: float | None
    has_speech: bool


@dataclass(frozen=True, slots=True)
class Hook:
    text: str
    type: str
    strength: int


def speech_stats(transcript: Transcript | None) -> SpeechStats:
    """Word count, speaking rate over the spoken span, and when the first word is heard."""
    if transcript is None or not transcript.words:
        return SpeechStats(0, None, None, False)
    first, last = transcript.words[0].start, transcript.words[-1].end
    span = max(last - first, 0.5)
    return SpeechStats(len(transcript.words), round(len(transcript.words) / span * 60, 1), round(first, 3), True)


def hook_of(transcript: Transcript | None, stats: SpeechStats) -> Hook:
    """The opening line, its type and its strength."""
    if transcript is None or not transcript.text.strip():
        return Hook("", "statement", 1)
    first = sentences(transcript.text)[0]
    if transcript.words:
        early = " ".join(w.word for w in transcript.words if w.start < transcript.words[0].start + 3.0)
        first = first if len(first) <= len(early) + 20 else early
    kind = "question" if "?" in first else "shock" if ("!" in first or re.search(r"\d", first)) \
        else "curiosity" if _CURIOUS.search(first) else "statement"
    strength = 3
    strength += 2 if stats.time_to_first_word is not None and stats.time_to_first_word <= 1.0 else 0
    strength += 2 if len(words(first)) <= 14 else 0
    strength += 2 if kind in ("question", "shock", "curiosity") else 0
    strength += 1 if re.search(r"\b(you|your|kamu|anda|tú|tu|आप)\b", first, re.IGNORECASE) else 0
    return Hook(first.strip(), kind, max(1, min(10, strength)))


def _band(x: float, low: float, high: float, slack: float) -> float:
    if low <= x <= high:
        return 1.0
    return max(0.0, 1.0 - (low - x if x < low else x - high) / slack)


def video_features(visual: VisualStats | None, sound: SoundStats, stats: SpeechStats, hook: Hook,
                   duration: float) -> list[ViralityFeature]:
    """The measured features of a video (each with its value 0–1, weight and what was measured)."""
    cpm = visual.cuts_per_minute if visual is not None else 0.0
    ttfw = stats.time_to_first_word
    wps = (stats.words_per_minute or 0.0) / 60
    lufs = sound.integrated_lufs
    return [
        ViralityFeature("time_to_first_word", 0.0 if ttfw is None else _band(ttfw, 0.0, 1.0, 3.0), 2.0,
                        "no speech" if ttfw is None else f"first word at {ttfw:.2f} s"),
        ViralityFeature("cuts_per_minute", _band(cpm, 12.0, 40.0, 12.0), 1.5, f"{cpm:.1f} cuts per minute"),
        ViralityFeature("speech_rate", _band(wps, 2.2, 3.3, 1.5) if stats.has_speech else 0.0, 1.5,
                        f"{stats.words_per_minute or 0:.0f} words per minute"),
        ViralityFeature("hook_strength", hook.strength / 10, 2.0, f"{hook.type} hook, strength {hook.strength}/10"),
        ViralityFeature("loudness", 0.0 if lufs is None else _band(lufs, -16.0, -12.0, 10.0), 1.0,
                        "silent" if lufs is None else f"{lufs:.1f} LUFS integrated"),
        ViralityFeature("dead_air", 1.0 - min(1.0, sound.silence_ratio / 0.5), 1.0,
                        f"{sound.silence_ratio:.0%} of the time below {-45} dBFS, longest {sound.longest_silence:.1f} s"),
        ViralityFeature("length", _band(duration, 7.0, 60.0, 60.0), 1.0, f"{duration:.1f} s long"),
    ]


def local_prose(transcript: Transcript | None, hook: Hook, stats: SpeechStats, visual: VisualStats | None,
                duration: float) -> dict[str, Any]:
    """The prose fields from the templates in the module docstring."""
    text = transcript.text if transcript is not None else ""
    if stats.has_speech:
        summary = " ".join(sentences(text)[:2])
    else:
        cuts = f" and {len(visual.cuts)} scene cuts" if visual is not None else ""
        summary = f"A {duration:.0f}-second video with no speech{cuts}."
    topics = keywords(text, limit=5)
    hashtags = [f"#{t.replace('-', '')}" for t in topics] + ["#shorts", "#fyp"]
    title = (hook.text or summary)[:90].rstrip()
    tags = " ".join(hashtags)
    return {"summary": summary, "detected_topics": topics, "hashtags": hashtags,
            "suggested_caption": f"{title} {' '.join(hashtags[:3])}".strip(),
            "platform_captions": {"youtube_title": title, "youtube_description": f"{summary}\n\n{tags}",
                                  "tiktok_caption": f"{title} {' '.join(hashtags[:4])}".strip(),
                                  "instagram_caption": f"{summary}\n.\n{tags}"}}
