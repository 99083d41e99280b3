"""What a timeline's `captions` says: the words with their times, and how they are drawn.

    {"captions": {"style": "karaoke", "words": [{"text": "Hello", "start": 0.1, "end": 0.4}, ...],
                  "size": 64, "position": "bottom", "highlightColor": "#FACC15", "maxWordsPerLine": 4}}

Styles: `karaoke` shows a line of words at a time with the word being spoken in `highlightColor`; `word`
shows one word at a time (in `highlightColor`); `line` shows up to two lines at a time, no highlight.
Instead of `words`, `text` may be given with an `audio.voiceover`: the text is then aligned to the
voiceover's sound (the speech engine's syllable-weight estimate). Captions stay inside `area`, the frame's
safe area (fractions of the frame kept free on each side).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from media_service.engines.scene.values import Color, SceneModel

__all__ = ["CAPTION_STYLES", "CaptionArea", "CaptionStyle", "CaptionWord", "TimelineCaptions"]

CaptionStyle = Literal["karaoke", "word", "line"]
CAPTION_STYLES: tuple[str, ...] = ("karaoke", "word", "line")
MAX_WORDS = 20_000


class CaptionWord(SceneModel):
    """One spoken word and when it is said, in seconds on the timeline."""

    text: str = Field(min_length=1, max_length=80)
    start: float = Field(ge=0)
    end: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> CaptionWord:
        if self.end < self.start:
            raise ValueError(f"end ({self.end:g}) is before start ({self.start:g})")
        return self


class CaptionArea(SceneModel):
    """The safe area: the fraction of the frame's width (left, right) or height (top, bottom) kept clear."""

    left: float = Field(0.06, ge=0, lt=0.5)
    top: float = Field(0.08, ge=0, lt=0.5)
    right: float = Field(0.06, ge=0, lt=0.5)
    bottom: float = Field(0.10, ge=0, lt=0.5)


class TimelineCaptions(SceneModel):
    """Extension: word-timed captions drawn above every scene (and above transitions)."""

    enabled: bool = True
    style: CaptionStyle = "karaoke"
    font: str = Field("Inter", min_length=1, max_length=100, description="an installed family; the fallback "
                      "chain covers every script (CJK, Devanagari, Arabic, …)")
    weight: int = Field(800, ge=100, le=1000)
    size: float | None = Field(None, gt=0, le=400, description="px; default 7 % of the frame's short side on "
                               "portrait frames, 5.5 % on landscape ones (× 1.4 for the word style)")
    position: Literal["bottom", "middle", "top"] = "bottom"
    color: Color = "#FFFFFF"
    highlight_color: Color = "#FACC15"
    outline_color: Color | None = Field("#000000", description="a thin outline around the glyphs; null: none")
    background: Color | None = Field("rgba(0,0,0,0.55)", description="a rounded band behind the words; null: none")
    max_words_per_line: int | None = Field(None, ge=1, le=12, description="default: 4 on portrait frames, 6 on "
                                           "landscape ones")
    uppercase: bool = False
    area: CaptionArea = Field(default_factory=lambda: CaptionArea.model_validate({}))
    words: list[CaptionWord] = Field(default_factory=list, max_length=MAX_WORDS)
    text: str | None = Field(None, min_length=1, max_length=100_000, description=(
        "the words as one text, aligned to audio.voiceover when `words` is empty"))

    @model_validator(mode="after")
    def _inside(self) -> TimelineCaptions:
        area = self.area
        if area.left + area.right >= 0.9 or area.top + area.bottom >= 0.9:
            raise ValueError("area: the safe area leaves less than 10 % of the frame")
        return self
