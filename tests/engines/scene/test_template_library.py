"""The shipped template library: coverage of sizes, slots and defaults, bindings, previews, goldens."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import skia

from media_service.capabilities.render.ads.catalog import TemplateLibrary
from media_service.engines.scene import apply_bindings, default_font_library, prepare, render_image
from media_service.engines.scene.model import TextLayer
from media_service.engines.scene.text import TextSpec, layout_text
from media_service.errors import NotFoundError, ValidationError

from .helpers import check_golden, photo, render, to_array, write_png

LIBRARY = TemplateLibrary()
IDS = [t.id for t in LIBRARY.list()]


def test_the_library_covers_the_common_ad_sizes() -> None:
    sizes = {(t.width, t.height) for t in LIBRARY.list()}
    assert len(IDS) >= 8
    assert {(1080, 1080), (1080, 1920), (1200, 628), (1080, 1350), (300, 250), (728, 90)} <= sizes
    assert {"quote-card", "sale-badge"} <= set(IDS)


@pytest.mark.parametrize("template_id", IDS)
def test_each_template_renders_with_its_defaults(template_id: str) -> None:
    template = LIBRARY.get(template_id)
    assert template.name and template.description and template.slots
    for slot in template.slots:
        assert slot.label and (slot.kind == "image" or slot.default)
    scene = prepare(LIBRARY.document(template_id))
    surface = skia.Surface.MakeRasterN32Premul(scene.width, scene.height)
    scene.draw(surface.getCanvas(), 0.0)
    assert scene.warnings == []  # the defaults fit: no font fallback, no text cut
    px = to_array(surface.makeImageSnapshot())
    assert (px[..., 3] == 255).all()  # opaque: every template paints its whole canvas
    assert px[..., :3].reshape(-1, 3).std(axis=0).max() > 20  # and is not a flat colour


def test_summary_lists_slots_without_the_document() -> None:
    summary = LIBRARY.get("product-post").summary()
    assert summary["width"] == 1080 and "document" not in summary
    assert {s["name"] for s in summary["slots"]} >= {"headline", "photo", "cta"}  # type: ignore[union-attr]


def test_bindings_fill_a_template(tmp_path: Path) -> None:
    src = str(write_png(tmp_path / "shoe.png", photo(400, 600)))
    doc = LIBRARY.document("product-post")
    default = to_array(render_image(doc))
    bound = to_array(render_image(doc, bindings={"text": {"headline": "Linen shirts"}, "assets": {"photo": src}}))
    assert np.abs(default[400, 750].astype(int) - bound[400, 750].astype(int)).max() > 30  # the photo replaced it
    with pytest.raises(ValidationError) as info:
        apply_bindings(doc, {"text": {"headlin": "typo"}, "assets": {"hero": src}})
    assert {e["field"] for e in info.value.errors} == {"bindings.text.headlin", "bindings.assets.hero"}


def test_required_slots_cannot_be_emptied() -> None:
    template = LIBRARY.get("quote-card")
    with pytest.raises(ValidationError) as info:
        template.check_required({"quote": "  "}, {})
    assert info.value.errors[0]["field"] == "bindings.text.quote"
    template.check_required({"quote": "Fine"}, {})


def test_unknown_template_is_not_found() -> None:
    with pytest.raises(NotFoundError) as info:
        LIBRARY.get("nope")
    assert info.value.status == 404 and "product-post" in info.value.message


def test_templates_re_render_at_other_sizes() -> None:
    px = render(LIBRARY.document("story-promo"), size=(540, 540))
    assert px.shape == (540, 540, 4)


def test_previews_are_rendered_once_into_the_cache(tmp_path: Path) -> None:
    first = LIBRARY.preview("link-ad", tmp_path / "cache", max_side=300)
    stamp = first.stat().st_mtime_ns
    again = LIBRARY.preview("link-ad", tmp_path / "cache", max_side=300)
    assert again == first and again.stat().st_mtime_ns == stamp
    image = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(first.read_bytes()))
    assert (image.width(), image.height()) == (300, 157)


@pytest.mark.parametrize("template_id", IDS)
def test_golden_template_preview(template_id: str, tmp_path: Path) -> None:
    path = LIBRARY.preview(template_id, tmp_path, max_side=320)
    encoded = skia.Data.MakeWithCopy(path.read_bytes())
    check_golden(f"template-{template_id}", to_array(skia.Image.MakeFromEncoded(encoded)))


LONG_HEADLINE = "Fast, private cloud backups with one-click disaster recovery, now from just $4.99 a month"


def _warnings(template_id: str, **bindings: object) -> tuple[list[str], np.ndarray]:
    warnings: list[str] = []
    pixels = to_array(render_image(LIBRARY.document(template_id), bindings=bindings, warnings=warnings))
    return warnings, pixels


def test_the_banner_shrinks_long_copy_within_its_limits_and_reports_what_still_does_not_fit() -> None:
    # A long headline keeps its end (the price) by wrapping onto a second line at a smaller size; a long
    # brand name stays on one line. Neither is a warning: everything the advertiser wrote is shown.
    warnings, _ = _warnings("banner-728x90", text={"headline": LONG_HEADLINE, "brand": "Nimbus Cloud Storage"})
    assert warnings == []
    library_doc = apply_bindings(LIBRARY.document("banner-728x90"), {"text": {"headline": LONG_HEADLINE}})
    fonts = default_font_library()
    for layer_id, text in (("headline", LONG_HEADLINE), ("brand", "Nimbus Cloud Storage")):
        layer = next(la for la in library_doc.layers if la.id == layer_id)
        assert isinstance(layer, TextLayer)
        spec = TextSpec(text=text, choice=fonts.choose(layer.font.family), unicode=fonts.unicode,
                        weight=layer.font.weight, line_height=layer.line_height)
        fit = layer.auto_fit
        block = layout_text(spec, width=float(layer.width), height=float(layer.height), size=48.0, valign="middle",
                            fill=skia.Paint(), auto_fit=(fit.min, fit.max) if fit else None,
                            max_lines=layer.max_lines)
        assert not block.truncated and block.text.endswith(text[-6:]), (layer_id, block.text)
        if layer_id == "brand":
            assert block.lines == 1
    # Copy past what the template's limits allow is still cut, and the result says so.
    warnings, _ = _warnings("banner-728x90", text={"headline": LONG_HEADLINE * 3})
    assert len(warnings) == 1 and "'headline'" in warnings[0] and "does not fit" in warnings[0], warnings


def test_a_photo_upscaled_past_its_pixel_density_is_reported(tmp_path: Path) -> None:
    small = str(write_png(tmp_path / "small.png", photo(800, 600)))
    warnings, _ = _warnings("story-promo", assets={"photo": small})
    assert len(warnings) == 1 and "'photo'" in warnings[0] and "800×600" in warnings[0], warnings
    sharp = str(write_png(tmp_path / "sharp.png", photo(1200, 2000)))
    assert _warnings("story-promo", assets={"photo": sharp})[0] == []


@pytest.mark.parametrize("discount", ["50%", "100%", "5%"])
def test_the_sale_badge_discount_stays_clear_of_the_dashed_ring(discount: str) -> None:
    _, pixels = _warnings("sale-badge", text={"discount": discount})
    doc = LIBRARY.document("sale-badge")
    ring = next(la for la in doc.layers if la.id == "ring")
    cx, cy, radius = float(ring.x), float(ring.y), float(ring.width) / 2  # type: ignore[arg-type]
    white = (pixels[..., :3].min(axis=-1) > 235)
    ys, xs = np.nonzero(white)
    dist = np.hypot(xs - cx, ys - cy)
    # The ring's dashes are translucent white (not > 235); the digits and "%" are solid white: every solid
    # white pixel inside the ring lies well within it (10 px clear of the stroke's inner edge).
    inside = dist < radius + 20
    assert inside.sum() > 1000
    assert dist[inside].max() < radius - 2 - 10, dist[inside].max()


@pytest.mark.parametrize("template_id", IDS)
def test_long_copy_in_any_text_slot_shrinks_to_fit_or_is_reported(template_id: str) -> None:
    """No silent overflow: copy past a slot's room is shrunk within the template's limits (autoFit), and
    when even the smallest size will not hold it, the render's warnings name the layer."""
    template = LIBRARY.get(template_id)
    fonts = default_font_library()
    document = LIBRARY.document(template_id)
    for slot in (s for s in template.slots if s.kind == "text"):
        layer = next((la for la in document.layers if la.id == slot.name), None)
        if not isinstance(layer, TextLayer):
            continue
        assert layer.auto_fit is not None, f"{template_id}.{slot.name} cannot shrink"
        copy = "Our biggest and most comfortable collection yet, designed for long days and longer nights"
        warnings, _ = _warnings(template_id, text={slot.name: copy})
        text = copy.upper() if layer.transform == "uppercase" else copy
        spec = TextSpec(text=text, choice=fonts.choose(layer.font.family), unicode=fonts.unicode,
                        weight=layer.font.weight, line_height=layer.line_height, letter_spacing=layer.letter_spacing)
        w, h = float(layer.width), float(layer.height)  # type: ignore[arg-type]
        block = layout_text(spec, width=w, height=h, size=float(layer.font.size),  # type: ignore[arg-type]
                            valign=layer.valign, fill=skia.Paint(), auto_fit=(layer.auto_fit.min, layer.auto_fit.max),
                            max_lines=layer.max_lines)
        spilled = block.truncated or block.height > h * 1.1
        assert spilled == any(f"'{slot.name}'" in w for w in warnings), (template_id, slot.name, warnings)
