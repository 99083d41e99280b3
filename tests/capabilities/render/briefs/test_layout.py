"""Layout defects a viewer notices, checked as classes on every format: on the shipped examples and on
briefs written to stress the layouts (long titles, one and eight bullets, Arabic, Hebrew and Chinese copy).

For every frame where a section holds still (after its entrances, before its exit), drawn small as the
renderer draws it: the composition's visual centre lies in the middle third of the safe area; no blank
band covers more than 35 % of the rows for over a second; no two text boxes overlap; no glyph runs off
the canvas; numbers shown as labels follow one system ("01" or "02 / 05" or "#3", not two at once). Brand colours come out within ΔE 2 on a flat fill, in the frame and in the encoded video.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import av
import numpy as np
import pytest
import skia
from brief_api import example, rgb
from layout import delta_e, empty_share, off_canvas, overlaps, settled_times, text_boxes, visual_centre

from media_service.capabilities.render.briefs import FORMATS, ContentBrief, compile_brief
from media_service.capabilities.render.briefs.formats.shorts import SAFE
from media_service.engines.video import Timeline, TimelineDrawer, render_timeline

MAX_EMPTY = 0.35
_NUMBERING = re.compile(r"^[#(]?\d+[.)]?( ?/ ?\d+)?$")  # "01", "#3", "2.", "02 / 05": a number as a label
LONG = ("A deliberately long title that keeps going well past what fits on a single line of any frame "
        "so the layout has to wrap it, shrink it and still hold together")
AR = "كيف تتعلم الشبكات العصبية من الأمثلة"
HE = "איך רשתות נוירונים לומדות מדוגמאות"
ZH = "神经网络如何从例子中学习规律"


def _small(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    portrait = FORMATS[data["format"]].height > FORMATS[data["format"]].width
    data["settings"] = {**data["settings"], "fps": 24,
                        "resolution": {"width": 360, "height": 640} if portrait else {"width": 640, "height": 360}}
    return data


def _set(section: dict[str, Any], **changes: Any) -> None:
    content = section["content"]
    for key, value in changes.items():
        if key in content or key in ("bullets", "body", "heading", "title", "subtitle", "description"):
            content[key] = value


def _variant(format_id: str, kind: str) -> dict[str, Any]:
    """The format's example rewritten: `long` titles, `one`/`eight` bullets or points, `ar`/`he`/`zh` copy.
    Topics without bullets get them too, so every format's bullet layout is exercised."""
    data = example(format_id)
    for section in data["sections"]:
        content, kind_of = section["content"], section["type"]
        if kind == "long":
            for key in ("title", "heading"):
                if key in content:
                    content[key] = LONG
            for side in ("left", "right"):
                if side in content:
                    content[side]["title"] = "A long option name for this side"
        elif kind in ("one", "eight"):  # eight, or as many as the schema allows (6 bullets, 5 points)
            items = [f"Point number {i + 1} in a list" for i in range(1 if kind == "one" else 8)]
            if kind_of == "topic":
                content["bullets"] = items[:6]
            for side in ("left", "right"):
                if side in content:
                    content[side]["points"] = items[:5]
        else:
            copy_ = {"ar": AR, "he": HE, "zh": ZH}[kind]
            for key in ("title", "heading", "subtitle", "body", "description", "verdict", "cta"):
                if content.get(key):
                    content[key] = copy_
            for side in ("left", "right"):
                if side in content:
                    content[side]["title"] = copy_[:12]
                    content[side]["points"] = [copy_[:14], copy_[-12:]]
            if content.get("bullets"):
                content["bullets"] = [copy_, copy_[:10]]
    return data


def _safe_x(timeline: Timeline, format_id: str) -> tuple[float, float]:
    if format_id == "shorts_v1":
        return timeline.width * SAFE["left"], timeline.width * (1 - SAFE["right"])
    return 0.0, float(timeline.width)


def layout_problems(data: dict[str, Any]) -> list[str]:
    """Every layout defect found in the brief's settled frames, as readable lines."""
    timeline = compile_brief(ContentBrief.model_validate(_small(data)))
    w, h = timeline.width, timeline.height
    x0, x1 = _safe_x(timeline, data["format"])
    problems: list[str] = []
    empty_since: dict[str, float] = {}
    last: dict[str, tuple[float, np.ndarray]] = {}
    surface = skia.Surface.MakeRasterN32Premul(w, h)
    with TimelineDrawer(timeline) as drawer:
        for scene, t in settled_times(timeline):
            drawer.draw(surface.getCanvas(), t)
            pixels = np.asarray(surface.makeImageSnapshot().toarray(colorType=skia.ColorType.kRGBA_8888_ColorType))
            key = scene.id or ""
            last[key] = (t, pixels)
            if empty_share(pixels) > MAX_EMPTY:
                start = empty_since.setdefault(key, t)
                if t - start >= 1.0:
                    problems.append(f"{key} at {t}s: {empty_share(pixels):.0%} of the rows blank for over 1 s")
            else:
                empty_since.pop(key, None)
            boxes = list(text_boxes(timeline, scene, t - scene.start))
            systems = {re.sub(r"\d+", "N", b.text) for b in boxes if _NUMBERING.match(b.text)}
            if len(systems) > 1:
                problems.append(f"{key} at {t}s: two numbering systems at once: {sorted(systems)}")
            problems += [f"{key} at {t}s: {a} overlaps {b}" for a, b in overlaps(boxes)]
            problems += [f"{key} at {t}s: {b} runs off the canvas" for b in off_canvas(boxes, w, h)]
    for key, (t, pixels) in last.items():  # the composition once everything is in
        cx, _ = visual_centre(pixels)
        third = (x1 - x0) / 3
        if not x0 + third <= cx <= x1 - third:
            problems.append(f"{key} at {t}s: visual centre at x={cx / w:.2f} of the width, outside the safe "
                            f"area's middle third ({(x0 + third) / w:.2f}–{(x1 - third) / w:.2f})")
    return sorted(set(problems))


@pytest.mark.parametrize("format_id", list(FORMATS))
def test_the_examples_have_no_layout_defects(format_id: str) -> None:
    assert layout_problems(example(format_id)) == []


@pytest.mark.parametrize("kind", ["long", "one", "eight", "ar", "he", "zh"])
@pytest.mark.parametrize("format_id", list(FORMATS))
def test_stress_briefs_have_no_layout_defects(format_id: str, kind: str) -> None:
    assert layout_problems(_variant(format_id, kind)) == []


def test_the_checks_catch_the_defects_they_are_for() -> None:
    """A blank-heavy frame, an off-centre composition, overlapping and clipped text are all reported."""
    blank = np.zeros((100, 100, 4), np.uint8)
    blank[10:20, 10:40] = 255
    assert empty_share(blank) > 0.8
    assert visual_centre(blank)[0] < 40
    data = example("explainer_v1")
    data["format"] = "explainer_v1"
    timeline = compile_brief(ContentBrief.model_validate(_small(data)))
    scene = next(s for s in timeline.scenes if s.id == "weights")
    boxes = list(text_boxes(timeline, scene, 3.0))
    assert overlaps(boxes) == [] and off_canvas(boxes, timeline.width, timeline.height) == []
    moved = [b.__class__(b.id, b.text, (b.glyphs[0] - 600, *b.glyphs[1:]), b.pill) for b in boxes]
    assert off_canvas(moved, timeline.width, timeline.height)
    twin = [*boxes, boxes[0].__class__("twin", "x", boxes[0].glyphs, boxes[0].pill)]
    assert overlaps(twin)


@pytest.mark.parametrize("colour", ["#3776AB", "#00ADD8"])
def test_brand_colours_come_out_as_given_in_the_frame_and_the_video(colour: str, tmp_path: Any) -> None:
    data = _small(example("comparison_v1"))
    data["style"] = {**data["style"], "primary_color": colour}
    timeline = compile_brief(ContentBrief.model_validate(data))
    speed = next(s for s in timeline.scenes if s.id == "speed")
    # The frame: the primary half's flat fill, top-left, where nothing else is drawn.
    with TimelineDrawer(timeline) as drawer:
        surface = skia.Surface.MakeRasterN32Premul(timeline.width, timeline.height)
        drawer.draw(surface.getCanvas(), speed.start + 3.0)
        pixels = np.asarray(surface.makeImageSnapshot().toarray(colorType=skia.ColorType.kRGBA_8888_ColorType))
    drawn = pixels[8:20, 8:20, :3].reshape(-1, 3).mean(axis=0)
    assert delta_e(drawn, rgb(colour)) <= 2, drawn
    # The video: the same fill through the encoder (yuv420p, BT.709 limited range) and back.
    clip = Timeline.model_validate({"width": 160, "height": 96, "fps": 10, "duration": 0.3, "background": colour,
                                    "scenes": [{"id": "flat", "start": 0, "duration": 0.3, "layers": []}]})
    render_timeline(clip, tmp_path / "flat.mp4")
    with av.open(str(tmp_path / "flat.mp4")) as container:
        decoded = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert delta_e(decoded[40:56, 70:90].reshape(-1, 3).mean(axis=0), rgb(colour)) <= 2
