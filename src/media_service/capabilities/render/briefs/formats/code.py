"""Code on screen: an editor or terminal window with title-bar chrome, line numbers, syntax colours and a
typing effect.

Colours are drawn as one text layer per (line, colour) in which every character of another colour is a
space: the face is monospaced, so the runs line up exactly, and a 16-line listing stays a few dozen layers.
Typing is a clip per line whose width steps one character at a time (`hold` keyframes), with a block
cursor and a current-line highlight that follow it; listings too long to type in the time available are
revealed line by line instead.
"""

from __future__ import annotations

import unicodedata

from collections.abc import Callable
from functools import cache
from typing import Any

import skia

from media_service.errors import FieldError

from ..schemas import CodeBlock, ContentBrief
from ..themes import TERMINAL_SYNTAX, mix, with_alpha
from .common import Layer, SectionCtx, animate, keyframes
from .syntax import Token, tokenize

__all__ = ["TRAFFIC_LIGHTS", "cells", "code_checks", "code_window", "cursor", "mono_advance", "schedule_typing", "typed_rows",
           "window_chrome"]

TRAFFIC_LIGHTS = ("#FF5F57", "#FEBC2E", "#28C840")
_TYPE_RATE = 26.0   # characters per second: brisk, still readable
_MIN_TICK = 1 / 40  # faster than this and it reads as a wipe: reveal lines instead


@cache
def mono_advance(family: str) -> float:
    """Advance width of one character of a monospaced family, as a fraction of the font size."""
    typeface = skia.FontMgr().matchFamilyStyle(family, skia.FontStyle.Normal())
    if typeface is None:
        return 0.602
    font = skia.Font(typeface, 100.0)
    return float(font.measureText("0" * 20)) / 2000


def code_checks(format_id: str, *, where: tuple[str, ...]) -> Callable[[ContentBrief], list[FieldError]]:
    """A check refusing code blocks in sections of types other than `where`."""
    message = (f"{format_id} draws code only in {' and '.join(where)} sections" if where else
               f"{format_id} does not draw code (devvlog_v1 and explainer_v1 do)")

    def check(brief: ContentBrief) -> list[FieldError]:
        return [{"field": f"brief.sections[{i}].content.code", "message": message}
                for i, s in enumerate(brief.sections) if getattr(s.content, "code", None) and s.type not in where]
    return check


def window_chrome(ctx: SectionCtx, *, x: float, y: float, w: float, h: float, title: str, terminal: bool,
                  prefix: str = "win") -> tuple[list[Layer], float]:
    """Window body, title bar, traffic lights and title; returns (layers, title bar height)."""
    p, bar = ctx.p, ctx.px(58)
    body = _body_colour(ctx, terminal)
    layers: list[Layer] = [
        # Fill with shadow and the hairline border as two layers: the scene engine's silhouette shadow of a
        # stroked shape fails on an undashed stroke (setPathEffect(None)).
        {"id": f"{prefix}-body", "type": "shape", "shape": "rect", "x": x, "y": y, "width": w, "height": h,
         "radius": ctx.px(18), "fill": body,
         "shadow": {"color": "rgba(0,0,0,0.45)", "blur": ctx.px(50), "dx": 0, "dy": ctx.px(24)}},
        {"id": f"{prefix}-border", "type": "shape", "shape": "rect", "x": x, "y": y, "width": w, "height": h,
         "radius": ctx.px(18), "stroke": {"color": with_alpha(p.text, 0.12), "width": ctx.px(1.5)}},
        {"id": f"{prefix}-bar", "type": "shape", "shape": "rect", "x": x, "y": y, "width": w, "height": bar,
         "radius": ctx.px(18), "fill": mix(body, p.text, 0.07)},
        {"id": f"{prefix}-bar-edge", "type": "shape", "shape": "rect", "x": x, "y": y + bar - ctx.px(18), "width": w,
         "height": ctx.px(18), "fill": mix(body, p.text, 0.07)},
    ]
    for i, colour in enumerate(TRAFFIC_LIGHTS):
        d = ctx.px(16)
        layers.append({"id": f"{prefix}-light-{i}", "type": "shape", "shape": "ellipse", "width": d, "height": d,
                       "x": x + ctx.px(28) + i * ctx.px(26), "y": y + bar / 2 - d / 2, "fill": colour})
    family = ctx.theme.type.mono
    layers.append({"id": f"{prefix}-title", "type": "text", "text": title, "x": x + w / 2, "y": y + bar / 2,
                   "anchor": "center", "width": w * 0.6, "height": bar, "align": "center", "valign": "middle",
                   "font": {"family": family, "weight": 400, "size": ctx.px(22)}, "color": with_alpha(p.text, 0.6),
                   "maxLines": 1})
    return layers, bar


def _body_colour(ctx: SectionCtx, terminal: bool) -> str:
    dark = ctx.theme.name in ("dark", "neon") or ctx.p.text.upper() == "#FFFFFF"
    if terminal:
        return "#0A0C10" if dark else "#1F2328"
    return mix(ctx.p.bg, "#000000", 0.25) if dark else "#FFFFFF"


def _runs(line: list[Token], palette: dict[str, str], *, dim: str | None) -> dict[str, str]:
    """colour → the line with every character of another colour blanked (monospace keeps them aligned)."""
    width = sum(len(t) for _, t in line)
    runs: dict[str, list[str]] = {}
    col = 0
    for kind, piece in line:
        colour = dim or palette.get(kind, palette["plain"])
        if piece.strip():
            runs.setdefault(colour, [" "] * width)[col:col + len(piece)] = list(piece)
        col += len(piece)
    return {colour: "".join(chars).rstrip() for colour, chars in runs.items()}


def code_window(ctx: SectionCtx, block: CodeBlock, *, x: float, y: float, w: float, h: float,
                at: float) -> list[Layer]:
    """A window showing `block` inside the box (x, y, w, h) — as tall as its code, centred vertically —
    entering at `at` and typing its code after that."""
    terminal = block.kind == "terminal"
    title = block.filename or ("bash" if terminal else block.language)
    lines = tokenize(block.source, "bash" if terminal else block.language)
    texts = ["".join(t for _, t in line) for line in lines]
    pad, bar = ctx.px(34), ctx.px(58)
    adv = mono_advance(ctx.theme.type.mono)
    gutter = 0 if terminal else max(2, len(str(len(lines)))) + 2
    longest = max(len(t) for t in texts) + gutter
    size = min(ctx.px(32), (w - 2 * pad) / (max(longest + 2, 24) * adv),  # two columns of air on the right
               (h - bar - 2 * pad) / (max(len(lines), 6) * 1.55))
    line_h, char_w = size * 1.55, size * adv
    fitted = min(h, bar + 1.8 * pad + max(len(lines), 5) * line_h)
    y += (h - fitted) / 2
    chrome, bar = window_chrome(ctx, x=x, y=y, w=w, h=fitted, title=title, terminal=terminal, prefix="code")
    left, top = x + pad, y + bar + pad * 0.8
    palette = _palette(ctx, terminal)
    commands = [terminal and t.startswith("$ ") for t in texts]
    typed = [c or not terminal for c in commands]
    schedule = schedule_typing(texts, typed, start=at + 0.55, budget=max(0.8, ctx.duration * 0.55 - 0.55))
    rows = [_runs(_terminal_tokens(line) if command else line, palette,
                  dim=None if (command or not terminal) else with_alpha(ctx.p.text, 0.72))
            for line, command in zip(lines, commands)]
    font = {"family": ctx.theme.type.mono, "weight": 400, "size": round(size, 2)}
    text_x = left + gutter * char_w
    out = list(chrome)
    out += typed_rows(ctx, rows, texts, schedule, typed, x=text_x, top=top, line_h=line_h, char_w=char_w, font=font)
    if gutter:
        for i, (t_start, _) in enumerate(schedule):
            number = {"id": f"n{i}", "type": "text", "text": str(i + 1), "x": left, "y": top + i * line_h,
                      "width": (gutter - 2) * char_w, "height": line_h, "font": font, "align": "right",
                      "valign": "middle", "lineHeight": 1.55, "color": with_alpha(ctx.p.text, 0.32)}
            out.append(animate(number, at=t_start, dur=0.2))
    out += cursor(ctx, texts, schedule, x=text_x, top=top, line_h=line_h, char_w=char_w, bar=terminal)
    for layer in out[:len(chrome)]:
        animate(layer, at=at, dur=0.6, dy=ctx.px(40), exit_at=ctx.exit_at)
    if ctx.exit_at is not None:  # the window fades: its contents go with it
        for layer in out[len(chrome):]:
            layer["end"] = round(ctx.exit_at + 0.15, 3)
    return out


def cells(text: str) -> int:
    """Terminal cells `text` takes in a monospaced face: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def typed_rows(ctx: SectionCtx, rows: list[dict[str, str]], texts: list[str], schedule: list[tuple[float, float]],
               typed: list[bool], *, x: float, top: float, line_h: float, char_w: float, font: dict[str, Any],
               prefix: str = "line") -> list[Layer]:
    """Lines of monospaced runs ({colour: text} per line), each typed in its `schedule` window (a clip stepping
    one character at a time) or, when not `typed`, dropping in at its start."""
    out: list[Layer] = []
    width = (max(cells(t) for t in texts) + 2) * char_w
    for i, (runs, (t_start, t_end)) in enumerate(zip(rows, schedule)):
        children = [{"id": f"{prefix}{i}-{n}", "type": "text", "text": run, "x": 0, "y": 0, "width": width,
                     "height": line_h, "font": font, "color": colour, "lineHeight": line_h / font["size"],
                     "valign": "middle"} for n, (colour, run) in enumerate(runs.items())]
        if not children:
            continue
        reveal: Layer = {"id": f"{prefix}-{i}", "type": "group", "clip": True, "x": x, "y": top + i * line_h,
                         "height": line_h, "children": children, "width": (cells(texts[i]) + 1) * char_w}
        if typed[i] and t_end > t_start:  # c characters shown at t_c, the cursor sits past their cells
            n = max(1, len(texts[i]))
            steps = [(t_start + (t_end - t_start) * c / n, (cells(texts[i][:c]) + (1 if c == n else 0)) * char_w,
                      "hold") for c in range(1, len(texts[i]) + 1)]
            reveal["width"] = keyframes((0.0, 0.0), *steps)
        else:
            animate(reveal, at=t_start, dur=0.25, dy=ctx.px(8))
        out.append(reveal)
    return out


def _terminal_tokens(line: list[Token]) -> list[Token]:
    """`$ cmd args`: the prompt in its colour, the command as a call, the rest as shell."""
    text = "".join(t for _, t in line)
    rest = text[2:]
    head, _, tail = rest.partition(" ")
    out: list[Token] = [("prompt", "$ "), ("function", head)]
    if tail:
        out += [("plain", " ")] + [tok for tok in tokenize(tail, "bash")[0]]
    return out


def _palette(ctx: SectionCtx, terminal: bool) -> dict[str, str]:
    if terminal and ctx.theme.name in ("light", "minimal"):
        return dict(TERMINAL_SYNTAX)  # a terminal is dark in every theme
    return dict(ctx.p.syntax)


def schedule_typing(texts: list[str], typed: list[bool], *, start: float, budget: float) -> list[tuple[float, float]]:
    """(start, end) of each line's reveal; start == end means the line appears at once."""
    counts = [len(t) if flag else 0 for t, flag in zip(texts, typed)]
    total = sum(counts)
    tick = min(1 / _TYPE_RATE, budget / max(1, total))
    if total and tick < _MIN_TICK:  # too long to type: one line after another
        step = min(0.35, budget / max(1, len(texts)))
        return [(start + i * step, start + i * step) for i in range(len(texts))]
    out, t = [], start
    for n, text in zip(counts, texts):
        if n:
            out.append((t, t + n * tick))
            t += n * tick + 0.12
        else:
            out.append((t, t))
            t += 0.05 if text else 0.0
    return out


def cursor(ctx: SectionCtx, texts: list[str], schedule: list[tuple[float, float]], *, x: float, top: float,
           line_h: float, char_w: float, bar: bool = False, marker: bool = True) -> list[Layer]:
    """A block cursor at the end of the text being typed and (with `marker`) a current-line marker in the
    gutter; the cursor blinks once typing is done."""
    typed = [i for i, (a, b) in enumerate(schedule) if b > a]
    if not typed:
        return []
    xs: list[tuple[Any, ...]] = [(0.0, x)]
    ys: list[tuple[Any, ...]] = [(0.0, top + typed[0] * line_h)]
    for i in typed:
        a, b = schedule[i]
        n = len(texts[i])
        ys.append((a, top + i * line_h, "hold"))
        xs += [(a + (b - a) * c / max(1, n), x + cells(texts[i][:c]) * char_w, "hold") for c in range(n + 1)]
    done, first = schedule[typed[-1]][1], schedule[typed[0]][0]
    blink: list[tuple[Any, ...]] = [(0.0, 0.0), (first, 1.0, "hold")]
    t, on = done + 0.5, False
    end = ctx.exit_at if ctx.exit_at is not None else ctx.duration
    while t < end:
        blink.append((t, 1.0 if on else 0.0, "hold"))
        t, on = t + 0.5, not on
    block = {"id": "cursor", "type": "shape", "shape": "rect", "x": keyframes(*xs), "y": keyframes(*ys),
              "width": char_w, "height": line_h, "fill": with_alpha(ctx.p.accent, 0.85),
              "opacity": keyframes(*blink)}
    highlight = {"id": "current-line", "type": "shape", "shape": "rect", "x": x - char_w * 0.5,
                 "y": keyframes(*ys), "width": ctx.px(10) if bar else char_w * 0.35, "height": line_h,
                 "fill": with_alpha(ctx.p.accent, 0.5), "opacity": keyframes((0.0, 0.0), (first, 1.0, "hold"))}
    return [highlight, block] if marker else [block]
