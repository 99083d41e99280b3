"""Word-timed captions of a timeline: pages, the highlighted word in any script (right-to-left included),
the safe area, redrawing only what changed, captions.text aligned to a voiceover, and the 400s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import skia

from media_service.engines.speech import synthesize
from media_service.engines.video import TimelineCaptions, TimelineDrawer, caption_pages, load_timeline
from media_service.errors import ValidationError
from tests.mediagen import write_wav

HIGHLIGHT = (34, 255, 102)
SCRIPTS = {
    "latin": ["Captions", "in", "any", "script"],
    "cjk": ["你好", "世界", "今天", "学习"],
    "devanagari": ["नमस्ते", "दुनिया", "आज", "हम"],
    "arabic": ["مرحبا", "بالعالم", "اليوم", "نتعلم"],
}


def _words(texts: list[str], *, step: float = 0.4, start: float = 0.1) -> list[dict[str, Any]]:
    return [{"text": text, "start": start + i * step, "end": start + i * step + step * 0.8}
            for i, text in enumerate(texts)]


def _timeline(captions: dict[str, Any], *, size: tuple[int, int] = (360, 640), duration: float = 2.0,
              **extra: Any) -> Any:
    return load_timeline({"width": size[0], "height": size[1], "fps": 25, "duration": duration,
                          "background": "#1E2A5A", "scenes": [
                              {"start": 0, "duration": duration / 2, "layers": [
                                  {"id": "pulse", "type": "shape", "shape": "rect", "x": 0, "y": 0, "width": size[0],
                                   "height": size[1], "fill": "#3050A0",
                                   "opacity": {"keyframes": [{"t": 0, "value": 0.2}, {"t": 1, "value": 0.8}]}}]},
                              {"start": duration / 2, "duration": duration / 2, "background": "#5A1E3A",
                               "transitionIn": {"type": "slide-up", "duration": 0.3}}],
                          "captions": captions, **extra})


def _frame(drawer: TimelineDrawer, t: float) -> np.ndarray:
    surface = skia.Surface(drawer.width, drawer.height)
    drawer.draw(surface.getCanvas(), t)
    return np.asarray(surface.makeImageSnapshot().toarray(colorType=skia.ColorType.kRGBA_8888_ColorType))[..., :3]


def _lit(frame: np.ndarray) -> np.ndarray:
    return np.abs(frame.astype(int) - np.array(HIGHLIGHT)).max(axis=-1) <= 40


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_the_spoken_word_is_highlighted_inside_the_safe_area_in_any_script(script: str) -> None:
    words = _words(SCRIPTS[script])
    drawer = TimelineDrawer(_timeline({"words": words, "highlightColor": "#22FF66",
                                       "area": {"left": 0.1, "right": 0.1, "top": 0.1, "bottom": 0.2}}))
    centres = []
    for word in words[:2]:
        frame = _frame(drawer, (word["start"] + word["end"]) / 2)
        Path("/tmp/captions-engine").mkdir(exist_ok=True)
        skia.Image.fromarray(np.ascontiguousarray(np.dstack([frame, np.full(frame.shape[:2], 255, np.uint8)])),
                             colorType=skia.ColorType.kRGBA_8888_ColorType).save(
            f"/tmp/captions-engine/{script}-{word['text']}.png", skia.kPNG)
        rows, cols = np.nonzero(_lit(frame))
        assert len(cols) >= 30, script
        assert cols.min() >= 36 and cols.max() < 324 and rows.max() < 640 * 0.8  # inside the safe area
        assert rows.min() > 640 * 0.6  # at the bottom of it
        centres.append(cols.mean())
    # The second word comes after the first in reading order: to its right, or to its left in Arabic.
    assert (centres[1] < centres[0]) if script == "arabic" else (centres[1] > centres[0]), centres
    assert not _lit(_frame(drawer, words[-1]["end"] + 0.7)).any()  # gone after its last word


def test_words_are_paged_by_count_sentence_and_pause() -> None:
    words = _words(["One", "two", "three.", "Four", "five", "six", "seven", "eight"], step=0.3)
    words[-1].update(start=5.0, end=5.3)  # after a long pause
    captions = TimelineCaptions.model_validate({"words": words, "maxWordsPerLine": 4})
    pages = caption_pages(captions, (1080, 1920))
    assert [[w.text for w in p.words] for p in pages] == [["One", "two", "three."], ["Four", "five", "six", "seven"],
                                                          ["eight"]]
    assert all(a.end <= b.start for a, b in zip(pages, pages[1:]))
    assert pages[1].end == pytest.approx(words[6]["end"] + 0.6)  # held after its last word, not up to the next
    single = caption_pages(captions.model_copy(update={"style": "word"}), (1080, 1920))
    assert len(single) == len(words)
    lines = caption_pages(captions.model_copy(update={"style": "line", "max_words_per_line": 2}), (1080, 1920))
    assert [len(p.lines) for p in lines] == [2, 2, 1]  # two lines of two words a page


def test_drawing_only_what_changed_gives_the_frames_a_full_redraw_gives() -> None:
    timeline = _timeline({"words": _words("a caption line that changes pages while scenes move".split(), step=0.2),
                          "maxWordsPerLine": 3})
    incremental, full = TimelineDrawer(timeline), TimelineDrawer(timeline)
    surface = skia.Surface(timeline.width, timeline.height)
    for index in range(50):
        t = index / 25
        incremental.draw_frame(surface.getCanvas(), t)
        got = np.asarray(surface.makeImageSnapshot().toarray(colorType=skia.ColorType.kRGBA_8888_ColorType))[..., :3]
        assert np.array_equal(got, _frame(full, t)), t


def test_captions_text_is_aligned_to_the_voiceover(tmp_path: Path) -> None:
    text = "Hola a todos, esto es una prueba de subtítulos."
    speech = synthesize(text, "espeak-es")
    wav = write_wav(tmp_path / "vo.wav", speech.samples[np.newaxis, :], speech.sample_rate)
    timeline = _timeline({"text": text}, duration=round(speech.duration + 0.5, 1),
                         audio={"voiceover": str(wav)})
    drawer = TimelineDrawer(timeline)
    assert drawer.captions is not None
    words = [w for page in drawer.captions.pages for w in page.words]
    assert [w.text for w in words] == [w.text for w in speech.words]
    for got, engine in zip(words, speech.words):  # the estimate lands near the engine's own word times
        assert abs((got.start + got.end) / 2 - (engine.start + engine.end) / 2) < 0.35, (got, engine)


def test_captions_without_words_are_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        _timeline({"style": "karaoke"}, audio={"voiceover": "/srv/vo.wav"})
    assert caught.value.errors[0]["field"] == "captions"
    assert "transcription" in caught.value.errors[0]["message"]
    with pytest.raises(ValidationError) as caught:
        _timeline({"style": "karaoke"})
    assert "nothing to caption" in caught.value.errors[0]["message"]
    with pytest.raises(ValidationError) as caught:
        _timeline({"words": [{"text": "x", "start": 1.0, "end": 0.5}], "style": "scroll", "color": "nope"})
    assert {e["field"] for e in caught.value.errors} == {"captions.words.0", "captions.style", "captions.color"}
    assert _timeline({"enabled": False}).captions is not None  # switched off: nothing needed
