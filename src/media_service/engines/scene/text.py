"""Laying out a text layer with skia.textlayout: wrapping, alignment, auto-fit, max lines with ellipsis.

skia-python (144) exposes no line metrics (`getLineMetrics` is not bound), max-lines or text-direction
setters, so: every line is forced to the same height with a strut (lines = height / line height), ellipsis
is found by searching the longest prefix that fits, lines are recovered for per-line background pills by
searching the longest prefix that stays on one line, and right-to-left text is wrapped in an RTL embedding
(U+202B … U+202C) per line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import skia

from .fonts import FontChoice

__all__ = ["TextBlock", "TextSpec", "detect_rtl", "layout_text", "line_boxes", "pill_path"]

tl = skia.textlayout
_ELLIPSIS = "\u2026"
_RLE, _PDF = "\u202b", "\u202c"
_NO_CUT_BEFORE = {"\u200d", "\ufe0f", "\ufe0e"}  # ZWJ and variation selectors bind to the previous char


def detect_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left (Arabic, Hebrew, …)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@dataclass(frozen=True)
class TextSpec:
    """Everything about a text layer's layout that does not change with size or colour."""

    text: str
    choice: FontChoice
    unicode: skia.Unicode
    weight: int = 400
    italic: bool = False
    line_height: float = 1.2
    letter_spacing: float = 0.0
    align: Literal["left", "center", "right", "justify", "start", "end"] = "start"
    rtl: bool = False

    def resolved_align(self) -> str:
        """left | center | right | justify, with start/end read in the text direction."""
        if self.align == "start":
            return "right" if self.rtl else "left"
        if self.align == "end":
            return "left" if self.rtl else "right"
        return self.align


@dataclass(frozen=True)
class TextBlock:
    """A laid-out text layer: paint `stroke` then `fill` at (0, y) in box coordinates."""

    fill: skia.textlayout.Paragraph
    stroke: skia.textlayout.Paragraph | None
    size: float
    text: str
    lines: int
    x: float
    y: float
    width: float
    height: float
    truncated: bool


_ALIGN = {"left": tl.TextAlign.kLeft, "center": tl.TextAlign.kCenter, "right": tl.TextAlign.kRight,
          "justify": tl.TextAlign.kJustify}


def _paragraph(spec: TextSpec, text: str, size: float, paint: skia.Paint, width: float) -> skia.textlayout.Paragraph:
    slant = skia.FontStyle.kItalic_Slant if spec.italic else skia.FontStyle.kUpright_Slant
    font_style = skia.FontStyle(spec.weight, skia.FontStyle.kNormal_Width, slant)
    style = tl.TextStyle()
    style.setFontFamilies(list(spec.choice.families))
    style.setFontStyle(font_style)
    style.setFontSize(size)
    style.setForegroundPaint(paint)
    style.setLetterSpacing(spec.letter_spacing)
    style.setHeight(spec.line_height)
    style.setHeightOverride(True)
    style.setHalfLeading(True)
    strut = tl.StrutStyle()
    strut.setFontFamilies(list(spec.choice.families[:1]))
    strut.setFontStyle(font_style)
    strut.setFontSize(size)
    strut.setHeight(spec.line_height)
    strut.setHeightOverride(True)
    strut.setHalfLeading(True)
    strut.setForceStrutHeight(True)
    strut.setStrutEnabled(True)
    para_style = skia.textlayout.ParagraphStyle()
    para_style.setTextStyle(style)
    para_style.setStrutStyle(strut)
    para_style.setTextAlign(_ALIGN[spec.resolved_align()])
    builder = skia.textlayout.ParagraphBuilder.make(para_style, spec.choice.collection, spec.unicode)
    builder.pushStyle(style)
    if spec.rtl:
        text = "\n".join(f"{_RLE}{line}{_PDF}" for line in text.split("\n"))
    builder.addText(text)
    paragraph = builder.Build()
    paragraph.layout(max(width, 1.0))
    return paragraph


_MEASURE = skia.Paint(Color=skia.ColorBLACK)


def _line_count(paragraph: skia.textlayout.Paragraph, size: float, spec: TextSpec) -> int:
    # A forced strut makes every line exactly round(size × lineHeight) px tall.
    line = max(1, int(size * spec.line_height + 0.5))
    return max(1, round(paragraph.Height / line))


_REFERENCE_SIZE = 100.0


def _widest_words(spec: TextSpec, keep: int = 3) -> list[str]:
    """The few widest space-separated words of spaced scripts (measured once, at a reference size).

    Auto-fit must not pick a size at which a word is wider than the box (skia would split it mid-word).
    skia-python's MinIntrinsicWidth reports a single glyph here, so words are measured one by one; scripts
    written without spaces (CJK, Thai, …) may break anywhere and are skipped.
    """
    words = {w for w in spec.text.split() if not _UNSPACED_RE.search(w)}
    widths = sorted(((_paragraph(spec, w, _REFERENCE_SIZE, _MEASURE, 1e6).MaxIntrinsicWidth, w) for w in words),
                    reverse=True)
    return [w for _, w in widths[:keep]]


_UNSPACED_RE = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _fits(spec: TextSpec, size: float, width: float, height: float, max_lines: int | None,
          words: list[str]) -> bool:
    # Hinting makes widths not quite proportional to size: the widest candidates are re-measured exactly.
    if any(_paragraph(spec, w, size, _MEASURE, 1e6).MaxIntrinsicWidth > width for w in words):
        return False
    p = _paragraph(spec, spec.text, size, _MEASURE, width)
    if max_lines is not None and _line_count(p, size, spec) > max_lines:
        return False
    return p.Height <= height + 0.5


def _fit_size(spec: TextSpec, width: float, height: float, lo: float, hi: float, max_lines: int | None) -> float:
    words = _widest_words(spec)
    if _fits(spec, hi, width, height, max_lines, words):
        return hi
    if not _fits(spec, lo, width, height, max_lines, words):
        return lo
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        if _fits(spec, mid, width, height, max_lines, words):
            lo = mid
        else:
            hi = mid
    return lo


def _safe_cut(text: str, k: int) -> int:
    """Move a cut back so it does not split a grapheme (combining marks, ZWJ sequences) or, nearby, a word."""
    while 0 < k < len(text) and (unicodedata.category(text[k]).startswith("M") or text[k] in _NO_CUT_BEFORE
                                 or text[k - 1] == "\u200d" or 0x1F3FB <= ord(text[k]) <= 0x1F3FF):
        k -= 1
    if 0 < k < len(text) and not text[k].isspace():
        space = max(text.rfind(" ", 0, k), text.rfind("\n", 0, k))
        if space > 0 and k - space <= 16:
            k = space
    return k


def _truncate(spec: TextSpec, size: float, width: float, max_lines: int) -> tuple[str, bool]:
    text = spec.text

    def lines_of(candidate: str) -> int:
        return _line_count(_paragraph(spec, candidate, size, _MEASURE, width), size, spec)

    if lines_of(text) <= max_lines:
        return text, False
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines_of(text[:mid].rstrip() + _ELLIPSIS) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    cut = _safe_cut(text, lo)
    return text[:cut].rstrip(" \n\t,;:-") + _ELLIPSIS, True


def layout_text(spec: TextSpec, *, width: float, height: float, size: float, valign: str,
                fill: skia.Paint, stroke: skia.Paint | None = None, auto_fit: tuple[float, float] | None = None,
                max_lines: int | None = None) -> TextBlock:
    """Lay out `spec` in a width×height box: pick the size (auto-fit), cut to max_lines, place vertically."""
    if auto_fit is not None:
        size = _fit_size(spec, width, height, auto_fit[0], auto_fit[1], max_lines)
    text, truncated = spec.text, False
    if max_lines is not None:
        text, truncated = _truncate(spec, size, width, max_lines)
    fill_para = _paragraph(spec, text, size, fill, width)
    stroke_para = _paragraph(spec, text, size, stroke, width) if stroke is not None else None
    lines = _line_count(fill_para, size, spec)
    block_w = min(fill_para.LongestLine, width)
    align = spec.resolved_align()
    if align == "justify":
        align = "right" if spec.rtl else "left"
        if lines > 1:
            block_w = width
    x = {"left": 0.0, "center": (width - block_w) / 2, "right": width - block_w}[align]
    block_h = fill_para.Height
    y = {"top": 0.0, "middle": (height - block_h) / 2, "bottom": height - block_h}[valign]
    return TextBlock(fill_para, stroke_para, size, text, lines, x, y, block_w, block_h, truncated)


def _one_line(spec: TextSpec, text: str, size: float, width: float) -> bool:
    return _line_count(_paragraph(spec, text, size, _MEASURE, width), size, spec) <= 1


def _split_lines(spec: TextSpec, text: str, size: float, width: float) -> list[str]:
    """The lines the paragraph breaks `text` into at `width`: for each line, the longest prefix of what is
    left that stays on one line, cut at a space (anywhere in scripts without spaces, or inside a word too
    wide for the box, as skia does)."""
    lines: list[str] = []
    for para in text.split("\n"):
        rest = para
        while rest:
            if _one_line(spec, rest, size, width):
                lines.append(rest)
                break
            cuts = [i for i, ch in enumerate(rest) if ch == " " and i > 0]
            best = _longest(cuts, lambda c: _one_line(spec, rest[:c].rstrip(), size, width))
            if best is None:  # the first word alone is too wide: skia breaks inside it
                best = _longest(list(range(1, len(rest))), lambda c: _one_line(spec, rest[:c], size, width)) or 1
            lines.append(rest[:best].rstrip())
            rest = rest[best:].lstrip()
        if not para:
            lines.append("")
    return lines


def _longest(cuts: list[int], fits: Callable[[int], bool]) -> int | None:
    """The largest cut for which `fits` holds (fits is monotonic: true up to some cut, then false)."""
    lo, hi, best = 0, len(cuts) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(cuts[mid]):
            best, lo = cuts[mid], mid + 1
        else:
            hi = mid - 1
    return best


def line_boxes(spec: TextSpec, block: TextBlock, width: float) -> list[skia.Rect]:
    """One rectangle per laid-out line of `block` (box coordinates): each as wide as its own line, placed as
    the paragraph aligns it. Falls back to the block's rectangle if the lines cannot be recovered."""
    whole = [skia.Rect.MakeXYWH(block.x, block.y, block.width, block.height)]
    if block.lines <= 1:
        return whole
    lines = _split_lines(spec, block.text, block.size, width)
    if len(lines) != block.lines:
        return whole
    line_h = block.height / block.lines
    align = spec.resolved_align()
    out = []
    for i, line in enumerate(lines):
        w = min(_paragraph(spec, line, block.size, _MEASURE, 1e6).LongestLine, width) if line.strip() else 0.0
        if align == "justify":
            last = i == len(lines) - 1
            w, align_i = (w, "right" if spec.rtl else "left") if last else (width, "left")
        else:
            align_i = align
        x = {"left": 0.0, "center": (width - w) / 2, "right": width - w}[align_i]
        if w > 0:
            out.append(skia.Rect.MakeXYWH(x, block.y + i * line_h, w, line_h))
    return out or whole


def pill_path(spec: TextSpec, block: TextBlock, width: float, padding: tuple[float, float],
              radius: float) -> skia.Path:
    """The background behind `block`: a rounded rectangle per line (padded by [vertical, horizontal]),
    merged into one shape so a translucent colour is not painted twice where neighbouring lines meet."""
    pad_v, pad_h = padding
    path = skia.Path()
    for rect in line_boxes(spec, block, width):
        r = rect.makeOutset(pad_h, pad_v)
        one = skia.Path()
        one.addRoundRect(r, min(radius, r.height() / 2), min(radius, r.height() / 2))
        path = skia.Op(path, one, skia.PathOp.kUnion_PathOp) or path
    return path
