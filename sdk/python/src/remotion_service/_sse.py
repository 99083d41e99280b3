"""A Server-Sent Events parser over lines (the service's job events: `id`, `event`, `data` as JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SSEParser"]


@dataclass
class SSEParser:
    """Feed lines; `feed` returns a complete event's `data` (parsed JSON, with `id` and `type` filled from the
    frame) when a blank line ends one."""

    _id: str | None = None
    _event: str | None = None
    _data: list[str] = field(default_factory=list)

    def feed(self, line: str) -> dict[str, Any] | None:
        line = line.rstrip("\r\n")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None  # a keep-alive comment
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "id":
            self._id = value
        elif name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        return None

    def _dispatch(self) -> dict[str, Any] | None:
        if not self._data:
            self._event = None
            return None
        text = "\n".join(self._data)
        self._data = []
        try:
            payload: Any = json.loads(text)
        except ValueError:
            payload = {"data": {"text": text}}
        if not isinstance(payload, dict):
            payload = {"data": {"value": payload}}
        if self._id is not None and "id" not in payload:
            payload["id"] = int(self._id) if self._id.isdigit() else self._id
        if self._event and "type" not in payload:
            payload["type"] = self._event
        self._event = None
        result: dict[str, Any] = payload
        return result
