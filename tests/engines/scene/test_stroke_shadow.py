"""Issue #11 item 6: a shape with an undashed stroke and a shadow rendered (it failed in
`setPathEffect(None)`); the shadow follows the outline, dashed or not."""

from __future__ import annotations

import numpy as np
import pytest

from .helpers import doc, render


@pytest.mark.parametrize("dash", [None, [6, 4]])
def test_stroked_shape_with_shadow_renders_its_shadow(dash: list[int] | None) -> None:
    stroke = {"color": "#DC2626", "width": 6, **({"dash": dash} if dash else {})}
    shape = {"id": "box", "type": "shape", "x": 30, "y": 20, "width": 100, "height": 50, "stroke": stroke}
    shadowed = render(doc(200, 120, [{**shape, "shadow": {"color": "rgba(0,0,0,0.8)", "blur": 2, "dx": 10, "dy": 10}}],
                          bg="#FFFFFF"))
    plain = render(doc(200, 120, [shape], bg="#FFFFFF"))
    grey = shadowed[..., :3].astype(int)
    shadow_only = (np.abs(grey[..., 0] - grey[..., 2]) < 12) & (grey.sum(axis=2) < 600) \
        & (plain[..., :3].astype(int).sum(axis=2) > 740)
    assert shadow_only.sum() > 200  # a dark, colourless band where the plain render is white
    ys, xs = np.nonzero(shadow_only)
    assert xs.max() > 130 and ys.max() > 70  # offset by (10, 10) past the box's right and bottom edges
