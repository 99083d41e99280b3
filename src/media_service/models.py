"""Shared pydantic bases for request bodies.

`StrictModel` refuses unknown fields: a misspelt option (`"qualty": "preview"`) must be a 400 naming it,
not a render at the default. Every request body model derives from it (job requests through
`JobOptions`); `tests/http/test_unknown_fields.py` checks every operation of the OpenAPI document.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["StrictModel"]


class StrictModel(BaseModel):
    """A request body: unknown fields are refused (400 `unknown field 'x'; did you mean 'y'?`)."""

    model_config = ConfigDict(extra="forbid")
