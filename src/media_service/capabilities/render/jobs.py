"""Render job types live in the subpackages (`ads`, `video`, `briefs`); importing this module declares
them all (the job registry imports `capabilities.<group>.jobs` in the API and in every worker)."""

from __future__ import annotations

import importlib

from . import subpackage_modules

__all__: list[str] = []

for _module in subpackage_modules("jobs"):
    importlib.import_module(_module)
