"""What the fake text endpoints answer: a JSON value synthesised from the JSON Schema the client sent, and
the strict-mode rules OpenAI enforces on that schema (providers.md §1.6)."""

from __future__ import annotations

from typing import Any


def strict_problem(schema: Any, path: str = "schema") -> str | None:
    """The first strict-mode violation: the root is an object; every object is closed and requires all
    its properties."""
    if not isinstance(schema, dict):
        return f"{path} is not an object"
    if path == "schema" and schema.get("type") != "object":
        return "the root schema must be an object"
    if schema.get("type") == "object":
        props = schema.get("properties") or {}
        if schema.get("additionalProperties") is not False:
            return f"{path}: additionalProperties must be false"
        if sorted(schema.get("required") or []) != sorted(props):
            return f"{path}: every property must be required"
        for name, sub in props.items():
            if problem := strict_problem(sub, f"{path}.{name}"):
                return problem
    if schema.get("type") == "array":
        return strict_problem(schema.get("items"), f"{path}.items")
    return None


def synthesise(schema: dict[str, Any], *, name: str = "value", index: int = 0) -> Any:
    """A value of `schema`: enums their first value; arrays get `minItems` (or 2) items; numbers split 30
    evenly over 4; strings name their property and position."""
    if "enum" in schema:
        return schema["enum"][index % len(schema["enum"])]
    kind = schema.get("type")
    if kind == "object":
        return {key: synthesise(sub, name=key, index=index) for key, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        count = int(schema.get("minItems", 2))
        return [synthesise(schema.get("items") or {}, name=name, index=i) for i in range(count)]
    if kind in ("number", "integer"):
        return 7.5 if kind == "number" else 7
    if kind == "boolean":
        return True
    return f"Fake {name} number {index + 1} written by the fake server."
