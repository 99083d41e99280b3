"""The import rules of docs/style.md (rules 1–3), checked over the source with `ast`.

- no cycle among module-level imports (the ones that run when a module is imported);
- nothing imports `media_service.app` (only the CLI builds the app), not even under TYPE_CHECKING;
- engines import none of capabilities, jobs, media, http, providers, settings (pure functions over files);
- the shared layers (jobs, media, http, providers and the top-level modules) never import a capability;
- a capability group never imports another group.

Every import counts for the layer rules, wherever it is written (a function body, TYPE_CHECKING); only
module-level ones outside TYPE_CHECKING count for cycles, since only they run at import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import media_service

SRC = Path(media_service.__file__).parent
PACKAGE = "media_service"


@dataclass(frozen=True)
class Import:
    source: str   # the importing module
    target: str   # the module imported (the deepest one that exists)
    line: int
    runs_at_import: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _existing(name: str) -> str:
    """`name` if it is a module of ours, else its closest parent that is (`from a.b import c` names c)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(nodes: list[ast.stmt], *, top: bool) -> Iterator[tuple[ast.stmt, bool]]:
    """Every import statement under `nodes`, with whether it runs when the module is imported."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, top
        elif isinstance(node, ast.If):
            runs = top and not _is_type_checking(node)
            yield from _walk(node.body, top=runs)
            yield from _walk(node.orelse, top=top)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *[h.body for h in node.handlers]):
                yield from _walk(block, top=top)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    yield from _walk([child], top=False)  # function and class bodies run later


def imports() -> list[Import]:
    found = []
    for module, path in MODULES.items():
        is_package = path.name == "__init__.py"
        for node, runs in _walk(ast.parse(path.read_text()).body, top=True):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = module.split(".") if is_package else module.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                names = [f"{base}.{alias.name}" for alias in node.names]
            for name in names:
                if name.split(".")[0] == PACKAGE and (target := _existing(name)) and target != module:
                    found.append(Import(module, target, node.lineno, runs))
    return found


IMPORTS = imports()


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "(package)"


def _group(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "capabilities" else None


def _where(i: Import) -> str:
    return f"{i.source} (line {i.line}) imports {i.target}"


def test_the_checker_sees_the_imports() -> None:
    """A checker that finds nothing proves nothing: it must see the known edges."""
    edges = {(i.source, i.target) for i in IMPORTS}
    assert ("media_service.capabilities", "media_service.capabilities.audio") in edges
    assert ("media_service.capabilities.audio.jobs", "media_service.capabilities.audio.schemas") in edges
    assert any(s == "media_service.cli" and t == "media_service.app" for s, t in edges)
    assert len(IMPORTS) > 500


def test_no_cycle_among_module_level_imports() -> None:
    graph: dict[str, set[str]] = {}
    for i in IMPORTS:
        if i.runs_at_import:
            graph.setdefault(i.source, set()).add(i.target)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            raise AssertionError("import cycle: " + " -> ".join(cycle))


def test_nothing_below_the_app_imports_it() -> None:
    bad = [_where(i) for i in IMPORTS if i.target == f"{PACKAGE}.app" and i.source != f"{PACKAGE}.cli"]
    assert not bad, "\n".join(bad)
    bad = [_where(i) for i in IMPORTS if i.target == f"{PACKAGE}.cli"]
    assert not bad, "\n".join(bad)


def test_engines_import_only_engines_and_the_error_tree() -> None:
    allowed = {"engines", "errors", "logs"}
    bad = [_where(i) for i in IMPORTS if _layer(i.source) == "engines" and _layer(i.target) not in allowed]
    assert not bad, "\n".join(bad)


def test_shared_layers_never_import_a_capability() -> None:
    bad = [_where(i) for i in IMPORTS
           if _layer(i.source) != "capabilities" and _layer(i.target) == "capabilities"
           and i.source not in (f"{PACKAGE}.cli", f"{PACKAGE}.app")]
    assert not bad, "\n".join(bad)


def test_a_capability_never_imports_another() -> None:
    bad = [_where(i) for i in IMPORTS
           if _group(i.source) and _group(i.target) and _group(i.source) != _group(i.target)]
    assert not bad, "\n".join(bad)
