"""The brief formats: each compiles a ContentBrief into a Timeline with its own look, pacing and motion.

    explainer_v1   16:9 editorial explainer             listicle_v1    numbered countdown
    comparison_v1  split-screen face-offs               shorts_v1      vertical kinetic type, safe areas
    devvlog_v1     code windows typed live

One module per format (`compile(brief) -> Timeline`, `SPEC`); what they share lives in `common`
(frame, type roles, motion), `parts` (backdrops, cards, lists, buttons, counters, stingers), `kinetic`
(word-by-word type), `code` + `syntax` (code windows) and `assemble` (timing, scenes, transitions).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from media_service.engines.scene import DEFAULT_MAX_SIDE
from media_service.engines.video.model import Timeline
from media_service.errors import FieldError

from ..schemas import ContentBrief
from . import comparison, devvlog, explainer, listicle, shorts
from .assemble import FormatSpec, check_timing, compile_with, outline_with, problems

__all__ = ["EXAMPLES_DIR", "FORMATS", "FormatSpec", "brief_problems", "check_timing", "compile_brief", "example_brief",
           "example_text", "outline"]

FORMATS: dict[str, FormatSpec] = {m.SPEC.id: m.SPEC for m in (explainer, listicle, comparison, shorts, devvlog)}
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


def compile_brief(brief: ContentBrief, *, max_side: int = DEFAULT_MAX_SIDE) -> Timeline:
    """The brief's timeline, drawn by its format; ValidationError naming every problem (timing, section types,
    sizes over `max_side`)."""
    return compile_with(FORMATS[brief.format], brief, max_side=max_side)


def brief_problems(brief: ContentBrief) -> list[FieldError]:
    """Timing, section types and format features that keep the brief from being drawn (cheap: no layout)."""
    return problems(FORMATS[brief.format], brief)


def outline(brief: ContentBrief) -> Timeline:
    """The brief's timeline without scenes (size, rate, duration, soundtrack): for checks and estimates."""
    return outline_with(FORMATS[brief.format], brief)


@cache
def example_text(format_id: str) -> str:
    """The shipped example brief of a format, as its JSON file reads."""
    return (EXAMPLES_DIR / f"{format_id}.json").read_text()


def example_brief(format_id: str) -> ContentBrief:
    """The shipped example brief of a format (renders as-is: no external media)."""
    return ContentBrief.model_validate_json(example_text(format_id))
