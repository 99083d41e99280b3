"""Progress, cancellation and failure: no file left behind, no encoder thread left running."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import skia

from media_service.engines.encode import open_video, render_frames
from media_service.errors import JobCancelledError, ValidationError

from .helpers import draw_solid, encoder_threads
from tests.mediagen import decode, tone, write_wav


def test_progress_rises_to_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    render_frames(draw_solid, tmp_path / "p.mp4", width=160, height=90, fps=30, frames=40, preset="ultrafast",
                  progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (40, 40)
    assert all(total == 40 for _, total in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(calls) >= 5


def test_cancelling_mid_way_stops_the_encoder_and_leaves_no_file(tmp_path: Path) -> None:
    drawn: list[int] = []
    path = tmp_path / "cancelled.mp4"

    def draw(canvas: skia.Canvas, index: int, t: float) -> None:
        drawn.append(index)
        draw_solid(canvas, index, t)

    with pytest.raises(JobCancelledError) as caught:
        render_frames(draw, path, width=320, height=180, fps=30, frames=300, cancelled=lambda: len(drawn) >= 20)
    assert caught.value.code == "JOB_CANCELLED"
    assert len(drawn) == 20  # checked before every frame: not one frame more
    assert not path.exists()
    assert encoder_threads() == []


def test_a_sink_driven_by_hand_cleans_up_on_cancel_by_itself(tmp_path: Path) -> None:
    """No `with`, no render_frames: the sink itself stops its thread and removes the file."""
    path = tmp_path / "by-hand.webm"
    stop = False
    sink = open_video(path, width=160, height=90, fps=30, format="webm", cancelled=lambda: stop)
    for index in range(10):
        draw_solid(sink.begin_frame(), index, index / 30)
        sink.submit()
    stop = True
    with pytest.raises(JobCancelledError):
        sink.begin_frame()
    assert not path.exists()
    assert encoder_threads() == []


def test_an_exception_in_draw_stops_the_encoder_and_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.webm"

    def draw(canvas: skia.Canvas, index: int, t: float) -> None:
        if index == 7:
            raise ZeroDivisionError("drawer bug")
        draw_solid(canvas, index, t)

    with pytest.raises(ZeroDivisionError, match="drawer bug"):
        render_frames(draw, path, width=160, height=90, fps=30, frames=30, format="webm")
    assert not path.exists()
    assert encoder_threads() == []


def test_leaving_a_sink_block_by_exception_discards_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gif-abandoned.gif"
    with pytest.raises(KeyError), open_video(path, width=160, height=90, fps=10, format="gif") as sink:
        sink.begin_frame()
        sink.submit()
        raise KeyError("caller bug")
    assert not path.exists()
    assert encoder_threads() == []
    assert not list(tmp_path.iterdir())  # the GIF frame spool went too


def test_an_encoder_failure_reaches_the_drawer_and_cleans_up(tmp_path: Path) -> None:
    """The audio file vanishes after the sink checked it: the encoder thread fails opening it, and the
    drawer's next call raises that error, with the thread stopped and the partial video gone."""
    wav = write_wav(tmp_path / "voice.wav", tone((440.0,), 2.0, rate=48_000), 48_000)
    path = tmp_path / "orphan.mp4"
    sink = open_video(path, width=160, height=90, fps=30, preset="ultrafast", audio=wav)
    wav.unlink()
    with pytest.raises(FileNotFoundError):
        for index in range(60):
            draw_solid(sink.begin_frame(), index, index / 30)
            sink.submit()
        sink.close()
    assert not path.exists()
    assert encoder_threads() == []
    with pytest.raises(RuntimeError):
        sink.begin_frame()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full to fake a full disk")
def test_a_file_that_cannot_be_written_fails_at_open_and_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "full.mp4"
    path.symlink_to("/dev/full")  # writes fail with ENOSPC; unlinking removes only the link
    with pytest.raises(OSError):
        open_video(path, width=160, height=90, fps=30)
    assert not path.is_symlink()
    assert encoder_threads() == []
    assert os.path.exists("/dev/full")


def test_a_closed_sink_refuses_more_frames_and_close_is_idempotent(tmp_path: Path) -> None:
    sink = open_video(tmp_path / "done.mp4", width=160, height=90, fps=30, preset="ultrafast")
    draw_solid(sink.begin_frame(), 0, 0.0)
    sink.submit()
    first = sink.close()
    assert sink.close() is first
    with pytest.raises(RuntimeError):
        sink.begin_frame()
    assert len(decode(first.path).frames) == 1
    assert encoder_threads() == []


@pytest.mark.parametrize("bad", [
    {"width": 161}, {"format": "avi"}, {"quality": "best"}, {"crf": 99}, {"preset": "warp"}, {"fps": 0},
    {"fps": "fast"}, {"width": 4},
])
def test_bad_requests_fail_before_a_file_exists(tmp_path: Path, bad: dict[str, object]) -> None:
    args: dict[str, object] = {"width": 160, "height": 90, "fps": 30, **bad}
    path = tmp_path / "never.mp4"
    with pytest.raises(ValidationError) as caught:
        open_video(path, **args)  # type: ignore[arg-type]
    assert caught.value.errors and caught.value.errors[0]["field"] in bad
    assert not path.exists()
    assert encoder_threads() == []
