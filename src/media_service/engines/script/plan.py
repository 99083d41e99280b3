"""The shape every script has: HOOK, BODY_1 … BODY_n, ENDING_CTA, durations summing to the total.

30 s scripts have 4 segments (HOOK 6 s, two bodies of 8 s, ENDING_CTA 8 s, as in the contract's example);
60 s scripts have 4 to 8. `check_shape` validates a draft (from a text provider) and repairs what can be
repaired without changing its content — segment names out of order, durations that do not add up — and
raises `ScriptShapeError` for what cannot (too few or too many segments, empty text).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["HOOK_SECONDS", "SEGMENT_LIMITS", "ScriptSegment", "ScriptShapeError", "check_shape", "durations_for",
           "segment_types"]

HOOK_SECONDS = 6
CTA_SECONDS = 8
#: total seconds → (fewest, most) segments
SEGMENT_LIMITS = {30: (4, 4), 60: (4, 8)}


@dataclass(frozen=True, slots=True)
class ScriptSegment:
    """One segment of a script, as the contract names its fields."""

    type: str
    duration_seconds: int
    script_text: str
    visual_direction: str
    emotion: str


class ScriptShapeError(ValueError):
    """A draft whose shape cannot be repaired (the message says why, for a retry prompt)."""


def segment_types(count: int) -> list[str]:
    """HOOK, BODY_1 … BODY_{count-2}, ENDING_CTA."""
    return ["HOOK", *[f"BODY_{i}" for i in range(1, count - 1)], "ENDING_CTA"]


def durations_for(total: int, count: int) -> list[int]:
    """Whole seconds per segment: a 6 s hook, an 8 s call to action (6 s when there are 8 segments), the
    rest shared evenly by the bodies (the longer ones first)."""
    cta = CTA_SECONDS if count < 8 else 6
    bodies = count - 2
    left = total - HOOK_SECONDS - cta
    base, extra = divmod(left, bodies)
    return [HOOK_SECONDS, *[base + (1 if i < extra else 0) for i in range(bodies)], cta]


def _rescale(values: list[float], total: int) -> list[int]:
    """Whole, positive seconds in proportion to `values`, summing exactly to `total` (largest remainders)."""
    weights = [max(v, 0.5) for v in values]
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    out = [max(1, int(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(out) != total:
        j = order[i % len(order)]
        if sum(out) < total:
            out[j] += 1
        elif out[j] > 1:
            out[j] -= 1
        i += 1
    return out


def check_shape(segments: list[ScriptSegment], total: int) -> tuple[list[ScriptSegment], list[str]]:
    """The draft with names and durations repaired, and a note per repair; ScriptShapeError when unusable."""
    fewest, most = SEGMENT_LIMITS[total]
    if not fewest <= len(segments) <= most:
        want = str(fewest) if fewest == most else f"{fewest} to {most}"
        raise ScriptShapeError(f"a {total} s script has {want} segments, not {len(segments)}")
    empty = [i for i, s in enumerate(segments) if not s.script_text.strip()]
    if empty:
        raise ScriptShapeError(f"segment {empty[0] + 1} has no script_text")
    notes = []
    names = segment_types(len(segments))
    if [s.type for s in segments] != names:
        notes.append("segment types renamed to HOOK, BODY_n, ENDING_CTA in order")
    seconds = [s.duration_seconds for s in segments]
    if sum(seconds) != total or min(seconds) <= 0:
        seconds = _rescale([float(s) for s in seconds], total)
        notes.append(f"durations rescaled to sum to {total} s")
    fixed = [replace(s, type=name, duration_seconds=sec, emotion=s.emotion.strip().lower() or "neutral",
                     visual_direction=s.visual_direction.strip() or s.script_text.strip())
             for s, name, sec in zip(segments, names, seconds)]
    return fixed, notes
