"""Shapes, fills, strokes, transforms, opacity, shadow, blur and groups: pixel facts and goldens."""

from __future__ import annotations

import numpy as np

from .helpers import check_golden, doc, ink, render

RED = [255, 0, 0, 255]


def rgb(pixels: np.ndarray, x: int, y: int) -> list[int]:
    return [int(v) for v in pixels[y, x]]


def test_a_red_rect_is_red_where_it_is_and_nowhere_else() -> None:
    rect = {"id": "r", "type": "shape", "x": 10, "y": 20, "width": 30, "height": 40, "fill": "red"}
    px = render(doc(100, 80, [rect]))
    assert (px[20:60, 10:40] == RED).all()
    mask = ink(px)
    mask[20:60, 10:40] = False
    assert not mask.any()


def test_percent_geometry_and_anchor() -> None:
    px = render(doc(200, 100, [{"id": "r", "type": "shape", "x": "50%", "y": "50%", "width": "20%", "height": "40%",
                                "anchor": "center", "fill": "#0000FF"}]))
    ys, xs = np.nonzero(ink(px))
    assert (xs.min(), xs.max(), ys.min(), ys.max()) == (80, 119, 30, 69)


def test_default_box_is_the_parent_and_transparent_background() -> None:
    px = render(doc(40, 30, [{"id": "r", "type": "shape", "fill": "rgba(0,255,0,0.5)"}], bg=None))
    assert abs(int(px[15, 20, 3]) - 128) <= 1 and px[15, 20, 1] == 255
    px = render(doc(40, 30, [], bg=None))
    assert (px[..., 3] == 0).all()


def test_ellipse_and_rounded_rect_leave_corners_empty() -> None:
    px = render(doc(100, 50, [
        {"id": "e", "type": "shape", "shape": "ellipse", "width": 50, "height": 50, "fill": "red"},
        {"id": "rr", "type": "shape", "x": 50, "width": 50, "height": 50, "radius": 15, "fill": "red"}]))
    assert rgb(px, 25, 25) == RED and rgb(px, 1, 1)[:3] == [255, 255, 255]
    assert rgb(px, 75, 25) == RED and rgb(px, 51, 1)[:3] == [255, 255, 255] and rgb(px, 60, 25) == RED


def test_stroke_line_polygon() -> None:
    px = render(doc(100, 100, [
        {"id": "box", "type": "shape", "x": 10, "y": 10, "width": 80, "height": 80,
         "stroke": {"color": "#0000FF", "width": 4}},
        {"id": "tri", "type": "shape", "shape": "polygon", "x": 30, "y": 30, "width": 40, "height": 40,
         "points": [[0, 40], [20, 0], [40, 40]], "fill": "red"},
        {"id": "ln", "type": "shape", "shape": "line", "x": 0, "y": 95, "width": 100, "height": 0,
         "points": [[0, 0], [100, 0]], "stroke": {"color": "#00FF00", "width": 2}},
    ]))
    assert rgb(px, 10, 50)[:3] == [0, 0, 255] and rgb(px, 50, 12)[:3] == [255, 255, 255]
    assert rgb(px, 50, 60) == RED and rgb(px, 32, 32)[:3] == [255, 255, 255]  # outside the triangle
    assert px[95, 50, 1] == 255 and px[95, 50, 0] == 0


def test_gradients_run_between_their_stops() -> None:
    px = render(doc(100, 100, [
        {"id": "lin", "type": "shape", "width": 100, "height": 50,
         "fill": {"type": "linear", "from": [0, 0], "to": [1, 0], "stops": [[0, "#000000"], [1, "#FFFFFF"]]}},
        {"id": "rad", "type": "shape", "y": 50, "width": 100, "height": 50,
         "fill": {"type": "radial", "center": [0.5, 0.5], "radius": 0.5, "stops": [[0, "#FF0000"], [1, "#0000FF"]]}},
    ]))
    row = px[25, :, 0].astype(int)
    assert row[1] < 10 and row[98] > 245 and abs(row[50] - 128) < 8 and (np.diff(row) >= -2).all()
    assert px[75, 50, 0] > 240 and px[75, 50, 2] < 15  # centre red
    assert px[75, 1, 2] > 240  # at the radius (x edge), blue


def test_rotation_about_the_anchor() -> None:
    layer = {"id": "bar", "type": "shape", "x": 50, "y": 50, "width": 80, "height": 10, "anchor": "center",
             "fill": "red"}
    flat = ink(render(doc(100, 100, [layer])))
    turned = ink(render(doc(100, 100, [{**layer, "rotation": 90}])))
    ys, xs = np.nonzero(flat)
    assert xs.max() - xs.min() > 70 and ys.max() - ys.min() < 12
    ys, xs = np.nonzero(turned)
    assert ys.max() - ys.min() > 70 and xs.max() - xs.min() < 12 and abs(xs.mean() - 50) < 1


def test_opacity_blends_with_the_background() -> None:
    px = render(doc(10, 10, [{"id": "r", "type": "shape", "fill": "#000000", "opacity": 0.25}]))
    assert abs(int(px[5, 5, 0]) - 191) <= 2


def test_group_transform_opacity_and_clip() -> None:
    px = render(doc(100, 100, [{"id": "g", "type": "group", "x": 20, "y": 20, "width": 40, "height": 40, "clip": True,
                                "opacity": 0.5, "children": [
                                    {"id": "a", "type": "shape", "x": "50%", "width": 60, "height": "100%",
                                     "fill": "#000000"},
                                    {"id": "b", "type": "shape", "x": "25%", "y": "25%", "width": 10, "height": 10,
                                     "fill": "#000000", "zIndex": -1}]}]))
    assert abs(int(px[30, 50, 0]) - 128) <= 2  # child a, half transparent group
    assert px[30, 70, 0] == 255  # clipped at the group's right edge (x 60)
    assert abs(int(px[32, 32, 0]) - 128) <= 2  # b under a: one group layer, not double-blended


def test_shadow_and_blur_spread_outside_the_box() -> None:
    box = {"id": "r", "type": "shape", "x": 30, "y": 30, "width": 40, "height": 40, "fill": "#000000"}
    sharp = ink(render(doc(100, 100, [box]), ), threshold=20)
    shadow = ink(render(doc(100, 100, [{**box, "shadow": {"color": "#000000", "blur": 8, "dx": 10, "dy": 10}}])),
                 threshold=20)
    blurred = ink(render(doc(100, 100, [{**box, "blur": 4}])), threshold=20)
    assert sharp.sum() == 1600
    assert shadow[75, 75] and not sharp[75, 75]
    assert blurred[50, 27] and not sharp[50, 27] and blurred[50, 50]


def test_golden_shapes() -> None:
    check_golden("shapes", render(doc(320, 200, [
        {"id": "rect", "type": "shape", "x": 16, "y": 16, "width": 80, "height": 60, "fill": "#2563EB"},
        {"id": "rounded", "type": "shape", "x": 120, "y": 16, "width": 80, "height": 60, "radius": 18,
         "fill": "#F59E0B", "stroke": {"color": "#7C2D12", "width": 3}},
        {"id": "ellipse", "type": "shape", "shape": "ellipse", "x": 224, "y": 16, "width": 80, "height": 60,
         "fill": "#10B981"},
        {"id": "dash", "type": "shape", "shape": "line", "x": 16, "y": 100, "width": 288, "height": 0,
         "points": [[0, 0], [288, 0]], "stroke": {"color": "#111827", "width": 4, "dash": [12, 8]}},
        {"id": "poly", "type": "shape", "shape": "polygon", "x": 16, "y": 120, "width": 80, "height": 64,
         "points": [[40, 0], [80, 24], [64, 64], [16, 64], [0, 24]], "fill": "#DB2777",
         "stroke": {"color": "#FFFFFF", "width": 2}},
        {"id": "ring", "type": "shape", "shape": "ellipse", "x": 130, "y": 120, "width": 64, "height": 64,
         "stroke": {"color": "#7C3AED", "width": 8}},
        {"id": "shadowed", "type": "shape", "x": 224, "y": 124, "width": 72, "height": 52, "radius": 10,
         "fill": "#FFFFFF", "shadow": {"color": "rgba(0,0,0,0.45)", "blur": 12, "dx": 0, "dy": 6}},
    ], bg="#F3F4F6")))


def test_golden_gradients() -> None:
    check_golden("gradients", render(doc(320, 200, [
        {"id": "lin", "type": "shape", "x": 16, "y": 16, "width": 136, "height": 80, "radius": 12,
         "fill": {"type": "linear", "from": [0, 0], "to": [1, 1], "stops": [[0, "#FF512F"], [1, "#DD2476"]]}},
        {"id": "three", "type": "shape", "x": 168, "y": 16, "width": 136, "height": 80,
         "fill": {"type": "linear", "from": [0, 0], "to": [1, 0],
                  "stops": [[0, "#22C55E"], [0.5, "#FACC15"], [1, "#EF4444"]]}},
        {"id": "rad", "type": "shape", "shape": "ellipse", "x": 16, "y": 108, "width": 136, "height": 80,
         "fill": {"type": "radial", "center": [0.35, 0.35], "radius": 0.8, "stops": [[0, "#FFFFFF"], [1, "#1D4ED8"]]}},
        {"id": "gtext", "type": "text", "text": "Gradient", "x": 168, "y": 120, "width": 136, "height": 60,
         "font": {"size": 30, "weight": 900},
         "fill": {"type": "linear", "from": [0, 0], "to": [1, 0], "stops": [[0, "#7C3AED"], [1, "#DB2777"]]}},
    ], bg={"type": "linear", "from": [0, 0], "to": [0, 1], "stops": [[0, "#0F172A"], [1, "#334155"]]})))


def test_golden_transforms() -> None:
    card = {"type": "shape", "width": 60, "height": 40, "anchor": "center", "radius": 6}
    check_golden("transforms", render(doc(320, 200, [
        {**card, "id": "r0", "x": 50, "y": 50, "fill": "#2563EB"},
        {**card, "id": "r30", "x": 130, "y": 50, "fill": "#2563EB", "rotation": 30},
        {**card, "id": "r-45", "x": 180, "y": 60, "fill": "#2563EB", "rotation": -45, "anchor": "top-left"},
        {**card, "id": "scaled", "x": 285, "y": 50, "fill": "#2563EB", "scale": 0.6},
        {**card, "id": "o75", "x": 50, "y": 140, "fill": "#DC2626", "opacity": 0.75},
        {**card, "id": "o40", "x": 80, "y": 155, "fill": "#DC2626", "opacity": 0.4},
        {**card, "id": "blurred", "x": 170, "y": 150, "fill": "#059669", "blur": 3},
        {"id": "grp", "type": "group", "x": 270, "y": 150, "width": 70, "height": 70, "anchor": "center",
         "rotation": 15, "clip": True, "opacity": 0.8, "children": [
             {"id": "g1", "type": "shape", "fill": "#F59E0B"},
             {"id": "g2", "type": "shape", "shape": "ellipse", "x": "50%", "y": "50%", "width": 60, "height": 60,
              "fill": "#7C2D12"}]},
    ], bg="#FFFFFF")))
