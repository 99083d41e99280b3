"""When each scene is on screen, and what a frame at time t shows (the model's time rules, in one place).

A scene's slot runs from its start to its own end, extended while the next scene transitions in from it.
A frame shows the latest-starting scene whose slot covers t; while that scene's transition runs, it is
composed over the scene it enters from (or the background, after a gap or at the start).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from media_service.engines.scene import ease

from .model import Timeline, TimelineScene, Transition

__all__ = ["Frame", "Schedule", "Slot"]

_EPS = 1e-6


@dataclass(frozen=True)
class Slot:
    """One scene on the time axis: `index` in `timeline.scenes`, `previous` the slot it enters from."""

    index: int
    scene: TimelineScene
    start: float
    end: float
    shown_until: float
    enter: Transition | None
    previous: int | None

    @property
    def field(self) -> str:
        """The scene's field path in the timeline JSON, for errors and logs."""
        return f"scenes.{self.index}"


@dataclass(frozen=True)
class Frame:
    """What one frame shows: `top` over `below` (None: the background) mixed by `transition` at `progress`.

    With no transition, only `top` (or the background, when `top` is None) is drawn.
    """

    top: Slot | None
    below: Slot | None = None
    transition: Transition | None = None
    progress: float = 1.0


class Schedule:
    """The timeline's scenes as slots, ordered by start."""

    def __init__(self, timeline: Timeline) -> None:
        ordered = sorted(enumerate(timeline.scenes), key=lambda item: (item[1].start, item[0]))
        shown_until = {index: scene.end for index, scene in ordered}
        previous: dict[int, int | None] = {}
        enters: dict[int, Transition | None] = {}
        for position, (index, scene) in enumerate(ordered):
            before = ordered[position - 1] if position > 0 else None
            previous[index] = before[0] if before is not None and before[1].end >= scene.start - _EPS else None
            enter = scene.transition_in
            enters[index] = enter if enter is not None and enter.type != "none" and enter.duration > 0 else None
            if enters[index] is not None and previous[index] is not None:
                # The scene being left keeps playing until the incoming transition is over.
                left = previous[index]
                assert left is not None and enter is not None
                shown_until[left] = max(shown_until[left], scene.start + enter.duration)
        self.slots = [Slot(index=index, scene=scene, start=scene.start, end=scene.end, shown_until=shown_until[index],
                           enter=enters[index], previous=previous[index]) for index, scene in ordered]
        self._by_index = {slot.index: slot for slot in self.slots}
        self._starts = [slot.start for slot in self.slots]

    def slot(self, index: int) -> Slot:
        """The slot of `timeline.scenes[index]`."""
        return self._by_index[index]

    def at(self, t: float) -> Frame:
        """What the frame at time t shows."""
        position = bisect_right(self._starts, t + _EPS) - 1
        while position >= 0 and self.slots[position].shown_until <= t + _EPS:
            position -= 1
        if position < 0:
            return Frame(top=None)
        top = self.slots[position]
        enter = top.enter
        if enter is None or t >= top.start + enter.duration:
            return Frame(top=top)
        u = min(1.0, max(0.0, (t - top.start) / enter.duration))
        below = self._by_index[top.previous] if top.previous is not None else None
        return Frame(top=top, below=below, transition=enter, progress=ease(enter.easing, u))

    def finished_before(self, t: float) -> list[int]:
        """Indexes of the scenes no frame at or after t shows (their resources may be released)."""
        return [slot.index for slot in self.slots if slot.shown_until <= t + _EPS]
