"""Kinetic type: a line of copy set word by word, each word popping in on a spring, one after another.

Words are measured with the face they will be drawn in and broken into centred lines here (the layout
must be known to place each word as its own layer); the size steps down until the copy fits its box.
`*word*` marks a word to highlight (a pill in the accent colour); without marks the longest word is.
Copy the face cannot measure (scripts without spaces, missing glyphs) falls back to one block that pops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import skia

from ..themes import with_alpha
from .common import SPRING, Layer, SectionCtx, animate, keyframes, text

__all__ = ["Kinetic", "kinetic", "looks_like_code"]

_MARK = re.compile(r"^\*(.+)\*([.,!?:;]*)$")
_PUNCT = re.compile(r"^[^\w*]+$")   # a token with no letters or digits: "-", "—", "&", "→", "…"
_CODE_TOKEN = re.compile(r"^(-{1,2}[A-Za-z][\w-]*|\S*[/_=(){}\[\]<>$`|~\\]\S*|\S*[A-Za-z_]\w*\.[A-Za-z_]\w+\S*)$")
_COMMANDS = frozenset({"git", "npm", "npx", "pip", "pipx", "uv", "docker", "kubectl", "cargo", "go", "make",
                       "curl", "wget", "ls", "cd", "cat", "grep", "sed", "awk", "ssh", "python", "node", "yarn",
                       "pnpm", "brew", "apt", "sudo", "rm", "cp", "mv", "chmod", "tar", "helm", "terraform"})


def looks_like_code(copy: str) -> bool:
    """True for copy that reads as a command or code (`git switch -`, `--force`, `app.get()`, `a/b.py`):
    such copy keeps its case (upper-casing changes what it means) and is never split into words."""
    tokens = copy.replace("*", "").split()
    if not tokens:
        return False
    if copy.strip().startswith("`") or (tokens[0].lower() in _COMMANDS and tokens[0] == tokens[0].lower()):
        return True
    return any(_CODE_TOKEN.match(t) and not _PUNCT.match(t) for t in tokens)


@dataclass(frozen=True)
class Kinetic:
    layers: list[Layer]
    height: float   # of the set block, px
    done: float     # scene time at which the last word has landed


@cache
def _font(family: str, weight: int) -> skia.Typeface | None:
    return skia.FontMgr().matchFamilyStyle(family, skia.FontStyle(weight, skia.FontStyle.kNormal_Width,
                                                                  skia.FontStyle.kUpright_Slant))


def _words(copy: str) -> tuple[list[str], set[int]]:
    """The copy's words (a punctuation-only token stays with the word before it, so no line starts or ends
    on a dangling dash) and the indices of those marked `*word*` to highlight."""
    words: list[str] = []
    marked: set[int] = set()
    for raw in copy.split():
        if words and _PUNCT.match(raw):
            words[-1] = f"{words[-1]}\u00a0{raw}"
            continue
        match = _MARK.match(raw)
        if match:
            marked.add(len(words))
            raw = match.group(1) + match.group(2)
        words.append(raw)
    if not marked and words:
        longest = max(range(len(words)), key=lambda i: len(words[i].strip(".,!?:;")))
        if len(words[longest]) >= 4 and len(words) > 2:
            marked.add(longest)
    return words, marked


def _break(widths: list[float], space: float, width: float) -> list[list[int]] | None:
    lines: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if w > width:
            return None
        extra = w if not lines[-1] else space + w
        if lines[-1] and used + extra > width:
            lines.append([i])
            used = w
        else:
            lines[-1].append(i)
            used += extra
    return lines


def kinetic(ctx: SectionCtx, id: str, copy: str, *, x: float, y: float, w: float, h: float, size: float,
            at: float, step: float = 0.085, colour: str | None = None, upper: bool = True,
            valign: str = "middle") -> Kinetic:
    """Set `copy` in the box (x, y, w, h), words popping in from `at`, `step` seconds apart. Copy that looks
    like code is set as it is written, as one highlighted chip in the monospace face."""
    family, weight = ctx.face("display")
    if looks_like_code(copy):
        copy = copy.replace("*", "").strip("` ")
        family, weight = ctx.face("mono-bold")
        words, marked, upper = [copy], {0}, False
    else:
        words, marked = _words(copy.upper() if upper else copy)
    typeface = _font(family, weight)
    px = ctx.px(size)
    pad = 0.0
    lines = None
    while typeface is not None and px >= ctx.px(size) * 0.5:
        font = skia.Font(typeface, px)
        if any(0 in font.textToGlyphs(word) for word in words):
            break  # a glyph this face lacks: the block fallback shapes with font fallback
        pad = px * 0.22
        widths = [font.measureText(word) + (2 * pad if i in marked else 0.0) for i, word in enumerate(words)]
        lines = _break(widths, font.measureText(" ") * 1.05, w)
        if lines is not None and len(lines) * px * 1.08 <= h:
            break
        lines, px = None, px * 0.92
    if lines is None or typeface is None:
        return _block(ctx, id, copy.replace("*", ""), x=x, y=y, w=w, h=h, size=size, at=at, colour=colour,
                      upper=upper, face="mono-bold" if family == ctx.face("mono-bold")[0] else "display")
    line_h = px * 1.18  # room for a highlight pill's padding between lines
    block_h = len(lines) * line_h
    top = y + {"top": 0.0, "middle": (h - block_h) / 2, "bottom": h - block_h}[valign]
    out: list[Layer] = []
    order = 0
    for row, line in enumerate(lines):
        total = sum(widths[i] for i in line) + font.measureText(" ") * 1.05 * (len(line) - 1)
        cursor = x + (w - total) / 2
        for i in line:
            cx, cy = cursor + widths[i] / 2, top + row * line_h + line_h / 2
            word = _word(ctx, f"{id}-{i}", words[i], cx=cx, cy=cy, width=widths[i], px=px, family=family,
                         weight=weight, colour=colour, pad=pad if i in marked else 0.0)
            t0 = at + order * step
            animate(word, at=t0, dur=0.18, exit_at=ctx.exit_at)
            word["scale"] = keyframes((t0, 0.4), (t0 + 0.45, 1.0, SPRING))
            word["y"] = keyframes((t0, cy + px * 0.22), (t0 + 0.35, cy, "easeOutCubic"))
            out.append(word)
            cursor += widths[i] + font.measureText(" ") * 1.05
            order += 1
    return Kinetic(out, block_h, at + order * step + 0.45)


def _word(ctx: SectionCtx, id: str, word: str, *, cx: float, cy: float, width: float, px: float, family: str,
          weight: int, colour: str | None, pad: float) -> Layer:
    layer: Layer = {"id": id, "type": "text", "text": word, "x": cx, "y": cy, "anchor": "center",
                    "width": round(width + px * 0.2, 2), "height": round(px * 1.25, 2), "align": "center",
                    "valign": "middle", "lineHeight": 1.1, "maxLines": 1,
                    "font": {"family": family, "weight": weight, "size": round(px, 2)},
                    "color": colour or ctx.p.text}
    glow = ctx.theme.glow  # neon: a coloured halo instead of a drop shadow
    layer["shadow"] = {"color": with_alpha(ctx.p.primary, 0.75) if glow else "rgba(0,0,0,0.35)",
                       "blur": round(px * (0.22 if glow else 0.12), 2), "dx": 0,
                       "dy": 0 if glow else round(px * 0.05, 2)}
    if pad:
        layer["color"] = ctx.p.on_accent
        layer["background"] = {"color": ctx.p.accent, "padding": [round(px * 0.06, 2), round(pad * 0.8, 2)],
                               "radius": round(px * 0.18, 2)}
        layer["rotation"] = -2.0
    return layer


def _block(ctx: SectionCtx, id: str, copy: str, *, x: float, y: float, w: float, h: float, size: float, at: float,
           colour: str | None, upper: bool, face: str = "display") -> Kinetic:
    layer = text(ctx, id, copy, "display", x=x + w / 2, y=y + h / 2, w=w, h=h, anchor="center", align="center",
                 valign="middle", size=size, color=colour, upper=upper, max_lines=5, face=face)
    animate(layer, at=at, dur=0.25, exit_at=ctx.exit_at)
    layer["scale"] = keyframes((at, 0.6), (at + 0.5, 1.0, SPRING))
    return Kinetic([layer], h, at + 0.5)
