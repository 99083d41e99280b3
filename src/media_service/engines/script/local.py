"""The offline script writer: no language model, only the input's own words, hook patterns and phrases.

- HOOK: for a title or topic, the best retrieved hook pattern in the script's language, filled with the
  topic (a knowledge entry without a `{topic}` slot is used as written), else the language's built-in
  pattern; for a transcript, its own opening sentence (a speaker's first line is the most natural hook),
  named by its form (question, statistic or bold_claim).
- BODY_n: for a transcript, its most informative sentences in their original order, grouped to fit each
  segment's seconds at a speaking rate; for a title or topic, the language's framing lines around the
  topic (numbered when the topic counts its points, "5 ways to …").
- ENDING_CTA: the language's closing line for the platform.
Visual directions are written in English (image models read English best) from the segment's keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .language import Language, phrases_for
from .plan import ScriptSegment, durations_for
from .text import keywords, sentences, short_topic, words

__all__ = ["HookCandidate", "LocalScript", "ScriptInput", "WORDS_PER_SECOND", "write_local_script"]

#: a brisk short-video narration rate (≈150 words a minute)
WORDS_PER_SECOND = 2.5
_HOOK_EMOTION = {"curiosity_gap": "curiosity", "pain_point": "shock", "bold_claim": "excitement",
                 "question": "curiosity", "statistic": "shock", "story": "empathy", "contrarian": "surprise",
                 "list": "curiosity"}
_BODY_EMOTIONS = ("curiosity", "hope", "inspiration", "surprise", "confidence", "hope")
_COUNTED = re.compile(r"^\s*(\d{1,2})\b")
_STEP = re.compile(r"^[^:]{1,24}\d+:\s*")


@dataclass(frozen=True, slots=True)
class ScriptInput:
    """What the script is made from (the contract's request, resolved)."""

    input_type: str          # transcript | title | topic
    content: str
    total_seconds: int       # 30 | 60
    language: Language
    platform: str


@dataclass(frozen=True, slots=True)
class HookCandidate:
    """A retrieved knowledge entry the writer may use, best match first."""

    id: str
    pattern: str
    text: str
    language: str


@dataclass(frozen=True, slots=True)
class LocalScript:
    segments: list[ScriptSegment]
    hooks_used: list[str]
    knowledge_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _fill(template: str, topic: str) -> str:
    """`template` with the topic in its slot: lowercased inside a sentence unless it starts with an acronym."""
    at = template.find("{topic}")
    if at > 0 and topic[:1].isupper() and not topic[1:2].isupper():
        topic = topic[0].lower() + topic[1:]
    line = template.replace("{topic}", topic)
    return line[0].upper() + line[1:] if line else line


def _hook(spec: ScriptInput, topic: str, candidates: list[HookCandidate]) -> tuple[str, str, str | None]:
    """(hook line, pattern, knowledge id used)."""
    phrases, _ = phrases_for(spec.language.code)
    for candidate in candidates:
        if candidate.language == spec.language.code:
            return _fill(candidate.text, topic), candidate.pattern, candidate.id
    pattern = "pain_point" if spec.input_type == "topic" else "curiosity_gap"
    return _fill(phrases.hooks[pattern], topic), pattern, None


def _opening(content: str) -> tuple[str, str]:
    """A transcript's first sentence as its hook (cut at 16 words), and the pattern its form follows."""
    first = sentences(content)[0]
    parts = first.split()
    line = first if len(parts) <= 16 else " ".join(parts[:16]) + "…"
    pattern = "question" if "?" in line else "statistic" if any(c.isdigit() for c in line) else "bold_claim"
    return line, pattern


def _pick_sentences(content: str, budget_words: float) -> list[str]:
    """The transcript's most informative sentences after the first (most keywords) within the word budget,
    in order."""
    found = sentences(content)[1:] or sentences(content)
    key = set(keywords(content, limit=12))
    ranked = sorted(range(len(found)), key=lambda i: -sum(w.lower() in key for w in words(found[i])))
    chosen: list[int] = []
    used = 0
    for i in ranked:
        n = len(words(found[i]))
        if used + n <= budget_words or not chosen:
            chosen.append(i)
            used += n
    return [found[i] for i in sorted(chosen)]


def _group(picked: list[str], count: int) -> list[str]:
    """`picked` split into `count` consecutive groups of about equal word counts."""
    total = sum(len(words(s)) for s in picked)
    groups: list[list[str]] = [[] for _ in range(count)]
    done = 0
    for sentence in picked:
        n = len(words(sentence))
        slot = min(count - 1, int((done + n / 2) * count / max(total, 1)))  # by the sentence's middle word
        groups[slot].append(sentence)
        done += n
    filled = [" ".join(g) for g in groups if g]
    return filled


def _transcript_bodies(spec: ScriptInput) -> list[str]:
    budget = (spec.total_seconds - 14) * WORDS_PER_SECOND
    picked = _pick_sentences(spec.content, budget)
    most = 2 if spec.total_seconds == 30 else 6
    return _group(picked, min(most, len(picked)))


def _framed_bodies(spec: ScriptInput, topic: str) -> list[str]:
    phrases, _ = phrases_for(spec.language.code)
    count = 2 if spec.total_seconds == 30 else 6
    lines = [_fill(phrases.bodies[i % len(phrases.bodies)], topic) for i in range(count)]
    if _COUNTED.match(spec.content):
        lines = [f"{phrases.step.format(n=i + 1)} {line}" for i, line in enumerate(lines)]
    return lines


def _visual(kind: str, text: str, topic: str) -> str:
    text = _STEP.sub("", text)
    terms = ", ".join(dict.fromkeys([*keywords(topic, limit=2), *keywords(text, limit=2)])) or topic
    if kind == "HOOK":
        return f"Close-up of a person reacting to {terms}, bold on-screen hook text, fast push-in"
    if kind == "ENDING_CTA":
        return f"Energetic presenter pointing at the camera, 'FOLLOW' text overlay, {terms} in the background"
    return f"B-roll illustrating {terms}, clean composition, one clear subject, smooth camera move"


def write_local_script(spec: ScriptInput, candidates: list[HookCandidate]) -> LocalScript:
    """A complete script from `spec`, using the first candidate hook in the script's language."""
    phrases, native = phrases_for(spec.language.code)
    used_id: str | None = None
    if spec.input_type == "transcript" and len(sentences(spec.content)) >= 3:
        topic = short_topic(spec.content, max_words=6)
        bodies = _transcript_bodies(spec)
        hook, pattern = _opening(spec.content)
    else:  # a title, a topic, or a transcript too short to draw bodies from
        topic = short_topic(spec.content, max_words=12)
        bodies = _framed_bodies(spec, topic)
        hook, pattern, used_id = _hook(spec, topic, candidates)
    cta = phrases.cta.get(spec.platform, phrases.cta["default"])
    count = len(bodies)
    seconds = durations_for(spec.total_seconds, count + 2)
    texts = [hook, *bodies, cta]
    emotions = [_HOOK_EMOTION.get(pattern, "curiosity"), *_BODY_EMOTIONS[:count], "excitement"]
    types = ["HOOK", *[f"BODY_{i}" for i in range(1, count + 1)], "ENDING_CTA"]
    segments = [ScriptSegment(t, s, text, _visual(t, text, topic), e)
                for t, s, text, e in zip(types, seconds, texts, emotions)]
    hooks_used = [pattern]
    if "?" in hook and pattern != "question":
        hooks_used.append("question")
    notes = [] if native else [f"no local phrases for {spec.language.name}: framing lines are in English"]
    return LocalScript(segments, hooks_used, [used_id] if used_id else [], notes)
