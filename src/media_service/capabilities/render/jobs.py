"""Render job types live in the subpackages (`ads`, `video`, `briefs`); importing this module declares
them all (the job registry imports `capabilities.<group>.jobs` in the API and in every worker)."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from pathlib import Path

__all__: list[str] = []

for _info in pkgutil.iter_modules([str(Path(__file__).parent)], prefix=f"{__package__}."):
    if _info.ispkg and importlib.util.find_spec(f"{_info.name}.jobs") is not None:
        importlib.import_module(f"{_info.name}.jobs")
