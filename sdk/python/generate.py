"""Generate `remotion_service/_generated.py` from the service's committed OpenAPI document.

    python sdk/python/generate.py            # writes the module (what `make openapi` runs)
    python sdk/python/generate.py --check    # exits 1 when the committed module is stale

Each operation `group.verb` becomes `client.group.verb(...)` (sync) and the same coroutine on the async
client: path parameters positional, the JSON body's top-level fields and the query parameters keyword-only,
plus `idempotency_key` (and `wait`) on job submissions, which also get `verb_and_wait(...)`. The groups
`jobs` and the `uploads.create` upload are written by hand (jobs.py, uploads.py); `system`, `files` and the
OpenAI-compatible `openai` group are left to plain HTTP and the `openai` package.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SPEC = HERE.parents[1] / "openapi" / "openapi.json"
TARGET = HERE / "src" / "remotion_service" / "_generated.py"
SKIP_GROUPS = {"jobs", "files", "system", "openai"}
SKIP_OPERATIONS = {"uploads.create"}
EXTENDED = {"uploads"}  # groups whose hand-written subclass the client mounts (uploads.py)
METHODS = ("get", "post", "put", "patch", "delete")


def _pytype(schema: dict[str, Any]) -> str:
    """A plain annotation for a JSON schema (enums and nested models stay open: str, dict, Any)."""
    if "anyOf" in schema:
        options = [_pytype(s) for s in schema["anyOf"] if s.get("type") != "null"]
        nullable = any(s.get("type") == "null" for s in schema["anyOf"])
        names = list(dict.fromkeys(options))
        joined = "Any" if "Any" in names or not names else " | ".join(names)
        return f"{joined} | None" if nullable and joined != "Any" else joined
    kind = schema.get("type")
    if kind == "string":
        return "str"
    if kind == "integer":
        return "int"
    if kind == "number":
        return "float"
    if kind == "boolean":
        return "bool"
    if kind == "array":
        return f"list[{_pytype(schema.get('items', {}))}]"
    if kind == "object":
        return "dict[str, Any]"
    return "Any"


def _ident(name: str) -> str:
    name = re.sub(r"\W", "_", name)
    return f"{name}_" if keyword.iskeyword(name) or name in {"self", "wait_timeout"} else name


def _camel(group: str) -> str:
    return "".join(part.capitalize() for part in group.split("_"))


def _summary(op: dict[str, Any], method: str, path: str) -> str:
    text = " ".join((op.get("summary") or "").split()).replace('"""', "'''").replace("\\", "\\\\")
    return f"{text} ({method.upper()} {path})"


def _operations(spec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    schemas = spec["components"]["schemas"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            group, _, verb = op["operationId"].partition(".")
            if group in SKIP_GROUPS or op["operationId"] in SKIP_OPERATIONS:
                continue
            params = op.get("parameters", [])
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            body: dict[str, Any] | None = None
            if content is not None:
                options = [content["schema"], *content["schema"].get("anyOf", [])]
                ref = next((o["$ref"] for o in options if "$ref" in o), None)
                body = schemas[ref.rsplit("/", 1)[-1]] if ref else content["schema"]
            groups.setdefault(group, []).append({
                "verb": verb, "method": method.upper(), "path": path, "op": op, "body": body,
                "path_params": [p for p in params if p["in"] == "path"],
                "query": [p for p in params if p["in"] == "query" and p["name"] != "wait"],
                "job": any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in params),
                "wait": any(p["in"] == "query" and p["name"] == "wait" for p in params),
            })
    return {g: sorted(ops, key=lambda o: o["verb"]) for g, ops in sorted(groups.items())}


def _signature(o: dict[str, Any]) -> tuple[list[str], list[str], list[str], list[str]]:
    """(positional params, keyword params, body items, query items) of one operation."""
    positional = [f"{_ident(p['name'])}: str" for p in o["path_params"]]
    keywords, body_items, query_items = [], [], []
    if o["body"] is not None:
        required = set(o["body"].get("required", []))
        props = o["body"].get("properties", {})
        in_path = {p["name"] for p in o["path_params"]}
        for name in sorted(props, key=lambda n: (n not in required, n)):
            ann = _pytype(props[name])
            ident = _ident(name)
            if name in in_path:  # the body repeats a path parameter: the positional value fills both
                body_items.append(f'"{name}": {ident}')
                continue
            if name in required:
                keywords.append(f"{ident}: {ann}")
            else:
                keywords.append(f"{ident}: {ann if ann.endswith('| None') or ann == 'Any' else ann + ' | None'} = None")
            body_items.append(f'"{name}": {ident}')
    for p in o["query"]:
        ident = _ident(p["name"])
        ann = _pytype(p.get("schema", {}))
        keywords.append(f"{ident}: {ann if ann.endswith('| None') or ann == 'Any' else ann + ' | None'} = None")
        query_items.append(f'"{p["name"]}": {ident}')
    if o["job"]:
        keywords.append("idempotency_key: str | None = None")
    if o["wait"]:
        keywords.append("wait: bool | None = None")
        query_items.append('"wait": wait')
    return positional, keywords, body_items, query_items


def _method(o: dict[str, Any], *, is_async: bool) -> list[str]:
    positional, keywords, body_items, query_items = _signature(o)
    params = ["self", *positional]
    if positional:
        params.append("/")
    if keywords:
        params += ["*", *keywords]
    path = o["path"]
    for p in o["path_params"]:
        path = path.replace("{" + p["name"] + "}", "{_segment(" + _ident(p["name"]) + ")}")
    url = f'f"{path}"' if o["path_params"] else f'"{path}"'
    body = "{" + ", ".join(body_items) + "}" if o["body"] is not None else "None"
    query = "{" + ", ".join(query_items) + "}" if query_items else "None"
    aw, df = ("await ", "async def") if is_async else ("", "def")
    returns = "Job" if o["job"] else "Any"
    lines = [f"    {df} {o['verb']}({', '.join(params)}) -> {returns}:",
             f'        """{_summary(o["op"], o["method"], o["path"])}"""']
    if o["job"]:
        lines.append(f"        return {aw}self._submit({url}, {body}, params={query}, "
                     "idempotency_key=idempotency_key)")
    else:
        lines.append(f'        return {aw}self._call("{o["method"]}", {url}, body={body}, params={query})')
    if o["job"]:
        args = [_ident(p["name"]) for p in o["path_params"]]
        passed = [a.split(":")[0] for a in keywords]
        call_args = ", ".join(args + [f"{k}={k}" for k in passed])
        params2 = ["self", *positional] + (["/"] if positional else []) + ["*", *keywords, "wait_timeout: float | None = 600.0"]
        lines += ["",
                  f"    {df} {o['verb']}_and_wait({', '.join(params2)}) -> JobResult:",
                  f'        """`{o["verb"]}`, then `jobs.wait` for its result (JobFailedError if it fails)."""',
                  f"        job = {aw}self.{o['verb']}({call_args})",
                  f"        return {aw}self._client.jobs.wait(job.job_id, timeout=wait_timeout)"]
    return lines


def render(spec: dict[str, Any]) -> str:
    """The module's text for `spec`."""
    groups = _operations(spec)
    out = ['"""Generated by sdk/python/generate.py from openapi/openapi.json (`make openapi`): do not edit.',
           "",
           f"Service API version {spec['info']['version']}; {sum(map(len, groups.values()))} operations in "
           f"{len(groups)} groups.",
           '"""',
           "",
           "# ruff: noqa: E501",
           "from __future__ import annotations",
           "",
           "from typing import TYPE_CHECKING, Any, cast",
           "",
           "from ._resource import AsyncResource, SyncResource, _segment",
           "from .models import Job, JobResult",
           "",
           "if TYPE_CHECKING:",
           "    from .client import AsyncRemotionClient, RemotionClient",
           "",
           '__all__ = ["AsyncGroups", "Groups"]',
           ""]
    for is_async in (False, True):
        for group, ops in groups.items():
            name = ("Async" if is_async else "") + _camel(group) + "Resource"
            base = "AsyncResource" if is_async else "SyncResource"
            out += ["", f"class {name}({base}):", f'    """`client.{group}`."""', ""]
            for i, o in enumerate(ops):
                if i:
                    out.append("")
                out += _method(o, is_async=is_async)
            out.append("")
    for prefix in ("", "Async"):
        out += ["", f"class {prefix}Groups:", f'    """The generated resource groups of the {prefix.lower() or "sync"} client."""', ""]
        out += [f"    {g}: {prefix}{_camel(g)}Resource" for g in groups if g not in EXTENDED]
        client = f"{prefix}RemotionClient"
        out += ["", "    def _mount_groups(self) -> None:", f'        client = cast("{client}", self)']
        out += [f"        self.{g} = {prefix}{_camel(g)}Resource(client)" for g in groups if g not in EXTENDED]
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    text = render(json.loads(SPEC.read_text()))
    if "--check" in argv:
        if not TARGET.is_file() or TARGET.read_text() != text:
            print(f"{TARGET} is stale: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
