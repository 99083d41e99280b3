"""The time rules: which scene a frame shows, over what, and how far through a transition (no rendering)."""

from __future__ import annotations

import pytest

from media_service.engines.video import Schedule
from media_service.errors import ValidationError

from .helpers import BLUE, GREEN, RED, make_timeline, scene


def test_scenes_gaps_and_a_transition_from_the_previous_scene() -> None:
    timeline = make_timeline([
        scene(0, 2, RED, id="a"),
        scene(1.5, 2, BLUE, id="b", transitionIn={"type": "crossfade", "duration": 1, "easing": "linear"}),
        scene(4, 1, GREEN, id="c", transitionIn={"type": "fade", "duration": 0.5, "easing": "linear"}),
    ], duration=5)
    schedule = Schedule(timeline)
    assert schedule.at(1.0).top is not None and schedule.at(1.0).top.index == 0
    middle = schedule.at(2.0)
    assert (middle.top.index, middle.below.index) == (1, 0)  # type: ignore[union-attr]
    assert middle.progress == pytest.approx(0.5)
    # "a" keeps playing past its own end (2 s) until b's transition is over (2.5 s)
    assert schedule.slot(0).shown_until == pytest.approx(2.5)
    after = schedule.at(2.6)
    assert after.top.index == 1 and after.transition is None  # type: ignore[union-attr]
    # 3.5–4 s: nothing is on: the background
    assert schedule.at(3.7).top is None
    # c follows a gap, so it fades in from the background
    entering = schedule.at(4.25)
    assert entering.top is not None and entering.top.index == 2 and entering.below is None
    assert entering.progress == pytest.approx(0.5)
    assert schedule.finished_before(3.0) == [0]


def test_overlaps_beyond_the_transition_and_unknown_transitions_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        make_timeline([scene(0, 2, RED), scene(1, 2, BLUE, transitionIn={"type": "fade", "duration": 0.5})],
                      duration=3)
    errors = caught.value.details["errors"]
    assert errors[0]["field"] == "scenes" and "scenes.1 starts at 1s, overlapping scenes.0" in errors[0]["message"]
    with pytest.raises(ValidationError) as caught:
        make_timeline([scene(0, 1, RED, transitionIn={"type": "spin"})], duration=1)
    assert caught.value.details["errors"][0]["field"] == "scenes.0.transitionIn.type"
    with pytest.raises(ValidationError) as caught:
        make_timeline([scene(0, 2, RED)], duration=1)
    assert "ends at 2s, after the video's 1s" in caught.value.details["errors"][0]["message"]
