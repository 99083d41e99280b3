"""What `media-service render FILE` accepts: each render subpackage may add a `render_input` module, and the
first whose `matches(data)` says yes turns the JSON into a Timeline with `compile(data)`.

A module of this kind has three names:

    NAME = "brief"                                   # shown in messages
    def matches(data: Any) -> bool: ...              # e.g. has `format` and `sections`
    def compile(data: Any) -> Timeline: ...          # raise ValidationError naming fields

This module is itself the timeline input (a Timeline JSON, bare or under `timeline`), tried last so a more
specific format (a ContentBrief) wins.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from pathlib import Path
from types import ModuleType
from typing import Any

from media_service.engines.video import Timeline, load_timeline
from media_service.errors import ValidationError

__all__ = ["NAME", "compile", "compile_render_input", "input_modules", "matches"]

NAME = "timeline"
_RENDER = Path(__file__).resolve().parents[1]


def matches(data: Any) -> bool:
    """A Timeline JSON: `{timeline: {...}}` or the timeline's own keys at the top level."""
    return isinstance(data, dict) and ("timeline" in data or {"width", "height", "duration"} <= data.keys())


def compile(data: Any) -> Timeline:  # noqa: A001 - the seam's verb, shared by every render_input module
    """Validate the timeline (the value of `timeline`, or the whole object)."""
    timeline = data["timeline"] if "timeline" in data else data
    return load_timeline(timeline)


def input_modules() -> list[ModuleType]:
    """Every render subpackage's `render_input` module, this one last."""
    modules = []
    package = __package__.rsplit(".", 1)[0]
    for info in sorted(pkgutil.iter_modules([str(_RENDER)], prefix=f"{package}."), key=lambda i: i.name):
        name = f"{info.name}.render_input"
        if info.ispkg and name != __name__ and importlib.util.find_spec(name) is not None:
            modules.append(importlib.import_module(name))
    return [*modules, importlib.import_module(__name__)]


def compile_render_input(data: Any) -> tuple[str, Timeline]:
    """(the input's kind, its Timeline) for parsed JSON; ValidationError when no kind matches or it is invalid."""
    modules = input_modules()
    for module in modules:
        if module.matches(data):
            return module.NAME, module.compile(data)
    kinds = ", ".join(module.NAME for module in modules)
    raise ValidationError(f"not a render input this service knows ({kinds}); a timeline needs width, height, "
                          "duration and scenes", field="file")
