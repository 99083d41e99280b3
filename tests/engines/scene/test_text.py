"""Text layers: boxes, wrapping, alignment, auto-fit, max lines, effects, scripts, fonts and fallbacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import skia

from media_service.engines.scene import default_font_library, prepare, render_to_file
from media_service.engines.scene.text import TextSpec, layout_text

from .helpers import check_golden, doc, ink, psnr, render
from tests.mediagen import bbox

SCRIPTS = {
    "latin": "Quick brown fox",
    "cyrillic": "Съешь же ещё",
    "greek": "Γειά σου κόσμε",
    "cjk": "你好，世界。日本語",
    "devanagari": "नमस्ते दुनिया",
    "thai": "สวัสดีชาวโลก",
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
}


def text_layer(text: str, **extra: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "t", "type": "text", "text": text, "x": 20, "y": 20, "width": 160, "height": 60,
                               "font": {"size": 24}, "color": "#000000"}
    return {**base, **extra}


def spec(text: str, **extra: object) -> TextSpec:
    library = default_font_library()
    return TextSpec(text=text, choice=library.choose("Inter"), unicode=library.unicode, **extra)  # type: ignore[arg-type]


def measure(text: str, width: float, height: float, size: float = 24, **kwargs: object):  # noqa: ANN201
    return layout_text(spec(text), width=width, height=height, size=size, valign="top",
                       fill=skia.Paint(Color=skia.ColorBLACK), **kwargs)  # type: ignore[arg-type]


def test_text_ink_stays_inside_its_box() -> None:
    mask = ink(render(doc(200, 100, [text_layer("Hello world, this wraps")])))
    left, top, right, bottom = bbox(mask)  # type: ignore[misc]
    assert left >= 20 and top >= 20 and right < 180 and bottom < 80
    assert mask[20:80, 20:180].sum() > 200


def test_wrapping_adds_lines_within_the_width() -> None:
    one = measure("Short", 300, 500)
    many = measure("A much longer sentence that has to wrap over several lines", 150, 500)
    assert one.lines == 1 and many.lines >= 3
    assert many.height == pytest.approx(many.lines * 24 * 1.2, abs=many.lines * 0.5)
    assert many.width <= 150


def test_max_lines_cuts_with_an_ellipsis() -> None:
    block = measure("One two three four five six seven eight nine ten eleven twelve", 120, 500, max_lines=2)
    assert block.lines == 2 and block.truncated and block.text.endswith("\u2026")
    assert not block.text[:-1].endswith(" ")
    fits = measure("Short text", 200, 500, max_lines=2)
    assert not fits.truncated and fits.text == "Short text"


def test_auto_fit_picks_the_largest_size_that_fits() -> None:
    short = measure("Big", 200, 100, auto_fit=(10, 80))
    long = measure("A considerably longer headline that must shrink", 200, 100, auto_fit=(10, 80))
    assert short.size > 60 and 10 <= long.size < 30
    assert long.height <= 100 and short.height <= 100
    bigger_box = measure("A considerably longer headline that must shrink", 400, 200, auto_fit=(10, 80))
    assert bigger_box.size > long.size


def test_auto_fit_does_not_split_words() -> None:
    block = measure("Supercalifragilistic", 100, 200, auto_fit=(8, 60))
    assert block.lines == 1


@pytest.mark.parametrize(("align", "expected"), [("left", "left"), ("center", "center"), ("right", "right")])
def test_horizontal_alignment(align: str, expected: str) -> None:
    left, _, right, _ = bbox(ink(render(doc(300, 60, [text_layer("Hi", x=0, y=0, width=300, align=align)]))))
    centre = (left + right) / 2
    assert {"left": left < 10, "center": abs(centre - 150) < 6, "right": right > 290}[expected]


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_vertical_alignment(valign: str) -> None:
    _, top, _, bottom = bbox(ink(render(doc(100, 200, [text_layer("Hi", x=0, y=0, width=100, height=200,
                                                                  valign=valign)]))))
    centre = (top + bottom) / 2
    assert {"top": top < 15, "middle": abs(centre - 100) < 8, "bottom": bottom > 185}[valign]


@pytest.mark.parametrize("name", ["arabic", "hebrew"])
def test_right_to_left_text_starts_at_the_right(name: str) -> None:
    left, _, right, _ = bbox(ink(render(doc(400, 60, [text_layer(SCRIPTS[name], x=0, y=0, width=400)]))))
    assert right > 390 and left > 150
    forced = bbox(ink(render(doc(400, 60, [text_layer(SCRIPTS[name], x=0, y=0, width=400, align="left")]))))
    assert forced[0] < 10  # type: ignore[index]


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_script_has_glyphs_in_the_fallback_chain(name: str) -> None:
    library = default_font_library()
    families = library.choose("Inter").families
    manager = skia.FontMgr()
    faces = [manager.matchFamilyStyle(f, skia.FontStyle()) for f in families]
    for ch in SCRIPTS[name]:
        if ch.isspace() or ch in "，。":
            continue
        assert any(face is not None and face.unicharToGlyph(ord(ch)) != 0 for face in faces), (name, ch)
    mask = ink(render(doc(300, 60, [text_layer(SCRIPTS[name], x=0, y=0, width=300)])))
    assert mask.sum() > 150


def test_thai_wraps_without_spaces() -> None:
    block = measure("ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรคระหว่างคำ", 150, 500)
    assert block.lines >= 2 and block.width <= 150


def test_colour_emoji_renders_in_colour() -> None:
    if not default_font_library().is_installed("Noto Color Emoji"):
        pytest.skip("no colour emoji font installed")
    px = render(doc(80, 60, [text_layer("😀🎉", x=0, y=0, width=80, font={"size": 32})])).astype(int)
    saturation = px[..., :3].max(axis=2) - px[..., :3].min(axis=2)
    assert (saturation > 100).sum() > 50


def test_missing_font_falls_back_and_is_reported(tmp_path: Path) -> None:
    data = doc(200, 60, [text_layer("Fallback", font={"family": "Definitely Not Installed", "size": 24})])
    info = render_to_file(data, tmp_path / "out.png")
    assert info.warnings == ["font family 'Definitely Not Installed' is not installed; using 'Inter'"]
    inter = render(doc(200, 60, [text_layer("Fallback", font={"family": "Inter", "size": 24})]))
    assert psnr(render(data), inter) == float("inf")


def test_custom_font_from_the_fonts_list(tmp_path: Path) -> None:
    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
    if not font_file.exists():
        pytest.skip("DejaVu Serif not installed")
    custom = shutil.copy(font_file, tmp_path / "brand.ttf")
    layer = text_layer("Hamburgefonstiv", font={"family": "Brand Serif", "weight": 700, "size": 24})
    data = doc(200, 100, [layer], fonts=[{"family": "Brand Serif", "src": str(custom)}])
    scene = prepare(data)
    assert scene.warnings == []
    branded = render(data)
    same = render(doc(200, 100, [text_layer("Hamburgefonstiv", font={"family": "DejaVu Serif", "weight": 700,
                                                                      "size": 24})]))
    inter = render(doc(200, 100, [text_layer("Hamburgefonstiv", font={"size": 24, "weight": 700})]))
    assert psnr(branded, same) > 40 and psnr(branded, inter) < 25
    mixed = render(doc(200, 100, [text_layer("Brand 你好", font={"family": "Brand Serif", "size": 24})],
                       fonts=[{"family": "Brand Serif", "src": str(custom)}]))
    assert ink(mixed)[20:80, 120:180].sum() > 50  # CJK still falls back with a custom family


def test_unreadable_custom_font_is_a_field_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    from media_service.errors import ValidationError
    with pytest.raises(ValidationError) as info:
        prepare(doc(10, 10, [], fonts=[{"family": "X", "src": str(bad)}, {"family": "Y", "src": "/nope.ttf"}]))
    fields = [e["field"] for e in info.value.errors]
    assert "fonts.1.src" in fields and "fonts" in fields


def test_stroke_and_background_pill() -> None:
    plain = render(doc(200, 80, [text_layer("Outline", color="#FFFFFF")]))
    stroked = render(doc(200, 80, [text_layer("Outline", color="#FFFFFF", stroke={"color": "#FF0000", "width": 3})]))
    red = (stroked[..., 0] > 200) & (stroked[..., 1] < 60)
    assert red.sum() > 100 and ((plain[..., 0] > 200) & (plain[..., 1] < 60)).sum() == 0
    pill = render(doc(200, 80, [text_layer("Pill", background={"color": "#0000FF", "padding": [6, 12], "radius": 10})]))
    blue = (pill[..., 2] > 200) & (pill[..., 0] < 40)
    left, top, right, bottom = bbox(blue)  # type: ignore[misc]
    text_left, text_top, text_right, _ = bbox(pill[..., :3].astype(int).sum(axis=2) < 150)  # type: ignore[misc]
    assert left >= 8 and left < text_left and right > text_right and top < text_top


def test_transform_and_letter_spacing() -> None:
    upper = render(doc(200, 60, [text_layer("hello", transform="uppercase")]))
    assert psnr(upper, render(doc(200, 60, [text_layer("HELLO")]))) == float("inf")
    narrow = bbox(ink(render(doc(300, 60, [text_layer("spacing", width=300)]))))
    wide = bbox(ink(render(doc(300, 60, [text_layer("spacing", width=300, letterSpacing=6)]))))
    assert wide[2] - narrow[2] > 30  # type: ignore[index]


def test_placeholder_text_renders_bound_values() -> None:
    bound = render(doc(200, 60, [text_layer("Hi {{name}}")]), bindings={"text": {"name": "Ana"}})
    assert psnr(bound, render(doc(200, 60, [text_layer("Hi Ana")]))) == float("inf")


def test_golden_text_layout() -> None:
    words = "Layout wraps long lines inside the box"
    cell = {"type": "text", "text": words, "width": 96, "height": 88, "font": {"size": 15, "weight": 500},
            "color": "#111827", "lineHeight": 1.3}
    guides = [{"id": f"box{i}", "type": "shape", "x": x, "y": y, "width": 96, "height": 88,
               "stroke": {"color": "#CBD5E1", "width": 1}} for i, (x, y) in
              enumerate([(8, 8), (112, 8), (216, 8), (8, 104), (112, 104), (216, 104)])]
    check_golden("text_layout", render(doc(320, 200, guides + [
        {**cell, "id": "left", "x": 8, "y": 8, "align": "left"},
        {**cell, "id": "center", "x": 112, "y": 8, "align": "center"},
        {**cell, "id": "right", "x": 216, "y": 8, "align": "right"},
        {**cell, "id": "justify", "x": 8, "y": 104, "align": "justify", "text": "Justified text fills every line"},
        {**cell, "id": "middle", "x": 112, "y": 104, "valign": "middle", "text": "Middle", "align": "center"},
        {**cell, "id": "bottom", "x": 216, "y": 104, "valign": "bottom", "text": "Bottom right", "align": "right"},
    ], bg="#FFFFFF")))


def test_golden_text_effects() -> None:
    check_golden("text_effects", render(doc(320, 200, [
        {"id": "fit_short", "type": "text", "text": "FIT", "x": 8, "y": 8, "width": 96, "height": 60,
         "font": {"weight": 900}, "autoFit": {"min": 8, "max": 80}, "color": "#1D4ED8", "align": "center",
         "valign": "middle"},
        {"id": "fit_long", "type": "text", "text": "This longer line shrinks to fit", "x": 112, "y": 8, "width": 96,
         "height": 60, "font": {"weight": 700}, "autoFit": {"min": 8, "max": 80}, "color": "#1D4ED8"},
        {"id": "ellipsis", "type": "text", "text": "Max lines cuts this text with an ellipsis at the end of line two",
         "x": 216, "y": 8, "width": 96, "height": 60, "font": {"size": 14}, "maxLines": 2, "color": "#111827"},
        {"id": "outline", "type": "text", "text": "Outline", "x": 8, "y": 84, "width": 150, "height": 50,
         "font": {"size": 34, "weight": 900}, "color": "#FACC15", "stroke": {"color": "#111827", "width": 3}},
        {"id": "pill", "type": "text", "text": "Pill label", "x": 186, "y": 92, "width": 120, "height": 36,
         "font": {"size": 18, "weight": 700}, "color": "#FFFFFF", "valign": "middle", "align": "center",
         "background": {"color": "#DB2777", "padding": [8, 14], "radius": 18}},
        {"id": "caps", "type": "text", "text": "spaced caps", "x": 8, "y": 148, "width": 200, "height": 30,
         "font": {"size": 16, "weight": 600}, "transform": "uppercase", "letterSpacing": 4, "color": "#065F46"},
        {"id": "serif", "type": "text", "text": "Serif italic", "x": 196, "y": 146, "width": 124, "height": 40,
         "font": {"family": "Noto Serif", "style": "italic", "size": 20}, "color": "#7C2D12"},
    ], bg="#F8FAFC")))


def test_golden_scripts() -> None:
    layers = []
    for i, name in enumerate(["latin", "cyrillic", "greek", "cjk", "devanagari", "thai", "arabic", "hebrew"]):
        x, y = (8 if i % 2 == 0 else 164), 8 + (i // 2) * 40
        layers.append({"id": name, "type": "text", "text": SCRIPTS[name], "x": x, "y": y, "width": 148,
                       "height": 36, "font": {"size": 18, "weight": 500}, "color": "#111827", "valign": "middle"})
    layers.append({"id": "emoji", "type": "text", "text": "Emoji 😀🎉🚀 mixed עם עברית", "x": 8, "y": 166,
                   "width": 304, "height": 30, "font": {"size": 18}, "color": "#111827", "align": "center"})
    check_golden("scripts", render(doc(320, 200, layers, bg="#FFFFFF")))


def test_text_box_in_percent_of_a_group() -> None:
    mask = ink(render(doc(200, 200, [{"id": "g", "type": "group", "x": 100, "y": 100, "width": 100, "height": 100,
                                      "children": [text_layer("Hi", x="10%", y="10%", width="80%", height="80%")]}])))
    left, top, _, _ = bbox(mask)  # type: ignore[misc]
    assert left >= 110 and top >= 110 and not mask[:100].any()
    assert np.count_nonzero(mask) > 20


@pytest.mark.parametrize(("align", "rtl_text"), [("left", False), ("center", False), ("right", False),
                                                 ("start", True)])
def test_background_pill_follows_each_line(align: str, rtl_text: bool) -> None:
    # A long first line and a short second one: the pill hugs each line, so beside the short line (on its
    # open side) there is backdrop, not pill; the long line's row is pill across.
    words = "שלום עולם רחב מאוד מאוד ארוך כאן זה" if rtl_text else "A much longer first line here ok"
    short = "שלום" if rtl_text else "Hi"
    layer = text_layer(f"{words}\n{short}", x=10, y=10, width=380, height=120, align=align, lineHeight=1.3,
                       background={"color": "#0000FF", "padding": [4, 10], "radius": 6}, font={"size": 28})
    pixels = render(doc(400, 140, [layer]))
    blue = (pixels[..., 2] > 200) & (pixels[..., 0] < 60)
    rows = blue.sum(axis=1)
    first = int(np.argmax(rows))
    second = max(range(first + 40, 140), key=lambda y: rows[y])  # the short line's row
    assert rows[second] > 10 and rows[second] < rows[first] * 0.5, (rows[first], rows[second])
    cols_first = np.nonzero(blue[first])[0]
    cols_second = np.nonzero(blue[second])[0]
    side = "right" if rtl_text else align
    if side == "center":
        assert abs((cols_second.min() + cols_second.max()) / 2 - (cols_first.min() + cols_first.max()) / 2) < 6
    elif side == "left":  # the short line's pill starts at the same edge as the long one's
        assert abs(cols_second.min() - cols_first.min()) < 6
    else:
        assert abs(cols_second.max() - cols_first.max()) < 6
