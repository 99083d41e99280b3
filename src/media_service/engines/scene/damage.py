"""What changed since the last frame: the device rectangles a video frame has to repaint.

A layer's `state(t)` is everything its pixels depend on (its keyframed values at t); a layer whose state
equals the one it had on the previous frame paints the same pixels again, so a settled layer — one whose
animation has ended, or is holding between keyframes — costs nothing, and a frame where every layer has
settled is not drawn at all. A layer that changed damages where it was and where it is now (its painted
bounds, shadow and blur included, grown by a margin for anti-aliasing). Drawing the whole frame again
clipped to those rectangles gives the same pixels as a full redraw.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import skia

from .nodes import HIDDEN, Node

__all__ = ["DamageTracker", "FULL_FRAME", "merge_rows"]

#: Anti-aliasing and rounding margin around a layer's painted bounds, in device px.
MARGIN = 2
#: Returned instead of rectangles when the whole frame has to be redrawn.
FULL_FRAME = None

_Record = tuple[tuple[object, ...] | None, skia.IRect | None]


class DamageTracker:
    """Remembers each moving layer's state and device bounds at the frame last drawn."""

    def __init__(self, nodes: Sequence[Node], width: float, height: float) -> None:
        self.nodes, self.width, self.height = list(nodes), width, height
        self._records: list[_Record] | None = None

    def reset(self) -> None:
        """Forget the last frame (the canvas was painted by something else since)."""
        self._records = None

    def changes(self, t: float, matrix: skia.Matrix) -> list[skia.IRect] | None:
        """The device rectangles that differ between the last tracked frame and the frame at t (drawn with
        `matrix`), and remember t's states; None (FULL_FRAME) when there is no last frame or a changed
        layer has no bounds. An empty list: the frame is the same as the last one."""
        previous, records = self._records, []
        full = previous is None
        rects: list[skia.IRect] = []
        for i, node in enumerate(self.nodes):
            state = node.state(t, self.width, self.height)
            old = previous[i] if previous is not None else None
            if old is not None and state is not None and old[0] == state:
                records.append(old)
                continue
            bounds = skia.IRect.MakeEmpty() if state == HIDDEN else _device(node.bounds(t, self.width, self.height),
                                                                              matrix)
            records.append((state, bounds))
            if old is None or bounds is None or old[1] is None:
                full = True
            else:
                rects.extend(r for r in (old[1], bounds) if not r.isEmpty())
        self._records = records
        return FULL_FRAME if full else rects


def _device(bounds: skia.Rect | None, matrix: skia.Matrix) -> skia.IRect | None:
    if bounds is None:
        return None
    if bounds.isEmpty():
        return skia.IRect.MakeEmpty()
    rect = matrix.mapRect(bounds)
    return skia.IRect.MakeLTRB(math.floor(rect.left()) - MARGIN, math.floor(rect.top()) - MARGIN,
                               math.ceil(rect.right()) + MARGIN, math.ceil(rect.bottom()) + MARGIN)


def merge_rows(rects: Sequence[skia.IRect], height: int, *, align: int = 2) -> list[tuple[int, int]]:
    """The rows [top, bottom) the rectangles cover, clamped to the frame, widened to multiples of `align`
    (4:2:0 chroma pairs rows) and merged where they touch."""
    spans = sorted((max(0, r.top() // align * align), min(height, -(-r.bottom() // align) * align))
                   for r in rects)
    rows: list[tuple[int, int]] = []
    for top, bottom in spans:
        if bottom <= top:
            continue
        if rows and top <= rows[-1][1]:
            rows[-1] = (rows[-1][0], max(rows[-1][1], bottom))
        else:
            rows.append((top, bottom))
    return rows
