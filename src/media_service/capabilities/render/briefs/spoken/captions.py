"""A brief's `captions` as the timeline's: the spoken words, the style the brief asks for, the theme's face
and accent where it asks for none, sizes scaled with the frame, and the format's safe area."""

from __future__ import annotations

from media_service.engines.speech import WordTiming
from media_service.engines.video import CaptionArea, CaptionWord, TimelineCaptions

from ..formats import FORMATS
from ..formats.assemble import frame_of
from ..schemas import ContentBrief
from ..themes import resolve_theme

__all__ = ["timeline_captions"]


def timeline_captions(brief: ContentBrief, words: list[WordTiming]) -> TimelineCaptions | None:
    """The captions to draw over `brief`'s video (None when it asks for none)."""
    config = brief.captions
    if config is None or not config.enabled or not words:
        return None
    spec = FORMATS[brief.format]
    frame = frame_of(spec, brief)
    theme = resolve_theme(brief.style)
    left, top, right, bottom = spec.caption_area
    return TimelineCaptions(
        style=config.style, font=config.font or theme.type.display, weight=max(700, theme.type.display_weight),
        size=frame.px(config.size) if config.size is not None else None, position=config.position,
        highlight_color=config.highlight_color or theme.palette.accent,
        max_words_per_line=config.max_words_per_line, uppercase=config.uppercase,
        area=CaptionArea(left=left, top=top, right=right, bottom=bottom),
        words=[CaptionWord(text=w.text[:80], start=w.start, end=w.end) for w in words])
