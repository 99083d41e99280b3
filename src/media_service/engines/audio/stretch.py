"""Tempo and pitch of recorded speech, through FFmpeg's filters (PyAV): for voices whose provider cannot
change them itself.

    faster = change_tempo(samples, 24_000, 1.25)    # 25 % faster, same pitch (`atempo`)
    higher = shift_pitch(samples, 24_000, 20.0)     # +20 % pitch, same length (`asetrate` + `atempo` + resample)

Both take and return float32 (channels, samples) at the given rate.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

from media_service.errors import ValidationError

__all__ = ["MAX_PITCH_PERCENT", "change_tempo", "shift_pitch"]

MAX_PITCH_PERCENT = 50.0
_BLOCK = 4096


def _layout(channels: int) -> str:
    return "mono" if channels == 1 else "stereo"


def _run(samples: np.ndarray, rate: int, steps: list[tuple[str, str]]) -> np.ndarray:
    """Push `samples` through a chain of audio filters and collect what comes out (same rate and layout)."""
    channels = samples.shape[0]
    graph = av.filter.Graph()
    source = graph.add_abuffer(format="fltp", sample_rate=rate, layout=_layout(channels), time_base=Fraction(1, rate))
    node = source
    for name, args in [*steps, ("aformat", f"sample_fmts=fltp:sample_rates={rate}:channel_layouts={_layout(channels)}")]:
        following = graph.add(name, args)
        node.link_to(following)
        node = following
    sink = graph.add("abuffersink")
    node.link_to(sink)
    graph.configure()
    out: list[np.ndarray] = []

    def drain() -> None:
        while True:
            try:
                frame = graph.pull()
            except (av.BlockingIOError, av.EOFError):
                return
            assert isinstance(frame, av.AudioFrame)  # an audio graph yields audio frames
            out.append(frame.to_ndarray().reshape(channels, -1))

    data = np.ascontiguousarray(samples, dtype=np.float32)
    for start in range(0, data.shape[1], _BLOCK):
        block = np.ascontiguousarray(data[:, start:start + _BLOCK])
        frame = av.AudioFrame.from_ndarray(block, format="fltp", layout=_layout(channels))
        frame.sample_rate, frame.pts = rate, start
        graph.push(frame)
        drain()
    graph.push(None)
    drain()
    return np.concatenate(out, axis=1) if out else np.zeros((channels, 0), np.float32)


def _atempo_chain(factor: float) -> list[tuple[str, str]]:
    """`atempo` takes 0.5–100 per instance; chain instances for slower factors."""
    steps = []
    while factor < 0.5:
        steps.append(("atempo", "0.5"))
        factor /= 0.5
    steps.append(("atempo", f"{factor:.6f}"))
    return steps


def change_tempo(samples: np.ndarray, sample_rate: int, factor: float, *, field: str = "speed") -> np.ndarray:
    """Speak `factor` times faster (0.25–4) without changing the pitch."""
    if not 0.25 <= factor <= 4.0:
        raise ValidationError(f"{field}: a tempo factor must be 0.25–4", field=field)
    if factor == 1.0:
        return samples
    return _run(samples, sample_rate, _atempo_chain(factor))


def shift_pitch(samples: np.ndarray, sample_rate: int, percent: float, *, field: str = "pitch") -> np.ndarray:
    """Raise (or lower) the pitch by `percent` (−50 to +50) keeping the length: play at a changed rate,
    bring the tempo back with `atempo`, resample to the original rate."""
    if not -MAX_PITCH_PERCENT <= percent <= MAX_PITCH_PERCENT:
        raise ValidationError(f"{field}: pitch must be between -{MAX_PITCH_PERCENT:g} and {MAX_PITCH_PERCENT:g} %",
                              field=field)
    if percent == 0:
        return samples
    ratio = 1 + percent / 100
    shifted_rate = round(sample_rate * ratio)
    steps = [("asetrate", str(shifted_rate)), ("aresample", str(sample_rate)), *_atempo_chain(1 / ratio)]
    return _run(samples, sample_rate, steps)
