"""Progress and cancellation plumbing shared by the audio engine's long operations."""

from __future__ import annotations

from collections.abc import Callable

from media_service.errors import JobCancelledError

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]


def check_cancelled(cancelled: CancelFn | None) -> None:
    """Raise JobCancelledError when the caller's cancellation callable says so."""
    if cancelled is not None and cancelled():
        raise JobCancelledError("Audio processing was cancelled")


def sub_progress(progress: ProgressFn | None, start: float, end: float) -> ProgressFn | None:
    """Map a stage's own 0–1 progress onto the [start, end] slice of the caller's progress."""
    if progress is None:
        return None
    span = end - start

    def report(fraction: float) -> None:
        progress(start + span * min(max(fraction, 0.0), 1.0))

    return report


def report(progress: ProgressFn | None, fraction: float) -> None:
    """Report progress if anyone is listening."""
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0))
