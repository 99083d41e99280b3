"""Designed title cards from a prompt, drawn with the scene engine (the `local` image provider).

    render_card(CardSpec(prompt="a lighthouse at dusk", width=1080, height=1920, style="cinematic"), out)

The style picks a palette and a backdrop (a smooth gradient, or a photo-like one: soft light sources,
bokeh and a vignette); the prompt's key words are set as the headline, the rest as a short line under it.
Deterministic for a given spec.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media_service.engines.scene import render_to_file

__all__ = ["CARD_STYLES", "CardSpec", "CardStyle", "badge_document", "card_document", "key_words", "render_card"]


@dataclass(frozen=True, slots=True)
class CardStyle:
    """A palette: backdrop stops (top → bottom), light colour, accent, text colours and backdrop kind."""

    stops: tuple[str, ...]
    glow: str
    accent: str
    ink: str
    muted: str
    photo: bool = True


CARD_STYLES: dict[str, CardStyle] = {
    "cinematic": CardStyle(("#0b1026", "#1d2b53", "#5b2a4e"), "#ff9a5a", "#ffb347", "#ffffff", "#d6d9e8"),
    "realistic": CardStyle(("#1b2a24", "#35544a", "#a9865b"), "#ffe2a8", "#f2c572", "#ffffff", "#e7e1d3"),
    "animated": CardStyle(("#3a0ca3", "#7209b7", "#f72585"), "#4cc9f0", "#ffd60a", "#ffffff", "#f1e6ff", False),
    "cartoon": CardStyle(("#ff7b54", "#ffb26b", "#ffd56b"), "#fff3b0", "#2b2d42", "#2b2d42", "#3d405b", False),
    "mascot": CardStyle(("#00b4d8", "#48cae4", "#90e0ef"), "#ffffff", "#ff6b35", "#03045e", "#023e8a", False),
    "anime": CardStyle(("#ff9ecd", "#c77dff", "#7b2cbf"), "#ffe5f1", "#fff200", "#ffffff", "#fde2ff", False),
    "3d_render": CardStyle(("#10002b", "#3c096c", "#5a189a"), "#e0aaff", "#00f5d4", "#ffffff", "#e0d7ff"),
    "pixel_art": CardStyle(("#0f0f1b", "#1f2f5f", "#2f9e44"), "#94d82d", "#fcc419", "#ffffff", "#c3fae8", False),
    "minimalist": CardStyle(("#f8f9fa", "#f1f3f5", "#e9ecef"), "#ffffff", "#e8590c", "#212529", "#495057", False),
    "hand_drawn": CardStyle(("#fdf6e3", "#f5e6c8", "#ecd9b0"), "#fffaf0", "#c0392b", "#3b2f2f", "#6b5b4b", False),
}
_STOP_WORDS = frozenset("""a an the of and or but with without in on at to for from by into onto over under of about
as is are was were be been being it its this that these those very some any no not photo image picture style
close-up closeup shot view scene high quality detailed realistic cinematic showing shows looking looks
you your we our i my me he she they their them did do does can will would should just how what why""".split())
_WORD = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class CardSpec:
    """What to draw: the prompt, the size, a style name from CARD_STYLES, an optional headline."""

    prompt: str
    width: int
    height: int
    style: str = "cinematic"
    title: str | None = None
    seed: int | None = None
    badge: bool = False  # a rounded badge on plain white (cut out as a sticker), instead of a full card


def key_words(prompt: str, *, limit: int = 4) -> list[str]:
    """The first `limit` words of the prompt that carry meaning (no stop words, no repeats)."""
    words: list[str] = []
    for word in _WORD.findall(prompt):
        if word.lower() not in _STOP_WORDS and word.lower() not in (w.lower() for w in words) and len(word) > 1:
            words.append(word)
        if len(words) == limit:
            break
    return words or ["Untitled"]


def _subtitle(prompt: str, *, limit: int = 14) -> str:
    words = prompt.split()
    text = " ".join(words[:limit]).rstrip(".,;:")
    return text[:1].upper() + text[1:] + ("…" if len(words) > limit else "")


def _backdrop(style: CardStyle, w: int, h: int, rng: random.Random) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = [
        {"id": "glow", "type": "shape", "shape": "ellipse", "x": w * rng.uniform(0.55, 0.8), "y": h * 0.28,
         "anchor": "center", "width": w * 1.3, "height": w * 1.3, "blur": w * 0.08, "opacity": 0.55,
         "fill": {"type": "radial", "stops": [[0, style.glow], [1, "rgba(0,0,0,0)"]]}},
    ]
    if style.photo:
        for i in range(9):
            size = w * rng.uniform(0.04, 0.14)
            layers.append({"id": f"bokeh{i}", "type": "shape", "shape": "ellipse", "anchor": "center",
                           "x": w * rng.uniform(0.05, 0.95), "y": h * rng.uniform(0.05, 0.6), "width": size,
                           "height": size, "blur": size * 0.25, "opacity": rng.uniform(0.12, 0.35),
                           "fill": style.glow})
        layers.append({"id": "vignette", "type": "shape", "shape": "rect", "width": w, "height": h,
                       "fill": {"type": "radial", "radius": 0.95,
                                "stops": [[0.45, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0.65)"]]}})
    else:
        for i in range(3):
            size = w * rng.uniform(0.35, 0.6)
            layers.append({"id": f"blob{i}", "type": "shape", "shape": "ellipse", "anchor": "center",
                           "x": w * rng.choice((0.0, 1.0)) + w * rng.uniform(-0.1, 0.1),
                           "y": h * rng.uniform(0.1, 0.9), "width": size, "height": size, "opacity": 0.18,
                           "fill": style.glow})
    layers.append({"id": "shade", "type": "shape", "shape": "rect", "y": h * 0.45, "width": w, "height": h * 0.55,
                   "fill": {"type": "linear", "from": [0, 0], "to": [0, 1],
                            "stops": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0.45)" if style.photo else
                                                              "rgba(0,0,0,0)"]]}})
    return layers


def card_document(spec: CardSpec) -> dict[str, Any]:
    """The scene document of the card (useful to render at other sizes or to animate)."""
    style = CARD_STYLES.get(spec.style, CARD_STYLES["cinematic"])
    w, h = spec.width, spec.height
    digest = hashlib.sha256(f"{spec.prompt}|{spec.style}|{spec.seed}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    headline = spec.title.split() if spec.title else key_words(spec.prompt)
    unit = min(w, h)
    margin = unit * 0.08
    text_w = w - 2 * margin
    label = spec.style.replace("_", " ").upper()
    title_box = h * (0.34 if h > w else 0.42)
    layers = _backdrop(style, w, h, rng) + [
        {"id": "bar", "type": "shape", "shape": "rect", "x": margin, "y": h - margin - title_box - unit * 0.16,
         "width": unit * 0.12, "height": unit * 0.014, "radius": unit * 0.007, "fill": style.accent},
        {"id": "kicker", "type": "text", "text": label, "x": margin, "y": h - margin - title_box - unit * 0.125,
         "width": text_w, "height": unit * 0.06, "color": style.accent, "letter_spacing": unit * 0.006,
         "font": {"family": "Inter", "weight": 700, "size": unit * 0.035}},
        {"id": "headline", "type": "text", "text": " ".join(headline), "x": margin, "y": h - margin - title_box,
         "width": text_w, "height": title_box * 0.72, "valign": "bottom", "color": style.ink, "line_height": 1.02,
         "transform": "uppercase", "max_lines": 4, "auto_fit": {"min": unit * 0.05, "max": unit * 0.16},
         "font": {"family": "Inter Display", "weight": 900, "size": unit * 0.14},
         "shadow": {"color": "rgba(0,0,0,0.35)" if style.photo else "rgba(0,0,0,0)", "blur": unit * 0.02,
                    "dx": 0, "dy": unit * 0.006}},
        {"id": "subtitle", "type": "text", "text": _subtitle(spec.prompt), "x": margin,
         "y": h - margin - title_box * 0.25, "width": text_w * 0.92, "height": title_box * 0.25, "color": style.muted,
         "max_lines": 2, "line_height": 1.25, "font": {"family": "Inter", "weight": 500, "size": unit * 0.04}},
    ]
    return {"canvas": {"width": w, "height": h,
                       "bg_color": {"type": "linear", "from": [0.2, 0], "to": [0.8, 1],
                                    "stops": [[i / (len(style.stops) - 1), c] for i, c in enumerate(style.stops)]}},
            "layers": layers}


def badge_document(spec: CardSpec) -> dict[str, Any]:
    """A rounded badge with the key words, centred on plain white with a margin (a sticker's source)."""
    style = CARD_STYLES.get(spec.style, CARD_STYLES["cinematic"])
    w, h = spec.width, spec.height
    unit = min(w, h)
    bw, bh = w * 0.76, min(h * 0.5, w * 0.56)
    headline = spec.title.split() if spec.title else key_words(spec.prompt, limit=3)
    return {"canvas": {"width": w, "height": h, "bg_color": "#ffffff"}, "layers": [
        {"id": "badge", "type": "shape", "shape": "rect", "x": w / 2, "y": h / 2, "anchor": "center", "width": bw,
         "height": bh, "radius": unit * 0.08,
         "fill": {"type": "linear", "from": [0, 0], "to": [1, 1],
                  "stops": [[i / (len(style.stops) - 1), c] for i, c in enumerate(style.stops)]}},
        {"id": "headline", "type": "text", "text": " ".join(headline), "x": w / 2, "y": h / 2, "anchor": "center",
         "width": bw * 0.84, "height": bh * 0.76, "align": "center", "valign": "middle", "color": style.ink,
         "transform": "uppercase", "line_height": 1.0, "max_lines": 3,
         "auto_fit": {"min": unit * 0.04, "max": unit * 0.14},
         "font": {"family": "Inter Display", "weight": 900, "size": unit * 0.12}},
    ]}


def render_card(spec: CardSpec, out_path: Path) -> Path:
    """Draw the card (or the badge) as PNG at `out_path`."""
    doc = badge_document(spec) if spec.badge else card_document(spec)
    render_to_file(doc, out_path, format="png", max_side=max(spec.width, spec.height))
    return out_path
