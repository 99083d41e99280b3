"""GeneratorInput → ContentBrief: the few fields of PRD §6.1.3 written out as a whole brief.

The brief is an intro (title, subtitle), one section per topic and an outro, back to back. Each format
gets the sections it draws best: topics for explainer/shorts/devvlog, a countdown of list items for
listicle_v1, and for comparison_v1 a face-off for every topic written "A vs B" (others stay topics).
A topic written "Heading: more words" becomes a heading with a body (or a title with a description).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from media_service.errors import ValidationError

from ..schemas import ContentBrief, GeneratorInput

__all__ = ["brief_from_input", "input_field"]

_INTRO = {"shorts_v1": 3.0}
_OUTRO = {"shorts_v1": 3.0}
_CTA = {"explainer_v1": "Subscribe for more", "listicle_v1": "Follow for more", "comparison_v1": "Tell us your pick",
        "shorts_v1": "Follow", "devvlog_v1": "Subscribe for the next build"}
_IMAGE_FIELD = re.compile(r"^brief\.sections\[(\d+)\]\.content\.image$")
_VS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)


def _split(topic: str) -> tuple[str, str | None]:
    """'Heading: body' → (heading, body) when the heading part is short enough to be one."""
    head, sep, rest = topic.partition(":")
    if sep and rest.strip() and 0 < len(head.strip()) <= 90:
        return head.strip(), rest.strip()
    return topic.strip(), None


def _section(gen: GeneratorInput, i: int, topic: str) -> dict[str, Any]:
    heading, body = _split(topic)
    image = gen.images[i] if i < len(gen.images) else None
    if gen.format == "listicle_v1":
        content: dict[str, Any] = {"title": heading, "description": body, "number": len(gen.topics) - i}
        kind = "list_item"
    elif gen.format == "comparison_v1" and _VS.search(heading):
        left, right = (part.strip() for part in _VS.split(heading, maxsplit=1))
        content, kind = {"left": {"title": left}, "right": {"title": right}, "verdict": body}, "comparison"
    else:
        content, kind = {"heading": heading, "body": body}, "topic"
    if image and kind != "comparison":
        content["image"] = image
    return {"type": kind, "content": {k: v for k, v in content.items() if v is not None}}


def brief_from_input(gen: GeneratorInput) -> ContentBrief:
    """The brief for a GeneratorInput (deterministic: the same input gives the same brief and id)."""
    intro, outro = _INTRO.get(gen.format, 3.5), _OUTRO.get(gen.format, 3.5)
    drafts: list[dict[str, Any]] = [{"id": "intro", "type": "intro", "duration_sec": intro,
               "content": {k: v for k, v in {"title": gen.title, "subtitle": gen.subtitle}.items() if v}}]
    for i, topic in enumerate(gen.topics):
        drafts.append({"id": f"topic-{i + 1}", "duration_sec": gen.duration_per_topic, **_section(gen, i, topic)})
    drafts.append({"id": "outro", "type": "outro", "duration_sec": outro,
                   "content": {k: v for k, v in {"cta": gen.cta or _CTA[gen.format], "handle": gen.handle}.items()
                               if v}})
    t = 0.0
    for draft in drafts:
        draft["start_time_sec"] = round(t, 3)
        t += draft["duration_sec"]
    fields = set(GeneratorInput.model_fields)  # a request subclass carries job options: not part of the brief
    body = json.dumps(gen.model_dump(mode="json", include=fields), sort_keys=True)
    digest = hashlib.sha256(body.encode()).hexdigest()[:12]
    settings: dict[str, Any] = {"duration_sec": round(t, 3), "fps": gen.fps}
    if gen.resolution is not None:
        settings["resolution"] = gen.resolution.model_dump()
    try:
        return ContentBrief.model_validate({
            "id": f"gen-{digest}", "format": gen.format, "title": gen.title, "sections": drafts,
            "style": {"theme": gen.theme}, "settings": settings,
            **({"audio": {"music": gen.music}} if gen.music else {}),
        })
    except PydanticValidationError as exc:  # a topic that makes no section (blank, a heading too long)
        raise ValidationError("Request validation failed", errors=[
            {"field": _input_field_of(e["loc"], len(gen.topics)), "message": e["msg"]} for e in exc.errors()
        ]) from None


def _input_field_of(loc: tuple[Any, ...], topics: int) -> str:
    """The GeneratorInput field behind a location in the generated brief: `sections[k]` of a topic is
    `topics[k - 1]`; the intro and outro come from `title`/`subtitle` and `cta`/`handle`."""
    if len(loc) >= 2 and loc[0] == "sections" and isinstance(loc[1], int):
        k = loc[1]
        if 1 <= k <= topics:
            return f"topics[{k - 1}]"
        leaf = str(loc[-1])
        return leaf if leaf in ("title", "subtitle", "cta", "handle") else ("title" if k == 0 else "cta")
    return input_field("brief." + ".".join(str(p) for p in loc))


def input_field(brief_field: str) -> str:
    """The GeneratorInput field a field of its generated brief came from (`images[0]`, `music`), so errors
    name what the caller wrote; other fields are returned as they are."""
    match = _IMAGE_FIELD.match(brief_field)
    if match:  # section 0 is the intro; topic i is section i + 1 and takes images[i]
        return f"images[{int(match.group(1)) - 1}]"
    if brief_field.startswith("brief.settings.resolution."):
        return brief_field.removeprefix("brief.settings.")
    return {"brief.audio.music": "music", "brief.settings.fps": "fps"}.get(brief_field, brief_field)
