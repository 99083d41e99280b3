"""Themes: a palette and a type system per `StyleConfig.theme`, with the brief's own overrides applied.

A theme is what every format draws with, so the five formats stay one family of looks:
- `dark`    — deep navy, soft gradient, Inter Display headings: the default explainer look;
- `light`   — warm paper white, ink text, confident blue; for tutorials and corporate pieces;
- `neon`    — near-black violet, hot pink and cyan with glow, uppercase display type;
- `minimal` — off-white, one ink colour, an editorial serif for headings, thin rules instead of blocks.

`primary_color` / `accent_color` replace the theme's; when a replacement is too close to the background
to read as text, the text uses of that colour are nudged towards the ink colour until they reach 3:1
(shapes keep the exact brand colour). `font_family` replaces both display and body families.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from media_service.engines.scene import RGBA, parse_color

if TYPE_CHECKING:
    from .schemas import StyleConfig

__all__ = ["TERMINAL_SYNTAX", "Palette", "Theme", "ThemeName", "Typography", "contrast", "hex_color", "mix",
           "resolve_theme",
           "text_on", "with_alpha"]

ThemeName = Literal["dark", "light", "neon", "minimal"]


@dataclass(frozen=True)
class Palette:
    """Colours as `#RRGGBB(AA)` strings, ready for layers."""

    bg: str
    bg_alt: str          # the far end of the backdrop gradient
    surface: str         # cards, windows
    surface_alt: str     # title bars, pills on cards
    text: str
    muted: str
    primary: str
    accent: str
    primary_text: str    # `primary` adjusted for use as text on `bg` (>= 3:1)
    accent_text: str     # `accent` adjusted likewise
    on_primary: str      # text drawn on a primary fill
    on_accent: str       # text drawn on an accent fill
    rule: str            # hairlines and tracks
    syntax: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Typography:
    display: str
    display_weight: int
    heading_weight: int
    body: str
    body_weight: int
    mono: str = "DejaVu Sans Mono"
    display_transform: Literal["none", "uppercase"] = "none"
    display_tracking: float = -0.02  # em: large type is set tighter
    serif_display: bool = False


@dataclass(frozen=True)
class Theme:
    name: ThemeName
    palette: Palette
    type: Typography
    gradient: bool       # the default backdrop: a soft two-stop gradient (else solid)
    glow: bool = False   # coloured shadows on accents (neon)


_SYNTAX_DARK = {"keyword": "#FF7B72", "string": "#A5D6FF", "number": "#79C0FF", "comment": "#8B949E",
                "function": "#D2A8FF", "type": "#FFA657", "operator": "#FF7B72", "punct": "#C9D1D9",
                "plain": "#E6EDF3", "decorator": "#FFA657", "prompt": "#7EE787"}
_SYNTAX_LIGHT = {"keyword": "#CF222E", "string": "#0A3069", "number": "#0550AE", "comment": "#6E7781",
                 "function": "#8250DF", "type": "#953800", "operator": "#CF222E", "punct": "#24292F",
                 "plain": "#1F2328", "decorator": "#953800", "prompt": "#116329"}
_SYNTAX_NEON = {"keyword": "#FF2E88", "string": "#F9F871", "number": "#21F3FF", "comment": "#7D6BA8",
                "function": "#3DF5A6", "type": "#21F3FF", "operator": "#FF2E88", "punct": "#D9CCFF",
                "plain": "#F5F0FF", "decorator": "#FFB86C", "prompt": "#3DF5A6"}
_SYNTAX_MINIMAL = {"keyword": "#1C1C1C", "string": "#B3261E", "number": "#B3261E", "comment": "#9A9A9A",
                   "function": "#1C1C1C", "type": "#4A4A4A", "operator": "#4A4A4A", "punct": "#6E6E6E",
                   "plain": "#2A2A2A", "decorator": "#6E6E6E", "prompt": "#B3261E"}

TERMINAL_SYNTAX = _SYNTAX_DARK
"""Terminals are dark in every theme."""

_BASE: dict[str, dict[str, Any]] = {
    "dark": {"bg": "#0B1020", "bg_alt": "#1A1440", "surface": "#151C36", "surface_alt": "#1E2748",
             "text": "#F5F7FF", "muted": "#A3AECB", "primary": "#6C8CFF", "accent": "#FFB547", "rule": "#FFFFFF1F",
             "syntax": _SYNTAX_DARK},
    "light": {"bg": "#F7F6F2", "bg_alt": "#E9ECF5", "surface": "#FFFFFF", "surface_alt": "#EEF0F5",
              "text": "#111318", "muted": "#555B6B", "primary": "#2F5BFF", "accent": "#FF6B3D", "rule": "#1113181F",
              "syntax": _SYNTAX_LIGHT},
    "neon": {"bg": "#07020F", "bg_alt": "#1D0638", "surface": "#140827", "surface_alt": "#220D3D",
             "text": "#FFFFFF", "muted": "#C2B5E8", "primary": "#FF2E88", "accent": "#21F3FF", "rule": "#FFFFFF24",
             "syntax": _SYNTAX_NEON},
    "minimal": {"bg": "#FAFAF7", "bg_alt": "#F1F0EA", "surface": "#FFFFFF", "surface_alt": "#F1F0EA",
                "text": "#1C1C1C", "muted": "#6B6B6B", "primary": "#1C1C1C", "accent": "#B3261E", "rule": "#1C1C1C26",
                "syntax": _SYNTAX_MINIMAL},
}

_TYPE: dict[str, Typography] = {
    "dark": Typography(display="Inter Display", display_weight=800, heading_weight=700, body="Inter", body_weight=400),
    "light": Typography(display="Inter Display", display_weight=800, heading_weight=700, body="Inter", body_weight=400),
    "neon": Typography(display="Inter Display", display_weight=900, heading_weight=800, body="Inter", body_weight=500,
                       display_transform="uppercase", display_tracking=-0.01),
    "minimal": Typography(display="Noto Serif Display", display_weight=500, heading_weight=500, body="Inter",
                          body_weight=400, display_tracking=-0.01, serif_display=True),
}

_GRADIENT_DEFAULT = {"dark": True, "light": False, "neon": True, "minimal": False}


# ---- colour maths ------------------------------------------------------------------------------------

def hex_color(c: RGBA) -> str:
    """`#RRGGBB`, or `#RRGGBBAA` when not opaque."""
    def byte(v: float) -> int:
        return max(0, min(255, round(v * 255)))
    out = f"#{byte(c.r):02X}{byte(c.g):02X}{byte(c.b):02X}"
    return out if c.a >= 0.999 else out + f"{byte(c.a):02X}"


def mix(a: str, b: str, u: float) -> str:
    """The colour a fraction `u` of the way from `a` to `b`."""
    return hex_color(parse_color(a).lerp(parse_color(b), u))


def with_alpha(color: str, alpha: float) -> str:
    """`color` with its alpha multiplied by `alpha`."""
    return hex_color(parse_color(color).with_alpha(alpha))


def _luminance(c: RGBA) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque colours (1–21)."""
    la, lb = sorted((_luminance(parse_color(a)), _luminance(parse_color(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    """White on `fill` when it reaches 3:1 (what large type needs; white on brand colours looks intended),
    else near-black."""
    return "#FFFFFF" if contrast("#FFFFFF", fill) >= 3.0 else "#111318"


def _readable(color: str, bg: str, ink: str, minimum: float = 3.0) -> str:
    """`color`, moved towards `ink` in small steps until it reaches `minimum` contrast on `bg`."""
    out = color
    for step in range(1, 11):
        if contrast(out, bg) >= minimum:
            return out
        out = mix(color, ink, step / 10)
    return out


# ---- themes --------------------------------------------------------------------------------------------

def _palette(base: dict[str, Any], primary: str, accent: str) -> Palette:
    bg, text = base["bg"], base["text"]
    opaque_primary = hex_color(parse_color(primary)._replace(a=1.0))
    opaque_accent = hex_color(parse_color(accent)._replace(a=1.0))
    return Palette(bg=bg, bg_alt=base["bg_alt"], surface=base["surface"], surface_alt=base["surface_alt"], text=text,
                   muted=base["muted"], primary=opaque_primary, accent=opaque_accent,
                   primary_text=_readable(opaque_primary, bg, text), accent_text=_readable(opaque_accent, bg, text),
                   on_primary=text_on(opaque_primary), on_accent=text_on(opaque_accent), rule=base["rule"],
                   syntax=dict(base["syntax"]))


def _adapt_to_backdrop(palette: Palette, bg: str) -> Palette:
    """Re-derive the ink colours when a custom backdrop colour would make the theme's text unreadable."""
    if contrast(palette.text, bg) >= 4.5:
        return replace(palette, bg=bg)
    ink = text_on(bg)
    return replace(palette, bg=bg, bg_alt=mix(bg, ink, 0.06), text=ink, muted=mix(ink, bg, 0.38),
                   surface=mix(bg, ink, 0.06), surface_alt=mix(bg, ink, 0.11), rule=with_alpha(ink, 0.14),
                   primary_text=_readable(palette.primary, bg, ink), accent_text=_readable(palette.accent, bg, ink))


def resolve_theme(style: StyleConfig) -> Theme:
    """The theme named by `style`, with its colour, backdrop and font overrides applied."""
    base = _BASE[style.theme]
    palette = _palette(base, style.primary_color or base["primary"], style.accent_color or base["accent"])
    colours = style.backdrop_colors()
    if colours:
        average = hex_color(parse_color(colours[0]).lerp(parse_color(colours[-1]), 0.5)._replace(a=1.0))
        palette = _adapt_to_backdrop(palette, average)
    typography = _TYPE[style.theme]
    if style.font_family:
        typography = replace(typography, display=style.font_family, body=style.font_family, serif_display=False)
    gradient = style.background_type == "gradient" if style.background_type else _GRADIENT_DEFAULT[style.theme]
    return Theme(name=style.theme, palette=palette, type=typography, gradient=gradient, glow=style.theme == "neon")
