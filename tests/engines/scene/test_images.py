"""Image layers: fit modes with focus, EXIF orientation, alpha, radius and ellipse masks, bad assets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from media_service.engines.scene import prepare
from media_service.engines.scene.images import load_image
from media_service.errors import ValidationError

from .helpers import check_golden, doc, jpeg_with_orientation, photo, quadrants, render, to_array, write_png

RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)


@pytest.fixture
def wide(tmp_path: Path) -> str:
    """A 200×100 picture in four quadrants: red, green / blue, yellow."""
    return str(write_png(tmp_path / "wide.png", quadrants(200, 100)))


def layer(src: str, fit: str, **extra: object) -> dict[str, object]:
    return {"id": "img", "type": "image", "src": src, "fit": fit, "x": 0, "y": 0, "width": 100, "height": 100, **extra}


def close(pixel: np.ndarray, color: tuple[int, int, int], tol: int = 12) -> bool:
    return bool(np.abs(pixel[:3].astype(int) - np.array(color)).max() <= tol)


def test_contain_leaves_bars(wide: str) -> None:
    px = render(doc(100, 100, [layer(wide, "contain")], bg="#000000"))
    assert close(px[10, 50], (0, 0, 0)) and close(px[90, 50], (0, 0, 0))  # bars above and below
    assert close(px[30, 10], RED) and close(px[30, 90], GREEN) and close(px[70, 10], BLUE) and close(px[70, 90], YELLOW)


def test_cover_fills_and_crops_around_the_focus(wide: str) -> None:
    centre = render(doc(100, 100, [layer(wide, "cover")], bg="#000000"))
    assert close(centre[2, 2], RED) and close(centre[2, 97], GREEN) and close(centre[97, 97], YELLOW)
    left = render(doc(100, 100, [layer(wide, "cover", focus=[0, 0.5])], bg="#000000"))
    assert close(left[2, 2], RED) and close(left[2, 97], RED)  # the left half only
    right = render(doc(100, 100, [layer(wide, "cover", focus=[1, 0.5])], bg="#000000"))
    assert close(right[2, 2], GREEN) and close(right[97, 97], YELLOW)


def test_fill_stretches_and_none_keeps_pixels(wide: str) -> None:
    px = render(doc(100, 100, [layer(wide, "fill")], bg="#000000"))
    assert close(px[2, 2], RED) and close(px[97, 97], YELLOW) and close(px[2, 97], GREEN)
    px = render(doc(100, 100, [layer(wide, "none")], bg="#000000"))
    # 1:1 and centred: x 50..150 of the picture shows, y 0..100
    assert close(px[10, 10], RED) and close(px[10, 60], GREEN) and close(px[60, 10], BLUE)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_honoured(tmp_path: Path, orientation: int) -> None:
    stored = quadrants(40, 20)
    path = tmp_path / f"o{orientation}.jpg"
    path.write_bytes(jpeg_with_orientation(stored, orientation))
    shown = to_array(load_image(path))
    expected = {1: stored, 2: stored[:, ::-1], 3: stored[::-1, ::-1], 4: stored[::-1],
                5: stored.transpose(1, 0, 2), 6: np.rot90(stored, -1), 7: stored.transpose(1, 0, 2)[::-1, ::-1],
                8: np.rot90(stored, 1)}[orientation]
    assert shown.shape == expected.shape
    h, w = expected.shape[:2]
    for y, x in ((h // 4, w // 4), (h // 4, 3 * w // 4), (3 * h // 4, w // 4), (3 * h // 4, 3 * w // 4)):
        assert close(shown[y, x], tuple(expected[y, x, :3]), tol=40), (orientation, y, x)


def test_alpha_is_kept(tmp_path: Path) -> None:
    pixels = quadrants(20, 20, ((255, 0, 0, 255), (0, 0, 0, 0), (0, 0, 0, 0), (255, 0, 0, 128)))
    src = str(write_png(tmp_path / "alpha.png", pixels))
    px = render(doc(20, 20, [layer(src, "fill", width=20, height=20)], bg=None))
    assert px[5, 5, 3] == 255 and px[5, 15, 3] == 0 and abs(int(px[15, 15, 3]) - 128) <= 2


def test_radius_and_ellipse_mask_clear_the_corners(wide: str) -> None:
    px = render(doc(200, 100, [layer(wide, "cover", radius=30),
                               layer(wide, "cover", id="round", x=100, mask="ellipse")], bg=None))
    assert px[1, 1, 3] == 0 and px[50, 1, 3] == 255 and px[1, 50, 3] == 255
    assert px[3, 103, 3] == 0 and px[50, 150, 3] == 255 and px[50, 101, 3] > 0


def test_placeholder_is_drawn_without_a_src() -> None:
    px = render(doc(50, 50, [{"id": "img", "type": "image", "placeholder": "#00FF00", "mask": "ellipse"}]))
    assert close(px[25, 25], GREEN) and close(px[1, 1], (255, 255, 255))


def test_missing_and_broken_assets_name_the_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG not really")
    data = doc(50, 50, [
        {"id": "a", "type": "image", "src": str(tmp_path / "nope.png")},
        {"id": "g", "type": "group", "children": [{"id": "b", "type": "image", "src": str(broken)}]},
        {"id": "c", "type": "image"},
    ])
    with pytest.raises(ValidationError) as info:
        prepare(data)
    fields = {e["field"]: e["message"] for e in info.value.errors}
    assert set(fields) == {"layers.0.src", "layers.1.children.0.src", "layers.2.src"}
    assert "does not exist" in fields["layers.0.src"] and "not a decodable image" in fields["layers.1.children.0.src"]
    assert "bindings.assets.c" in fields["layers.2.src"]


def test_resolver_errors_become_field_errors(wide: str) -> None:
    def resolve(ref: str) -> Path:
        if ref.startswith("upload:"):
            raise ValidationError("unknown upload id", field="src")
        return Path(wide)

    scene = prepare(doc(10, 10, [layer("https://example.test/a.png", "cover")]), resolve_asset=resolve)
    assert scene.width == 10
    with pytest.raises(ValidationError) as info:
        prepare(doc(10, 10, [layer("upload:123", "cover")]), resolve_asset=resolve)
    assert info.value.errors == [{"field": "layers.0.src", "message": "unknown upload id"}]


def test_golden_fit_modes(tmp_path: Path) -> None:
    src = str(write_png(tmp_path / "photo.png", photo(240, 160)))
    cell = {"type": "image", "src": src, "y": 10, "width": 70, "height": 100}
    check_golden("fit_modes", render(doc(320, 200, [
        {**cell, "id": "cover", "x": 8, "fit": "cover"},
        {**cell, "id": "contain", "x": 86, "fit": "contain"},
        {**cell, "id": "fill", "x": 164, "fit": "fill"},
        {**cell, "id": "none", "x": 242, "fit": "none", "focus": [0.8, 0.2]},
        {**cell, "id": "focus_left", "x": 8, "y": 118, "height": 74, "fit": "cover", "focus": [0, 1], "radius": 14},
        {**cell, "id": "round", "x": 96, "y": 118, "width": 74, "height": 74, "fit": "cover", "mask": "ellipse"},
        {**cell, "id": "tilted", "x": 200, "y": 122, "width": 100, "height": 66, "fit": "cover", "rotation": 8,
         "radius": 8, "shadow": {"color": "rgba(0,0,0,0.4)", "blur": 10, "dy": 4}},
    ], bg="#E5E7EB")))


def test_decoding_is_reliable_under_garbage_collection(tmp_path: Path) -> None:
    import gc
    paths = [write_png(tmp_path / f"p{i}.png", photo(120 + i, 90 + i)) for i in range(8)]
    for round_ in range(3):
        for path in paths:
            gc.collect()
            image = load_image(path, fit="cover", box=(60, 60))
            assert image.width() >= 60 and image.height() >= 60, (round_, path.name)


def test_large_jpegs_decode_at_the_size_they_are_shown(tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    big.write_bytes(jpeg_with_orientation(photo(1600, 1200), 6))  # stored landscape, shown portrait
    image = load_image(big, fit="cover", box=(300, 300))
    assert (image.width(), image.height()) == (300, 400)  # 1/4 scale, rotated upright
    assert load_image(big).width() == 1200
