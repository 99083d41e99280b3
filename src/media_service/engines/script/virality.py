"""A virality score with its features written out: each feature is measured (a value in 0–1), weighted,
and the score is 100 × Σ weight·value / Σ weight. Scripts and videos share the scale; a video adds its
own measured features (cuts per minute, time to first word, …) through `score_features`.

This is a transparent heuristic, not a trained predictor: each feature says what it measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .plan import ScriptSegment
from .text import words

__all__ = ["ViralityFeature", "score_features", "script_features"]

_YOU = {"you", "your", "kamu", "lo", "lu", "anda", "tu", "tú", "te", "usted", "आप", "तुम"}
_CTA = re.compile(r"follow|subscribe|comment|share|save|like|ikuti|subscribe|komen|simpan|sígueme|sigue|"
                  r"suscríbete|comenta|guarda|फ़ॉलो|फॉलो|सब्सक्राइब|शेयर", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ViralityFeature:
    """One explained feature: what it is, the measured value (0–1), its weight, and the raw measurement."""

    name: str
    value: float
    weight: float
    measured: str

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "value": round(self.value, 3), "weight": self.weight, "measured": self.measured}


def score_features(features: list[ViralityFeature]) -> float:
    """0–100: the weighted mean of the feature values."""
    total = sum(f.weight for f in features)
    return round(100.0 * sum(f.weight * min(max(f.value, 0.0), 1.0) for f in features) / total, 1) if total else 0.0


def _band(x: float, low: float, high: float, slack: float) -> float:
    """1 inside [low, high], falling linearly to 0 at `slack` outside it."""
    if low <= x <= high:
        return 1.0
    gap = low - x if x < low else x - high
    return max(0.0, 1.0 - gap / slack)


def script_features(segments: list[ScriptSegment], *, hook_patterns: list[str]) -> list[ViralityFeature]:
    """The features of a script (its hook, pacing, call to action and variety)."""
    hook = segments[0].script_text if segments else ""
    hook_words = [w.lower() for w in words(hook)]
    total_words = sum(len(words(s.script_text)) for s in segments)
    seconds = sum(s.duration_seconds for s in segments) or 1
    rate = total_words / seconds
    ending = segments[-1].script_text if segments else ""
    emotions = {s.emotion for s in segments}
    return [
        ViralityFeature("hook_question_or_number", 1.0 if ("?" in hook or any(w.isdigit() for w in hook_words))
                        else 0.0, 2.0, "the hook asks a question or names a number"),
        ViralityFeature("hook_length", _band(len(hook_words), 4, 15, 10), 1.5,
                        f"{len(hook_words)} words in the hook (4–15 reads in its seconds)"),
        ViralityFeature("hook_pattern", min(1.0, len(hook_patterns) / 2), 1.5,
                        f"hook patterns used: {', '.join(hook_patterns) or 'none'}"),
        ViralityFeature("speaks_to_viewer", 1.0 if _YOU & set(hook_words + [w.lower() for w in words(ending)])
                        else 0.0, 1.0, "second person in the hook or the ending"),
        ViralityFeature("pacing", _band(rate, 1.8, 3.2, 1.5), 2.0, f"{rate:.2f} words per second"),
        ViralityFeature("call_to_action", 1.0 if _CTA.search(ending) else 0.0, 1.5,
                        "the ending asks to follow, subscribe, comment or save"),
        ViralityFeature("emotional_variety", min(1.0, (len(emotions) - 1) / 3), 0.5,
                        f"{len(emotions)} distinct emotions across {len(segments)} segments"),
    ]
