"""Evaluating animated values: easing curves, springs and keyframe sampling.

A keyframe's easing shapes the segment that *arrives* at it. Springs are normalised so the segment ends
exactly when the spring has settled: a designer picks when the motion ends, the spring picks its feel.
"""

from __future__ import annotations

import math
from functools import lru_cache
from collections.abc import Callable
from typing import Generic, TypeVar

import numpy as np

from .color import RGBA, parse_color
from .values import Easing, Keyframes, Spring

__all__ = ["LengthProp", "Prop", "color_prop", "ease", "is_animated", "number_prop", "sample", "spring_progress"]

V = TypeVar("V")

_C1 = 1.70158
_C2 = _C1 * 1.525
_C3 = _C1 + 1


def _in_out(f_in: Callable[[float], float]) -> Callable[[float], float]:
    return lambda u: f_in(2 * u) / 2 if u < 0.5 else 1 - f_in(2 - 2 * u) / 2


def _out(f_in: Callable[[float], float]) -> Callable[[float], float]:
    return lambda u: 1 - f_in(1 - u)


_IN: dict[str, Callable[[float], float]] = {
    "Quad": lambda u: u * u,
    "Cubic": lambda u: u ** 3,
    "Quart": lambda u: u ** 4,
    "Quint": lambda u: u ** 5,
    "Sine": lambda u: 1 - math.cos(u * math.pi / 2),
    "Expo": lambda u: 0.0 if u <= 0 else 2 ** (10 * u - 10),
    "Circ": lambda u: 1 - math.sqrt(max(0.0, 1 - u * u)),
    "Back": lambda u: _C3 * u ** 3 - _C1 * u * u,
}

_EASINGS: dict[str, Callable[[float], float]] = {"linear": lambda u: u, "hold": lambda u: 0.0 if u < 1 else 1.0}
for _name, _f in _IN.items():
    _EASINGS[f"easeIn{_name}"] = _f
    _EASINGS[f"easeOut{_name}"] = _out(_f)
    _EASINGS[f"easeInOut{_name}"] = _in_out(_f)
# easeInOutBack overshoots by a larger constant in the standard set (easings.net).
_EASINGS["easeInOutBack"] = _in_out(lambda u: (_C2 + 1) * u ** 3 - _C2 * u * u)
_EASINGS["ease"] = _EASINGS["easeInOutCubic"]
_EASINGS["easeIn"] = _EASINGS["easeInCubic"]
_EASINGS["easeOut"] = _EASINGS["easeOutCubic"]
_EASINGS["easeInOut"] = _EASINGS["easeInOutCubic"]

_SETTLE_EPS = 1e-3
_DEFAULT_SPRING = Spring.model_validate({})


def _spring_curve(damping: float, stiffness: float, mass: float) -> Callable[[np.ndarray], np.ndarray]:
    """Closed-form position of a unit spring released at 0 with no velocity, heading for 1."""
    w0 = math.sqrt(stiffness / mass)
    zeta = damping / (2 * math.sqrt(stiffness * mass))
    if zeta < 1:
        wd = w0 * math.sqrt(1 - zeta * zeta)
        return lambda t: 1 - np.exp(-zeta * w0 * t) * (np.cos(wd * t) + (zeta * w0 / wd) * np.sin(wd * t))
    if zeta == 1:
        return lambda t: 1 - np.exp(-w0 * t) * (1 + w0 * t)
    root = math.sqrt(zeta * zeta - 1)
    r1, r2 = -w0 * (zeta - root), -w0 * (zeta + root)
    return lambda t: 1 + (r2 * np.exp(r1 * t) - r1 * np.exp(r2 * t)) / (r1 - r2)


@lru_cache(maxsize=64)
def _spring_settle_time(damping: float, stiffness: float, mass: float) -> float:
    curve = _spring_curve(damping, stiffness, mass)
    times = np.linspace(0.0, 60.0, 60_001)
    unsettled = np.nonzero(np.abs(curve(times) - 1.0) > _SETTLE_EPS)[0]
    return float(times[min(unsettled[-1] + 1, len(times) - 1)]) if len(unsettled) else 1e-3


def spring_progress(u: float, spring: Spring) -> float:
    """Spring position at fraction `u` (0–1) of a segment scaled to the spring's settling time."""
    if u <= 0:
        return 0.0
    if u >= 1:
        return 1.0
    settle = _spring_settle_time(spring.damping, spring.stiffness, spring.mass)
    curve = _spring_curve(spring.damping, spring.stiffness, spring.mass)
    return float(curve(np.asarray(u * settle)))


def ease(easing: Easing, u: float) -> float:
    """Map linear progress `u` in 0–1 through `easing` (may overshoot for Back and spring)."""
    if isinstance(easing, Spring):
        return spring_progress(u, easing)
    if easing == "spring":
        return spring_progress(u, _DEFAULT_SPRING)
    return _EASINGS[easing](u)


def is_animated(value: object) -> bool:
    """True when a property value is keyframed rather than fixed."""
    return isinstance(value, Keyframes) and len(value.keyframes) > 1


def sample(value: object, t: float, convert: Callable[[object], V], lerp: Callable[[V, V, float], V]) -> V:
    """The value at local time `t`: plain values pass through `convert`; keyframes are eased and lerped."""
    if not isinstance(value, Keyframes):
        return convert(value)
    frames = value.keyframes
    if t <= frames[0].t or len(frames) == 1:
        return convert(frames[0].value)
    if t >= frames[-1].t:
        return convert(frames[-1].value)
    for prev, nxt in zip(frames, frames[1:]):
        if t < nxt.t:
            span = nxt.t - prev.t
            u = 1.0 if span <= 0 else (t - prev.t) / span
            return lerp(convert(prev.value), convert(nxt.value), ease(nxt.easing, u))
    return convert(frames[-1].value)


def _lerp_number(a: float, b: float, u: float) -> float:
    return a + (b - a) * u


def _lerp_pair(a: tuple[float, float], b: tuple[float, float], u: float) -> tuple[float, float]:
    return (a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u)


def _to_pair(value: object) -> tuple[float, float]:
    if isinstance(value, str) and value.endswith("%"):
        return (0.0, float(value[:-1]) / 100.0)
    return (float(value), 0.0)  # type: ignore[arg-type]


class Prop(Generic[V]):
    """A property compiled once: a constant when fixed, sampled per frame when keyframed."""

    __slots__ = ("static", "_raw", "_value", "_convert", "_lerp")

    def __init__(self, raw: object, convert: Callable[[object], V], lerp: Callable[[V, V, float], V]) -> None:
        self.static = not is_animated(raw)
        self._raw, self._convert, self._lerp = raw, convert, lerp
        self._value = sample(raw, 0.0, convert, lerp)

    def at(self, t: float) -> V:
        """The value at local time t."""
        return self._value if self.static else sample(self._raw, t, self._convert, self._lerp)


def number_prop(raw: object) -> Prop[float]:
    """A number, fixed or keyframed."""
    return Prop(raw, float, _lerp_number)  # type: ignore[arg-type]


def color_prop(raw: object) -> Prop[RGBA]:
    """A colour string, fixed or keyframed (interpolated channel by channel, straight alpha)."""
    return Prop(raw, lambda v: parse_color(str(v)), RGBA.lerp)


class LengthProp:
    """A length as (px, fraction of the parent) so px and % keyframes interpolate into each other."""

    __slots__ = ("_prop", "static", "default_fraction")

    def __init__(self, raw: object, *, default_fraction: float = 0.0) -> None:
        self._prop = None if raw is None else Prop(raw, _to_pair, _lerp_pair)
        self.static = self._prop is None or self._prop.static
        self.default_fraction = default_fraction

    def px(self, t: float, reference: float) -> float:
        """The length in px at time t, resolving % against `reference` (the parent's side)."""
        if self._prop is None:
            return self.default_fraction * reference
        offset, fraction = self._prop.at(t)
        return offset + fraction * reference
