"""Each format's compile, checked on the frames the renderer draws: every example brief compiles to a valid
timeline; backgrounds, titles, split screens, count-ups, code colours and the shorts safe areas show up
where a viewer would see them."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from brief_api import example, frame, near, rgb, share, small

from media_service.capabilities.render.briefs import FORMATS, ContentBrief, compile_brief
from media_service.capabilities.render.briefs.formats.shorts import SAFE
from media_service.capabilities.render.briefs.themes import TERMINAL_SYNTAX, resolve_theme
from media_service.engines.video import Timeline

FORMAT_IDS = list(FORMATS)


def _brief(data: dict[str, Any]) -> ContentBrief:
    return ContentBrief.model_validate(data)


def _section(data: dict[str, Any], section_id: str) -> dict[str, Any]:
    return next(s for s in data["sections"] if s["id"] == section_id)


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_example_compiles_to_a_valid_timeline(format_id: str) -> None:
    data = example(format_id)
    timeline = compile_brief(_brief(data))
    spec = FORMATS[format_id]
    assert (timeline.width, timeline.height, timeline.fps) == (spec.width, spec.height, 30)
    assert timeline.duration == data["settings"]["duration_sec"]
    assert [s.id for s in timeline.scenes] == [s["id"] for s in sorted(data["sections"],
                                                                       key=lambda s: s["start_time_sec"])]
    # Round trip: the JSON a client would post to /render/scene validates as the same timeline.
    assert Timeline.model_validate(timeline.model_dump(mode="json")) == timeline
    # Back-to-back sections enter with the format's transition; the first one needs none.
    assert timeline.scenes[0].transition_in is None
    assert all(s.transition_in is not None and s.transition_in.type == spec.transition[0]
               for s in timeline.scenes[1:])


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_titles_are_drawn_in_the_text_colour_once_entrances_are_done(format_id: str) -> None:
    data = small(example(format_id))
    brief = _brief(data)
    text = resolve_theme(brief.style).palette.text
    first = brief.sections[0]
    early, settled = frame(brief, 0.0), frame(brief, first.start_time_sec + min(2.6, first.duration_sec * 0.8))
    # Nothing has entered at t=0 (entrances start after it); by the settle time the title is up.
    assert share(settled, text) > share(early, text) + 0.01
    assert share(settled, text) > 0.008


def test_a_solid_background_fills_what_no_section_covers() -> None:
    data = small(example("comparison_v1"))
    data["style"] = {"theme": "dark", "background_type": "solid", "background_value": "#123456"}
    for section in data["sections"]:  # a second of nothing before the intro
        section["start_time_sec"] += 1
    data["settings"]["duration_sec"] += 1
    pixels = frame(data, 0.5)
    h, w = pixels.shape[:2]
    for x, y in ((4, 4), (w - 5, h - 5), (w // 20, h // 2)):
        assert np.abs(pixels[y, x, :3].astype(int) - [0x12, 0x34, 0x56]).max() <= 2, (x, y, pixels[y, x])


def test_gaps_between_sections_show_the_background_and_content_leaves_before_them() -> None:
    data = small(example("comparison_v1"))
    data["style"] = {"theme": "light", "background_type": "solid", "background_value": "#F0E8D8"}
    data["settings"]["duration_sec"] = 21
    outro = _section(data, "outro")
    outro["start_time_sec"] = 17  # a 2 s gap after the topic (ends at 15)
    timeline = compile_brief(_brief(data))
    assert [s.id for s in timeline.scenes][-2:] == ["gap-3", "outro"]
    gap = frame(timeline, 16.0)
    assert share(gap, "#F0E8D8", 3) > 0.99  # nothing but the background
    topic = next(s for s in timeline.scenes if s.id == "teams")
    assert share(frame(timeline, topic.end - 0.02), "#F0E8D8", 3) > 0.97  # its copy has faded out


def test_comparison_splits_the_screen_in_the_brand_colours() -> None:
    data = small(example("comparison_v1"))
    section = _section(data, "speed")
    pixels = frame(data, section["start_time_sec"] + 3.0)
    h, w = pixels.shape[:2]
    left, right = pixels[h // 20, w // 20, :3].astype(int), pixels[h // 20, w - w // 20, :3].astype(int)
    # Primary #3776AB on the left, accent #00ADD8 on the right, exactly as the brief gives them.
    assert np.abs(left - rgb("#3776AB")).max() <= 2 and np.abs(right - rgb("#00ADD8")).max() <= 2, (left, right)
    # Both titles are drawn, one per half, each in the ink that reads on its colour.
    theme = resolve_theme(_brief(data).style)
    assert near(pixels[:, : w // 2], theme.palette.on_primary, 30).sum() > 50
    assert near(pixels[:, w // 2:], theme.palette.on_accent, 30).sum() > 50


def test_the_comparison_intro_opens_on_the_split_with_no_backdrop_showing_between_the_halves() -> None:
    # Halves sliding in over the dark backdrop left a moving dark wedge that x264 smeared into block ghosts.
    data = small(example("comparison_v1"))
    for t in (0.0, 0.2):
        pixels = frame(data, t)
        h, w = pixels.shape[:2]
        corner = pixels[h // 2:, : w // 3, :3].reshape(-1, 3).astype(int)
        assert np.abs(corner - rgb("#3776AB")).max() <= 2, t


def test_listicle_numbers_count_up_to_their_value_and_land() -> None:
    data = example("listicle_v1")
    timeline = compile_brief(_brief(data))
    scene = next(s for s in timeline.scenes if s.id == "item-5")
    numbers = [layer for layer in scene.layers if layer.id.startswith("number-")]
    values = [int(layer.text) for layer in numbers]
    assert values == sorted(values) and values[-1] == 5 and len(values) > 1
    assert all(layer.end is not None for layer in numbers[:-1]) and numbers[-1].end is None
    # The countdown: items without a number count down from the number of items.
    firsts = [next(layer for layer in s.layers if layer.id.startswith("number-") and layer.end is None).text
              for s in timeline.scenes if s.id.startswith("item-")]
    assert firsts == ["5", "4", "3", "2", "1"]
    # The panel is the primary colour (light theme: #2F5BFF) once the item has slid in.
    pixels = frame(small(data), 3.0 + 2.0)
    h, w = pixels.shape[:2]
    assert share(pixels[:, : int(w * 0.3)], "#2F5BFF", 6) > 0.6


def test_devvlog_code_is_drawn_in_syntax_colours_after_typing() -> None:
    data = example("devvlog_v1")
    section = _section(data, "code")
    typed = frame(data, section["start_time_sec"] + section["duration_sec"] - 0.6)
    start = frame(data, section["start_time_sec"] + 0.7)
    dark = resolve_theme(_brief(data).style).palette.syntax
    for kind in ("keyword", "string", "function", "type"):
        assert near(typed, dark[kind], 24).sum() > 40, kind
    # Before typing reaches them, those colours are not on screen yet.
    assert near(start, dark["string"], 24).sum() < near(typed, dark["string"], 24).sum() / 4
    terminal = _section(data, "install")
    shell = frame(data, terminal["start_time_sec"] + terminal["duration_sec"] - 0.6)
    assert near(shell, TERMINAL_SYNTAX["prompt"], 24).sum() > 20  # the green `$` prompts


def _text_only(timeline: Timeline) -> Timeline:
    """The timeline with every layer but text removed, on a transparent background: what is left is
    type (and the pills drawn behind it)."""
    data = timeline.model_dump(mode="json")
    data["background"] = "#00000000"
    for scene in data["scenes"]:
        scene["background"] = None
        scene["layers"] = [layer for layer in scene["layers"] if layer["type"] == "text"]
    return Timeline.model_validate(data)


def test_shorts_keep_text_inside_the_safe_area() -> None:
    data = copy.deepcopy(example("shorts_v1"))
    data["sections"].insert(4, {"id": "face-off", "type": "comparison", "start_time_sec": 14, "duration_sec": 3,
                                "content": {"left": {"title": "merge", "points": ["keeps history", "noisy"]},
                                            "right": {"title": "rebase", "points": ["linear", "rewrites"]},
                                            "verdict": "rebase locally, merge shared"}})
    data["sections"][-1]["start_time_sec"] = 17
    data["settings"]["duration_sec"] = 20
    data["sections"][1]["content"]["description"] = "A long caption that wraps onto a second line " * 2
    timeline = _text_only(compile_brief(_brief(small(data, width=540, height=960))))
    for t in (1.0, 2.5, 4.5, 6.0, 8.0, 12.5, 15.0, 16.5, 18.5, 19.9):
        alpha = frame(timeline, t)[..., 3]
        h, w = alpha.shape
        assert alpha.max() > 128, f"no text at {t}s"
        inked = alpha > 96
        assert not inked[: int(h * SAFE["top"])].any(), f"text in the top band at {t}s"
        assert not inked[int(h * (1 - SAFE["bottom"])):].any(), f"text in the bottom band at {t}s"
        assert not inked[:, int(w * (1 - SAFE["right"])):].any(), f"text in the action column at {t}s"
        assert not inked[:, : int(w * SAFE["left"]) - 2].any(), f"text at the left edge at {t}s"


def test_style_overrides_colours_gradient_and_font() -> None:
    data = small(example("explainer_v1"))
    data["style"] = {"theme": "light", "primary_color": "#00AA55", "accent_color": "#FF00AA",
                     "background_type": "gradient", "background_value": "90deg, #FFFFFF, #DDEEFF",
                     "font_family": "DejaVu Serif"}
    timeline = compile_brief(_brief(data))
    assert timeline.background.stops[0][1] == "#FFFFFF"  # type: ignore[union-attr]
    fonts = {layer.font.family for s in timeline.scenes for layer in s.layers if layer.type == "text"}
    assert "DejaVu Serif" in fonts
    pixels = frame(timeline, 7.5)  # the first topic, bullets in: accent dots
    assert near(pixels, "#FF00AA", 30).sum() > 20


def test_a_custom_dark_background_switches_light_themes_to_light_ink() -> None:
    theme = resolve_theme(_brief({**example("listicle_v1"), "style": {
        "theme": "light", "background_type": "solid", "background_value": "#101010"}}).style)
    assert theme.palette.text == "#FFFFFF"


def test_a_transition_section_is_a_stinger_and_sets_how_the_next_section_enters() -> None:
    data = {"id": "st", "format": "explainer_v1", "title": "Stingers", "style": {"theme": "light"},
            "settings": {"duration_sec": 7, "fps": 30, "resolution": {"width": 320, "height": 180}},
            "sections": [
                {"id": "intro", "type": "intro", "start_time_sec": 0, "duration_sec": 3,
                 "content": {"title": "Before"}},
                {"id": "swipe", "type": "transition", "start_time_sec": 3, "duration_sec": 0.8,
                 "content": {"style": "wipe"}},
                {"id": "topic", "type": "topic", "start_time_sec": 3.8, "duration_sec": 3.2,
                 "content": {"heading": "After", "voiceover_text": "Kept for the speech step."}}]}
    timeline = compile_brief(_brief(data))
    scenes = {s.id: s for s in timeline.scenes}
    assert scenes["swipe"].transition_in is None
    assert scenes["topic"].transition_in is not None and scenes["topic"].transition_in.type == "wipe"
    primary = resolve_theme(_brief(data).style).palette.primary
    assert share(frame(timeline, 3.78), primary, 6) > 0.9  # the panels cover the frame by the stinger's end
    ink = resolve_theme(_brief(data).style).palette.text
    assert share(frame(timeline, 2.0), ink, 30) > 0.002 > share(frame(timeline, 2.99), ink, 30)  # copy left first


@pytest.mark.parametrize("kind", ["image", "video"])
def test_picture_and_clip_backgrounds_sit_under_a_scrim_in_every_scene(kind: str) -> None:
    data = small(example("shorts_v1"))
    data["style"] = {"theme": "dark", "background_type": kind, "background_value": f"/srv/media/backdrop.{kind}"}
    timeline = compile_brief(_brief(data))
    for scene in timeline.scenes:
        media, scrim = scene.layers[:2]
        assert (media.type, media.src, scrim.id) == (kind, f"/srv/media/backdrop.{kind}", "bg-scrim")
        if kind == "video":
            assert media.loop and media.volume == 0.0  # a silent, looping backdrop


def test_kinetic_type_keeps_code_as_written_and_never_strands_punctuation() -> None:
    data = example("shorts_v1")
    data["sections"][0]["content"]["title"] = "Rock & roll - now *faster* than ever"
    timeline = compile_brief(_brief(small(data, width=540, height=960)))
    texts = [layer.text for scene in timeline.scenes for layer in scene.layers if layer.type == "text"]
    # Commands keep their case and stay one unit; prose is upper-cased word by word.
    assert {"git switch -", "git stash -p", "git bisect"} <= set(texts)
    assert not any(t.isupper() and t.lower().startswith("git ") for t in texts)
    assert "ROCK\u00a0&" in texts and "ROLL\u00a0-" in texts
    # No word layer is punctuation alone (a dangling "-" or "&" at a line's end or start).
    assert all(any(ch.isalnum() for ch in t) for t in texts if t.strip()), [t for t in texts if t.strip()
                                                                            and not any(c.isalnum() for c in t)]


def test_the_explainer_marks_the_before_side_neutrally_and_ticks_only_the_after_side() -> None:
    timeline = compile_brief(_brief(small(example("explainer_v1"))))
    scene = next(s for s in timeline.scenes if s.id == "before-after")
    marks = {layer.id: layer.shape for layer in scene.layers if layer.id.endswith("-mark")}
    assert marks and all(shape == "rect" for i, shape in marks.items() if i.startswith("l-"))   # dashes
    assert all(shape == "line" for i, shape in marks.items() if i.startswith("r-"))             # ticks
