"""`media-service render brief.json -o out.mp4`: a ContentBrief (bare, or under `brief` as in the POST
/render/brief body) or a GeneratorInput (`title` + `topics`, as POST /render/explainer takes) is compiled
by its format into the Timeline the command renders (the render package's `render_input` seam)."""

from __future__ import annotations

from typing import Any, cast

import pydantic

from media_service.engines.video import Timeline
from media_service.http.handlers import validation_error_from

from .formats import compile_brief
from .generator import brief_from_input
from .schemas import ContentBrief, GeneratorInput

__all__ = ["NAME", "compile", "matches"]

NAME = "brief"


def matches(data: Any) -> bool:
    """A brief (`format` + `sections`, maybe under `brief`) or a generator input (`title` + `topics`)."""
    if not isinstance(data, dict):
        return False
    inner = data.get("brief", data)
    return isinstance(inner, dict) and ("sections" in inner or ("topics" in data and "title" in data))


def compile(data: dict[str, Any]) -> Timeline:  # noqa: A001 - the seam's verb
    """The Timeline of the brief; ValidationError naming the brief's fields."""
    try:
        if "sections" in data.get("brief", data):
            brief = ContentBrief.model_validate(data.get("brief", data))
        else:
            fields = set(GeneratorInput.model_fields)
            brief = brief_from_input(GeneratorInput.model_validate({k: v for k, v in data.items() if k in fields}))
    except pydantic.ValidationError as exc:
        errors = cast(list[dict[str, Any]], exc.errors())
        raise validation_error_from(errors, prefix="brief" if "brief" in data else "") from None
    return compile_brief(brief)
