"""Render capabilities: static ads (`ads`), scene timelines (`video`) and briefs (`briefs`), each a
subpackage that `jobs.py` and `router.py` here discover."""

from __future__ import annotations

import importlib.util
import pkgutil
from pathlib import Path

__all__ = ["subpackage_modules"]


def subpackage_modules(name: str) -> list[str]:
    """`<subpackage>.<name>` for every render subpackage that has such a module, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)], prefix=f"{__name__}."), key=lambda i: i.name):
        if info.ispkg and importlib.util.find_spec(f"{info.name}.{name}") is not None:
            found.append(f"{info.name}.{name}")
    return found
