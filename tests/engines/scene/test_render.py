"""Rendering entry points: formats and quality, size re-layout, prepared scenes, caching, animation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import skia

from media_service.engines.scene import (
    encode_image,
    load_document,
    prepare,
    render_image,
    render_to_file,
    spring_progress,
    with_size,
)
from media_service.engines.scene.animate import ease
from media_service.engines.scene.values import Spring
from media_service.errors import ValidationError

from .helpers import doc, draw, frame, ink, photo, psnr, render, to_array, write_png
from tests.mediagen import bbox

AD = doc(200, 100, [
    {"id": "bar", "type": "shape", "x": 20, "y": 10, "width": 160, "height": 20, "fill": "#1D4ED8"},
    {"id": "dot", "type": "shape", "shape": "ellipse", "x": 100, "y": 60, "width": 40, "height": 40,
     "anchor": "center", "fill": "#DC2626", "keepAspect": True},
    {"id": "title", "type": "text", "text": "Sale", "x": 10, "y": 40, "width": 60, "height": 40,
     "font": {"size": 20, "weight": 800}},
], bg="#FFFFFF")


@pytest.mark.parametrize(("fmt", "mime", "magic"), [
    ("png", "image/png", b"\x89PNG"), ("jpg", "image/jpeg", b"\xff\xd8"), ("webp", "image/webp", b"RIFF")])
def test_formats_write_decodable_files(tmp_path: Path, fmt: str, mime: str, magic: bytes) -> None:
    out = tmp_path / f"ad.{fmt}"
    info = render_to_file(AD, out, format=fmt, quality=80)  # type: ignore[arg-type]
    data = out.read_bytes()
    assert (info.width, info.height, info.mime, info.format, info.bytes) == (200, 100, mime, fmt, len(data))
    assert data.startswith(magic)
    decoded = to_array(skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(data)))
    assert decoded.shape == (100, 200, 4)
    assert np.abs(decoded[20, 100, :3].astype(int) - [0x1D, 0x4E, 0xD8]).max() < 20


def test_quality_changes_lossy_size(tmp_path: Path) -> None:
    busy = write_png(tmp_path / "p.png", photo(300, 200))
    data = doc(300, 200, [{"id": "p", "type": "image", "src": str(busy)}])
    image = render_image(data)
    assert len(encode_image(image, "jpg", 10)) < len(encode_image(image, "jpg", 95))
    assert len(encode_image(image, "webp", 10)) < len(encode_image(image, "webp", 95))
    with pytest.raises(ValidationError):
        encode_image(image, "jpg", 0)
    with pytest.raises(ValidationError):
        encode_image(image, "gif")  # type: ignore[arg-type]


def test_jpeg_flattens_transparency_onto_white() -> None:
    image = render_image(doc(20, 20, [], bg=None))
    decoded = to_array(skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(encode_image(image, "jpg", 90))))
    assert decoded[10, 10, :3].min() > 245


def test_size_relays_out_proportionally() -> None:
    big = render(AD, size=(400, 200))
    bar = bbox((big[..., 2] > 180) & (big[..., 0] < 80))
    assert bar == (40, 20, 359, 59)
    dot = bbox((big[..., 0] > 180) & (big[..., 1] < 80))
    assert dot is not None and abs((dot[2] - dot[0]) - 79) <= 2  # twice the size, still round
    wide = render(AD, size=(400, 100))
    dot = bbox((wide[..., 0] > 180) & (wide[..., 1] < 80))
    assert dot is not None and abs((dot[2] - dot[0]) - (dot[3] - dot[1])) <= 1  # keepAspect: a circle, not an oval
    with pytest.raises(ValidationError):
        render_image(AD, size=(0, 10))


def test_with_size_scales_fonts_by_the_smaller_ratio() -> None:
    scaled = with_size(load_document(AD), 400, 150)
    title = scaled.layers[2]
    assert (title.x, title.y, title.width, title.height, title.font.size) == (20, 60, 120, 60, 30)


def test_layer_info_and_static_flags() -> None:
    data = doc(50, 50, [
        {"id": "bg", "type": "shape", "fill": "#000"},
        {"id": "mover", "type": "shape", "x": {"keyframes": [{"t": 0, "value": 0}, {"t": 1, "value": 40}]},
         "width": 10, "height": 10, "fill": "#F00"},
        {"id": "late", "type": "shape", "width": 10, "height": 10, "fill": "#0F0", "start": 0.5, "end": 1.5},
    ])
    scene = prepare(data)
    assert [(i.id, i.is_static, i.start, i.end) for i in scene.layers] == [
        ("bg", True, 0.0, None), ("mover", False, 0.0, None), ("late", True, 0.5, 1.5)]
    assert not scene.is_static and scene.duration == 1.5
    assert prepare(doc(10, 10, [{"id": "a", "type": "shape"}])).is_static


def test_keyframes_move_layers_over_time_and_start_end_window() -> None:
    data = doc(100, 20, [
        {"id": "mover", "type": "shape", "y": 0, "width": 10, "height": 10, "fill": "#FF0000",
         "x": {"keyframes": [{"t": 0, "value": 0}, {"t": 1, "value": "90%"}]}},
        {"id": "late", "type": "shape", "y": 10, "width": 10, "height": 10, "fill": "#00FF00", "start": 0.5, "end": 1},
    ])
    scene = prepare(data)
    starts = [bbox(draw(scene, t)[..., 1] < 100)[0] for t in (0, 0.5, 1, 2)]  # type: ignore[index]
    assert starts == [0, 45, 90, 90]
    assert not (draw(scene, 0.25)[10:, :, 0] < 100).any()
    assert (draw(scene, 0.75)[15, 5, :3] == [0, 255, 0]).all()
    assert not (draw(scene, 1.0)[10:, :, 0] < 100).any()


def test_easings_and_spring() -> None:
    assert ease("linear", 0.5) == 0.5 and ease("easeInQuad", 0.5) == 0.25 and ease("easeOutCubic", 0.5) == 0.875
    for name in ("easeInOutBack", "easeOutExpo", "easeInCirc", "easeInOutQuart", "hold"):
        assert ease(name, 0.0) == pytest.approx(0.0, abs=1e-3) and ease(name, 1.0) == pytest.approx(1.0, abs=1e-3)
    bouncy = [spring_progress(u / 20, Spring(damping=8)) for u in range(21)]
    assert bouncy[0] == 0 and bouncy[-1] == 1 and max(bouncy) > 1.05  # overshoots, then settles
    stiff = [spring_progress(u / 20, Spring(damping=40)) for u in range(21)]
    assert max(stiff) <= 1.0 + 1e-3 and all(b >= a - 1e-9 for a, b in zip(stiff, stiff[1:]))


def test_animated_colour_opacity_and_text_size() -> None:
    data = doc(100, 60, [
        {"id": "c", "type": "shape", "width": 20, "height": 20, "fill": {"keyframes": [
            {"t": 0, "value": "#000000"}, {"t": 1, "value": "#FFFFFF"}]}},
        {"id": "o", "type": "shape", "x": 30, "width": 20, "height": 20, "fill": "#000000",
         "opacity": {"keyframes": [{"t": 0, "value": 0}, {"t": 1, "value": 1, "easing": "easeInQuad"}]}},
        {"id": "t", "type": "text", "text": "Hi", "x": 0, "y": 25, "width": 100, "height": 35,
         "font": {"size": {"keyframes": [{"t": 0, "value": 10}, {"t": 1, "value": 30}]}}},
    ])
    scene = prepare(data)
    half = draw(scene, 0.5)
    assert abs(int(half[10, 10, 0]) - 128) <= 2
    assert abs(int(half[10, 40, 0]) - 191) <= 2  # easeInQuad: 25 % opaque
    small, large = (bbox(ink(draw(scene, t))[25:]) for t in (0, 1))
    assert (large[2] - large[0]) > 2.5 * (small[2] - small[0])  # type: ignore[index]


def test_static_cache_draws_the_same_frames() -> None:
    data = doc(120, 80, [
        {"id": "bg", "type": "shape", "fill": {"type": "linear", "from": [0, 0], "to": [1, 1],
                                               "stops": [[0, "#111"], [1, "#559"]]}},
        {"id": "title", "type": "text", "text": "Static", "x": 10, "y": 10, "width": 100, "height": 30,
         "color": "#FFF", "font": {"size": 20}},
        {"id": "mover", "type": "shape", "y": 50, "width": 20, "height": 20, "fill": "#F80",
         "x": {"keyframes": [{"t": 0, "value": 0}, {"t": 1, "value": 100, "easing": "spring"}]}},
        {"id": "top", "type": "shape", "x": 50, "y": 40, "width": 10, "height": 40, "fill": "#0F0", "opacity": 0.5},
    ], bg="#000000")
    plain, cached = prepare(data), prepare(data, cache_static=True)
    for t in (0.0, 0.3, 0.7, 1.0):
        # Cached pictures round translucent pixels a step differently, and a moving layer drawn from its
        # sprite at a fractional position anti-aliases its edges a little differently.
        a, b = draw(plain, t).astype(int), draw(cached, t).astype(int)
        assert np.abs(a - b).max() <= 8 and psnr(a, b) > 50


def test_draw_replaces_what_was_on_a_reused_canvas() -> None:
    scene = prepare(doc(10, 10, [], bg=None))
    surface = skia.Surface.MakeRasterN32Premul(10, 10)
    surface.getCanvas().clear(skia.ColorRED)
    scene.draw(surface.getCanvas(), 0)
    assert (to_array(surface.makeImageSnapshot())[..., 3] == 0).all()


def test_video_layers_need_a_frame_source_and_use_it(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"stand-in")
    data = doc(40, 40, [{"id": "v", "type": "video", "src": str(clip), "fit": "fill", "trimStart": 1.0}])
    with pytest.raises(ValidationError) as info:
        prepare(data)
    assert info.value.errors[0]["field"] == "layers.0.type"

    asked: list[float] = []

    class Frames:
        duration = 10.0

        def frame_at(self, t: float) -> skia.Image:
            asked.append(t)
            surface = skia.Surface.MakeRasterN32Premul(8, 8)
            surface.getCanvas().clear(skia.ColorBLUE)
            return surface.makeImageSnapshot()

    scene = prepare(data, open_video=lambda layer, path: Frames())
    assert not scene.is_static
    px = draw(scene, 0.5)
    assert asked == [1.5] and (px[20, 20, :3] == [0, 0, 255]).all()
    assert (frame(data, 0.0, open_video=lambda layer, path: Frames())[5, 5, :3] == [0, 0, 255]).all()


def test_png_writer_round_trips_exactly() -> None:
    from media_service.engines.scene import encode_png
    rng = np.random.default_rng(3)
    opaque = rng.integers(0, 256, (37, 53, 4), dtype=np.uint8)
    opaque[..., 3] = 255
    holes = opaque.copy()
    holes[rng.random((37, 53)) < 0.3] = 0  # fully transparent pixels: exact through premultiplication
    for pixels, color_type in ((opaque, 2), (holes, 6)):
        image = skia.Image.fromarray(pixels, colorType=skia.kRGBA_8888_ColorType,
                                     alphaType=skia.kUnpremul_AlphaType)
        data = encode_png(image)
        assert data[25] == color_type  # IHDR colour type: 2 = RGB, 6 = RGBA
        decoded = to_array(skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(data)))
        assert np.array_equal(decoded, pixels)


def test_shadow_paths_agree() -> None:
    """The silhouette shadow (text, shapes) and the offscreen shadow (groups) look the same."""
    shadow = {"color": "rgba(0,0,0,0.6)", "blur": 10, "dx": 4, "dy": 6}
    text = {"id": "t", "type": "text", "text": "Shadow", "x": 10, "y": 10, "width": 180, "height": 60,
            "font": {"size": 40, "weight": 800}, "color": "#FF0000"}
    direct = render(doc(200, 80, [{**text, "shadow": shadow}]))
    grouped = render(doc(200, 80, [{"id": "g", "type": "group", "shadow": shadow, "children": [text]}]))
    plain = render(doc(200, 80, [text]))
    assert psnr(direct, grouped) > 30
    assert psnr(direct, plain) < 30  # and there is a shadow
    dark = (direct[..., :3].astype(int).sum(axis=2) < 600) & (plain[..., :3].astype(int).sum(axis=2) > 700)
    assert dark.sum() > 100


def test_video_mode_sprites_match_direct_drawing() -> None:
    """Fading, sliding, zooming layers with shadows, drawn from sprites, look like direct drawing."""
    data = doc(240, 120, [
        {"id": "bg", "type": "shape", "fill": "#0F172A"},
        {"id": "title", "type": "text", "text": "Sprite", "y": 10, "width": 200, "height": 50,
         "font": {"size": 36, "weight": 800}, "color": "#FFFFFF", "shadow": {"color": "#000", "blur": 8, "dy": 4},
         "x": {"keyframes": [{"t": 0, "value": 0}, {"t": 1, "value": 30}]},
         "opacity": {"keyframes": [{"t": 0, "value": 0.2}, {"t": 1, "value": 1}]}},
        {"id": "zoom", "type": "shape", "shape": "ellipse", "x": 180, "y": 90, "width": 40, "height": 40,
         "anchor": "center", "fill": "#F59E0B", "scale": {"keyframes": [{"t": 0, "value": 0.5}, {"t": 1, "value": 2}]}},
    ])
    plain, video = prepare(data), prepare(data, cache_static=True)
    for t in (0.0, 0.5, 1.0):
        assert psnr(draw(plain, t), draw(video, t)) > 40
    assert video.layers[1].is_static is False
