"""Drawing word-timed captions: words grouped into pages, each page laid out once with skia's paragraph
shaper (HarfBuzz, the scene engine's font fallback: Latin, CJK, Devanagari, Arabic alike) and recorded as
one picture per highlighted word (rasterised, the last few kept), so a frame costs an image blit.

    track = CaptionTrack(captions, size=(1080, 1920), fonts=library)
    track.draw(canvas, t)          # the page shown at t, its spoken word highlighted
    track.rect(t)                  # where that page is drawn (for damage tracking), or None

Pages: a new page starts after `max_words_per_line` words (two lines of them in the `line` style, one word
in the `word` style), after a sentence end, or after a pause in the speech. A page shows from just before
its first word until a little after its last one (never over the next page). Words of scripts written
without spaces (CJK, kana, Thai) are joined without one. Right-to-left lines are embedded as such.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from pathlib import Path

import skia

from media_service.engines.audio import load_audio
from media_service.engines.scene import FontLibrary, default_font_library, parse_color
from media_service.engines.scene.text import detect_rtl
from media_service.engines.speech import estimate_word_timings
from media_service.errors import ValidationError

from .captions_model import CaptionWord, TimelineCaptions

__all__ = ["CaptionPage", "CaptionTrack", "aligned_words", "caption_pages"]

tl = skia.textlayout
LEAD = 0.08        # a page appears this long before its first word
HOLD = 0.6         # and stays at most this long after its last word
PAUSE = 0.32       # a silence this long between words starts a new page
KEEP_IMAGES = 8    # caption states kept drawn
State = tuple[int, int | None]
_SENTENCE_END = re.compile(r"[.!?…。！？।]$")
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
_RLE, _PDF = "\u202b", "\u202c"


@dataclass(frozen=True)
class CaptionPage:
    """Words shown together: `lines` of word indices into `words`, on screen during [start, end)."""

    words: tuple[CaptionWord, ...]
    lines: tuple[tuple[int, ...], ...]
    start: float
    end: float


def _per_line(captions: TimelineCaptions, size: tuple[int, int]) -> int:
    if captions.style == "word":
        return 1
    if captions.max_words_per_line is not None:
        return captions.max_words_per_line
    return 4 if size[1] > size[0] else 6


def caption_pages(captions: TimelineCaptions, size: tuple[int, int]) -> list[CaptionPage]:
    """The words of `captions` grouped into pages, each with the time it is on screen."""
    per_line = _per_line(captions, size)
    per_page = per_line * (2 if captions.style == "line" else 1)
    words = sorted((w for w in captions.words if w.text.strip()), key=lambda w: w.start)
    groups: list[list[CaptionWord]] = []
    for word in words:
        current = groups[-1] if groups else None
        if (current is None or len(current) >= per_page or word.start - current[-1].end >= PAUSE
                or _SENTENCE_END.search(current[-1].text)):
            groups.append([word])
        else:
            current.append(word)
    pages: list[CaptionPage] = []
    for n, group in enumerate(groups):
        start = max(0.0, group[0].start - LEAD)
        if pages:
            start = max(start, pages[-1].end)
        end = group[-1].end + HOLD
        if n + 1 < len(groups):
            end = min(end, max(group[-1].end, groups[n + 1][0].start - LEAD))
        lines = tuple(tuple(range(i, min(i + per_line, len(group)))) for i in range(0, len(group), per_line))
        pages.append(CaptionPage(tuple(group), lines, start, max(end, start + 1e-3)))
    return pages


def aligned_words(text: str, audio: Path, *, field: str = "audio.voiceover") -> list[CaptionWord]:
    """The words of `text` placed on the sound of `audio` (the speech engine's syllable-weight estimate:
    the voiced time is shared among the words by their syllables); ValidationError when none is heard."""
    rate = 16_000
    samples = load_audio(audio, sample_rate=rate, channels=1, field=field)[0]
    timings = estimate_word_timings(text, samples, rate)
    if not timings:
        raise ValidationError(f"{field}: no speech heard to align captions.text to", field=field)
    return [CaptionWord(text=w.text[:80], start=w.start, end=w.end) for w in timings]


def _joiner(before: str, after: str) -> str:
    return "" if _UNSPACED.search(before[-1:]) and _UNSPACED.search(after[:1]) else " "


class CaptionTrack:
    """The captions of a timeline, drawn at `size` px (the output frame). Not thread-safe."""

    def __init__(self, captions: TimelineCaptions, *, size: tuple[int, int], scale: float = 1.0,
                 fonts: FontLibrary | None = None) -> None:
        self.captions = captions
        self.width, self.height = size
        self.pages = caption_pages(captions, size) if captions.enabled else []
        short = min(size)
        base = captions.size * scale if captions.size is not None else None
        portrait = size[1] > size[0]
        self.font_size = base or short * (0.07 if portrait else 0.055) * (1.4 if captions.style == "word" else 1.0)
        library = fonts or default_font_library()
        self._choice = library.choose(captions.font)
        self.warning = None if self._choice.warning is None else f"captions: {self._choice.warning}"
        self._unicode = library.unicode
        area = captions.area
        self._box = skia.Rect.MakeLTRB(size[0] * area.left, size[1] * area.top, size[0] * (1 - area.right),
                                       size[1] * (1 - area.bottom))
        self._images: OrderedDict[State, tuple[skia.Image, skia.IRect]] = OrderedDict()
        self._rects: dict[State, skia.IRect] = {}
        self._last = 0

    # -- which page, which word -----------------------------------------------------------------------
    def state(self, t: float) -> State | None:
        """(page index, highlighted word index or None) shown at t; None when no page is."""
        pages = self.pages
        if not pages:
            return None
        i = self._last if pages[self._last].start <= t else 0
        while i + 1 < len(pages) and pages[i + 1].start <= t:
            i += 1
        self._last = i
        page = pages[i]
        if not page.start <= t < page.end:
            return None
        if self.captions.style == "line":
            return i, None
        spoken = [k for k, w in enumerate(page.words) if w.start <= t]
        return i, (spoken[-1] if spoken else 0)

    def rect(self, t: float) -> skia.IRect | None:
        """The device rectangle the caption at t covers (None: no caption at t)."""
        state = self.state(t)
        return self.rect_of(state) if state is not None else None

    def rect_of(self, state: State) -> skia.IRect:
        """The device rectangle of a caption state (see `state`)."""
        rect = self._rects.get(state)
        if rect is None:
            rect = self._image(state)[1]
        return rect

    def draw(self, canvas: skia.Canvas, t: float) -> None:
        """Draw the caption shown at t (nothing when none is)."""
        state = self.state(t)
        if state is not None:
            image, rect = self._image(state)
            canvas.drawImage(image, rect.left(), rect.top())

    # -- layout ---------------------------------------------------------------------------------------
    def _image(self, state: State) -> tuple[skia.Image, skia.IRect]:
        """The caption state drawn once into a picture of its band (the last few kept: states come in order;
        a blit is much cheaper than drawing outlined text again every frame)."""
        cached = self._images.get(state)
        if cached is None:
            picture, rect = self._record(self.pages[state[0]], state[1])
            surface = skia.Surface(max(1, rect.width()), max(1, rect.height()))
            canvas = surface.getCanvas()
            canvas.translate(-rect.left(), -rect.top())
            canvas.drawPicture(picture)
            cached = self._images[state] = (surface.makeImageSnapshot(), rect)
            self._rects[state] = rect
            while len(self._images) > KEEP_IMAGES:
                self._images.popitem(last=False)
        else:
            self._images.move_to_end(state)
        return cached

    def _pieces(self, page: CaptionPage, active: int | None) -> list[tuple[str, bool]]:
        """The page's text as runs (text, highlighted), lines embedded right-to-left when they read so."""
        upper = self.captions.uppercase
        texts = [w.text.upper() if upper else w.text for w in page.words]
        pieces: list[tuple[str, bool]] = []
        for n, line in enumerate(page.lines):
            rtl = detect_rtl(" ".join(texts[k] for k in line))
            if n:
                pieces.append(("\n", False))
            if rtl:
                pieces.append((_RLE, False))
            for j, k in enumerate(line):
                if j:
                    pieces.append((_joiner(texts[line[j - 1]], texts[k]), False))
                pieces.append((texts[k], k == active))
            if rtl:
                pieces.append((_PDF, False))
        return pieces

    def _paragraph(self, pieces: list[tuple[str, bool]], size: float, *, outline: bool
                   ) -> skia.textlayout.Paragraph:
        c = self.captions

        def text_style(paint: skia.Paint | None = None) -> skia.textlayout.TextStyle:
            style = tl.TextStyle()
            style.setFontFamilies(list(self._choice.families))
            style.setFontStyle(skia.FontStyle(c.weight, skia.FontStyle.kNormal_Width,
                                              skia.FontStyle.kUpright_Slant))
            style.setFontSize(size)
            style.setHeight(1.15)
            style.setHeightOverride(True)
            style.setHalfLeading(True)
            if paint is not None:
                style.setForegroundPaint(paint)
            return style

        style = text_style()
        para_style = tl.ParagraphStyle()
        para_style.setTextStyle(style)
        para_style.setTextAlign(tl.TextAlign.kCenter)
        builder = tl.ParagraphBuilder.make(para_style, self._choice.collection, self._unicode)
        for text, lit in pieces:
            if outline and c.outline_color is not None:
                paint = skia.Paint(AntiAlias=True, Style=skia.Paint.kStroke_Style, StrokeWidth=size * 0.12)
                paint.setStrokeJoin(skia.Paint.kRound_Join)
                paint.setColor(parse_color(c.outline_color).to_argb())
            else:
                paint = skia.Paint(AntiAlias=True)
                paint.setColor(parse_color(c.highlight_color if lit else c.color).to_argb())
            builder.pushStyle(text_style(paint))
            builder.addText(text)
            builder.pop()
        paragraph = builder.Build()
        paragraph.layout(max(self._box.width(), 1.0))
        return paragraph

    def _record(self, page: CaptionPage, active: int | None) -> tuple[skia.Picture, skia.IRect]:
        box, pieces = self._box, self._pieces(page, active)
        size = self.font_size
        fill = self._paragraph(pieces, size, outline=False)
        lines = len(page.lines)
        # A line wider than the safe area is set smaller (down to 60 %) before it may wrap.
        while size > self.font_size * 0.6 and round(fill.Height / (size * 1.15)) > lines:
            size *= 0.9
            fill = self._paragraph(pieces, size, outline=False)
        pad_v, pad_h = size * 0.22, size * 0.45
        height = fill.Height
        top = {"bottom": box.bottom() - height - pad_v, "top": box.top() + pad_v,
               "middle": box.centerY() - height / 2}[self.captions.position]
        width = min(fill.LongestLine, box.width())
        band = skia.Rect.MakeXYWH(box.centerX() - width / 2 - pad_h, top - pad_v, width + 2 * pad_h,
                                  height + 2 * pad_v)
        recorder = skia.PictureRecorder()
        canvas = recorder.beginRecording(band.makeOutset(4, 4))
        if self.captions.background is not None:
            paint = skia.Paint(AntiAlias=True)
            paint.setColor(parse_color(self.captions.background).to_argb())
            radius = min(size * 0.35, band.height() / 2)
            canvas.drawRoundRect(band, radius, radius, paint)
        if self.captions.outline_color is not None:
            self._paragraph(pieces, size, outline=True).paint(canvas, box.left(), top)
        fill.paint(canvas, box.left(), top)
        return recorder.finishRecordingAsPicture(), band.makeOutset(4, 4).roundOut()
