"""The PRD's motion templates as camera paths, and how a free-text motion prompt picks one.

A template maps clip progress u ∈ [0, 1] to one `View` per layer: the zoom (`scale`, 1 = the picture
covers the frame exactly), a horizontal squash (`squash`, the turn-table hint of productShowcase) and the
view centre as a fraction `ax`, `ay` ∈ [-1, 1] of the slack the zoom leaves on each axis (0: centred,
±1: touching an edge). Because the centre is always inside the slack, no edge of the picture is ever
shown: no black borders at any frame, whatever the picture's aspect. Parallax's foreground layer also
has a `shift` (a fraction of the frame width, outside the slack rule: that layer is transparent around
the subject), so the depth cue is the same few percent of the frame for any picture. Paths are smooth functions of u
(sine ease in-out, sines), evaluated at each frame's exact time and drawn with sub-pixel sampling.

Prompt matching (`match_template`): the prompt is lower-cased and split into words; each template has
keyword phrases (below, `KEYWORDS`, whole words; a trailing `*` matches a word's beginning) scoring 1
each time they occur, and generic words (`WEAK_KEYWORDS`: "pan" → panRight, "zoom" → zoomIn) scoring
0.5; the highest score wins, ties going to the first in `TEMPLATES` order. A prompt that is exactly a template name (any case) picks it. A prompt that
matches nothing gets `zoomIn` at half strength (the "gentle zoom") and the result says so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal, get_args

__all__ = ["DESCRIPTIONS", "KEYWORDS", "WEAK_KEYWORDS", "TEMPLATES", "Match", "TemplateName", "View", "match_template", "views_at"]

TemplateName = Literal["panLeft", "panRight", "zoomIn", "zoomOut", "parallax", "floating", "shimmer",
                       "productShowcase"]
TEMPLATES: tuple[TemplateName, ...] = get_args(TemplateName)

DESCRIPTIONS: dict[TemplateName, str] = {
    "panLeft": "Camera pans smoothly from right to left",
    "panRight": "Camera pans smoothly from left to right",
    "zoomIn": "Camera smoothly zooms in toward center",
    "zoomOut": "Camera smoothly zooms out from center",
    "parallax": "Subtle parallax scrolling with depth",
    "floating": "Gentle floating up and down motion",
    "shimmer": "Subtle shimmer and pulse effect",
    "productShowcase": "Product slowly rotates, highlighting details",
}

KEYWORDS: dict[TemplateName, tuple[str, ...]] = {
    "panLeft": ("pan left", "pans left", "right to left", "to the left", "leftward", "slide left", "move left"),
    "panRight": ("pan right", "pans right", "left to right", "to the right", "rightward", "slide right",
                 "move right"),
    "zoomIn": ("zoom in", "zooms in", "push in", "dolly in", "closer", "toward", "towards", "approach*"),
    "zoomOut": ("zoom out", "zooms out", "pull back", "pull out", "dolly out", "reveal", "wider", "away"),
    "parallax": ("parallax", "depth", "3d", "layers", "layered", "foreground", "background"),
    "floating": ("float", "floating", "floats", "hover", "bob", "bobbing", "drift", "up and down", "levitat*"),
    "shimmer": ("shimmer*", "sparkl*", "glow*", "glint*", "puls*", "shin*", "twinkl*"),
    "productShowcase": ("product", "rotate", "rotates", "rotating", "turntable", "turn table", "spin*", "showcase",
                        "highlight", "details", "orbit", "sway"),
}

#: Generic words that count half: "a slow pan" is a pan to the right, "zoom on the logo" a zoom in.
WEAK_KEYWORDS: dict[TemplateName, tuple[str, ...]] = {
    "panRight": ("pan", "pans", "panning", "tracking", "truck"),
    "zoomIn": ("zoom", "zooms", "zooming", "push"),
}

#: The fallback for prompts nothing matches: zoomIn at this fraction of its usual travel.
GENTLE = 0.5


@dataclass(frozen=True)
class Match:
    """The template a request gets, its strength (1, or GENTLE for the fallback) and how it was chosen."""

    template: TemplateName
    strength: float
    reason: str


@dataclass(frozen=True)
class View:
    """One layer's camera at one instant (see the module docstring)."""

    scale: float
    ax: float = 0.0
    ay: float = 0.0
    squash: float = 1.0
    shift: float = 0.0


def match_template(template: str | None, prompt: str | None) -> Match:
    """The template for an explicit name, else for a free-text prompt (see the module docstring)."""
    if template:
        for name in TEMPLATES:
            if name.lower() == template.strip().lower():
                return Match(name, 1.0, f"template {name!r} as requested")
        raise ValueError(f"unknown motion template {template!r}; one of {', '.join(TEMPLATES)}")
    text = " ".join(re.findall(r"[a-z0-9]+", (prompt or "").lower()))
    for name in TEMPLATES:
        if text.replace(" ", "") == name.lower():
            return Match(name, 1.0, f"template {name!r} named by the prompt")
    padded = f" {text} "
    scores = {name: sum(_count(padded, phrase) for phrase in KEYWORDS[name])
              + 0.5 * sum(_count(padded, word) for word in WEAK_KEYWORDS.get(name, ())) for name in TEMPLATES}
    best = max(TEMPLATES, key=lambda name: scores[name])  # max keeps the first of equal scores
    if scores[best] == 0:
        return Match("zoomIn", GENTLE, "no motion template matched the prompt; a gentle zoom in was used")
    words = [p.rstrip("*") for p in KEYWORDS[best] + WEAK_KEYWORDS.get(best, ()) if _count(padded, p)]
    return Match(best, 1.0, f"template {best!r} matched the prompt words {', '.join(repr(w) for w in words)}")


def _count(padded: str, phrase: str) -> int:
    if phrase.endswith("*"):  # a word's beginning: "levitat*" matches "levitating"
        return len(re.findall(rf"(?<= ){re.escape(phrase[:-1])}", padded))
    return len(re.findall(rf"(?<= ){re.escape(phrase)}(?= )", padded))


def ease(u: float) -> float:
    """Sine ease in-out: starts and ends at rest, no jerk."""
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, u)))


def views_at(template: TemplateName, u: float, strength: float = 1.0) -> list[View]:
    """The camera(s) at progress u: one View, or two for parallax (background, then foreground)."""
    e, k = ease(u), strength
    wave = math.sin(2 * math.pi * u)
    if template == "zoomIn":
        return [View(scale=1.0 + 0.2 * k * e)]
    if template == "zoomOut":
        return [View(scale=1.0 + 0.2 * k * (1.0 - e))]
    if template == "panLeft":
        return [View(scale=1.12, ax=k * (0.9 - 1.8 * e))]
    if template == "panRight":
        return [View(scale=1.12, ax=k * (-0.9 + 1.8 * e))]
    if template == "floating":
        return [View(scale=1.08, ay=-0.8 * k * wave)]
    if template == "shimmer":
        return [View(scale=1.04 + 0.02 * k * (0.5 - 0.5 * math.cos(4 * math.pi * u)))]
    if template == "productShowcase":
        return [View(scale=1.12 + 0.03 * k * e, ax=0.7 * k * wave, squash=1.0 - 0.025 * k * wave * wave)]
    # parallax: the background drifts; the nearer foreground moves the same way, 4 % of the frame further,
    # and comes slightly closer.
    drift = k * (-0.3 + 0.6 * e)
    return [View(scale=1.1, ax=drift), View(scale=1.1 + 0.03 * k * e, ax=drift, shift=k * (0.02 - 0.04 * e))]


def sweep_at(template: TemplateName, u: float) -> float | None:
    """Where the light sweep's centre is, as a fraction of the frame width (None: no sweep)."""
    if template == "shimmer":
        return -0.3 + 1.6 * u
    if template == "productShowcase":
        return -0.3 + 1.6 * ease(u)
    return None
