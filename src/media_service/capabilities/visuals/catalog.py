"""Fixed data of the visuals group: words that never make a stock query, the UGC query templates and the
words that say a clip shows people; the meme templates drawn by code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["IMAGE_BOXES", "MEME_TEMPLATES", "MemeBox", "MemeTemplate", "PEOPLE_WORDS", "STOPWORDS", "TextStyle",
           "UGC_FALLBACK", "UGC_TEMPLATES"]

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each even ever every few for from further get gets got had
has have having he her here hers herself him himself his how i if in into is it its itself just know let like
make makes many may me might more most much must my myself need new no nor not now of off often on once one only
or other our ours ourselves out over own really same say see she should so some such than that the their theirs
them themselves then there these they thing things this those through to too under until up us use used very
want was way we well were what when where which while who whom why will with without would you your yours
yourself yourselves today tomorrow yesterday let's it's don't can't won't we're you're they're here's that's
there's what's step steps first second third next finally video watch subscribe channel
""".split())
"""English function words and video filler; other scripts keep every word (no list for them)."""

UGC_TEMPLATES = ("{topic} person talking to camera", "{topic} selfie")
"""The queries `/visuals/ugc` sends for a topic (portrait orientation only), in this order."""

UGC_FALLBACK = "person talking to camera"
"""Sent as well when the topic's queries leave fewer results than a page."""

PEOPLE_WORDS = frozenset({
    "person", "people", "woman", "women", "man", "men", "girl", "boy", "face", "selfie", "portrait", "talking",
    "influencer", "vlog", "vlogger", "creator", "smiling", "model", "lady", "guy", "human", "speaking",
})
"""A clip whose tags or title contain one of these ranks higher in a UGC search."""


# --- meme templates, drawn by code (scene-document layers; no downloaded pictures) --------------------------

TextStyle = Literal["outline", "plain"]


@dataclass(frozen=True, slots=True)
class MemeBox:
    """Where one text goes, as fractions of the picture, and how it is drawn: `outline` is the classic white
    bold text with a black outline; `plain` is dark text on the template's light panel."""

    name: str
    x: float
    y: float
    width: float
    height: float
    style: TextStyle = "outline"
    valign: Literal["top", "middle", "bottom"] = "middle"


@dataclass(frozen=True, slots=True)
class MemeTemplate:
    """A local template: its size, its drawing (scene layers in px) and its text boxes in order."""

    name: str
    description: str
    width: int
    height: int
    background: Any
    layers: tuple[dict[str, Any], ...]
    boxes: tuple[MemeBox, ...]


def _shape(id_: str, shape: str, x: float, y: float, w: float, h: float, fill: Any, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "type": "shape", "shape": shape, "x": x, "y": y, "width": w, "height": h, "fill": fill, **extra}


def _face(prefix: str, cx: float, cy: float, r: float, mood: str) -> list[dict[str, Any]]:
    """A round cartoon face: head, eyes and a mouth that smiles, frowns or stays flat."""
    eye = r * 0.16
    mouth_y = cy + r * 0.38
    curve = {"smile": r * 0.22, "frown": -r * 0.22, "flat": 0.0}[mood]
    mouth = [(0.0, 0.0), (r * 0.45, curve), (r * 0.9, 0.0)]
    return [
        _shape(f"{prefix}-head", "ellipse", cx - r, cy - r, 2 * r, 2 * r, "#FFD166",
               stroke={"color": "#3D2C1E", "width": max(2.0, r * 0.05)}),
        _shape(f"{prefix}-eye-l", "ellipse", cx - r * 0.45 - eye, cy - r * 0.25 - eye, 2 * eye, 2 * eye, "#3D2C1E"),
        _shape(f"{prefix}-eye-r", "ellipse", cx + r * 0.45 - eye, cy - r * 0.25 - eye, 2 * eye, 2 * eye, "#3D2C1E"),
        {"id": f"{prefix}-mouth", "type": "shape", "shape": "polygon" if curve else "line",
         "x": cx - r * 0.45, "y": mouth_y - max(curve, 0), "width": r * 0.9, "height": abs(curve) + 1,
         "points": [(px, py + max(-curve, 0.0)) for px, py in mouth] if curve else [(0.0, 0.0), (r * 0.9, 0.0)],
         "fill": "#7A2E1E" if curve else None, "stroke": {"color": "#3D2C1E", "width": max(2.0, r * 0.05)}},
    ]


# inset from the edges: the marks of tall scripts reach past the line box
CLASSIC_BOXES = (MemeBox("top", 0.03, 0.035, 0.94, 0.23, valign="top"),
                 MemeBox("bottom", 0.03, 0.735, 0.94, 0.23, valign="bottom"))


def _classic() -> MemeTemplate:
    sky = {"type": "linear", "from": (0, 0), "to": (0, 1), "stops": [[0, "#3A7BD5"], [0.62, "#8EC5FC"],
                                                                      [0.62, "#5BA55B"], [1, "#2F6B2F"]]}
    return MemeTemplate("classic", "A smiling face on a landscape; top and bottom text", 800, 800, sky,
                        tuple(_face("face", 400, 430, 170, "smile")),
                        CLASSIC_BOXES)


def _two_panel() -> MemeTemplate:
    layers: list[dict[str, Any]] = [
        _shape("panel-top", "rect", 0, 0, 400, 400, "#F4A261"), _shape("panel-bottom", "rect", 0, 400, 400, 400,
                                                                        "#90BE6D"),
        _shape("text-top", "rect", 400, 0, 400, 400, "#FFFFFF"), _shape("text-bottom", "rect", 400, 400, 400, 400,
                                                                         "#FFFFFF"),
        _shape("divider", "line", 0, 400, 800, 1, None, points=[(0, 0), (800, 0)],
               stroke={"color": "#222222", "width": 4}),
    ]
    layers += _face("no", 200, 200, 130, "frown") + _face("yes", 200, 600, 130, "smile")
    return MemeTemplate("two-panel", "Refuse this / prefer that: a frowning and a smiling face, text on the right",
                        800, 800, "#FFFFFF", tuple(layers),
                        (MemeBox("top", 0.53, 0.04, 0.44, 0.42, "plain"),
                         MemeBox("bottom", 0.53, 0.54, 0.44, 0.42, "plain")))


def _caption() -> MemeTemplate:
    layers = [_shape("band", "rect", 0, 0, 800, 240, "#FFFFFF"),
              _shape("scene", "rect", 0, 240, 800, 560,
                     {"type": "radial", "center": (0.5, 0.6), "radius": 0.7,
                      "stops": [[0, "#F9C74F"], [1, "#F3722C"]]}),
              *_face("face", 400, 520, 180, "flat")]
    return MemeTemplate("caption", "Modern caption meme: text on a white band above a deadpan face", 800, 800,
                        "#FFFFFF", tuple(layers), (MemeBox("caption", 0.04, 0.02, 0.92, 0.26, "plain"),))


MEME_TEMPLATES: dict[str, MemeTemplate] = {t.name: t for t in (_classic(), _two_panel(), _caption())}
"""The templates `/visuals/meme` renders offline."""

IMAGE_BOXES = CLASSIC_BOXES
"""Boxes on a picture of the caller's own (`image`): the classic top and bottom."""
