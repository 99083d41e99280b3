"""Imported last by the forkserver (after the capability modules): runs each job type's `warm_up` once,
so every cpu/gpu child forked from it starts with fonts and caches loaded."""

from __future__ import annotations

import structlog

from media_service.jobs.registry import registry

__all__: list[str] = []

_log = structlog.get_logger("media_service.jobs")
_done: set[int] = set()

for _jt in registry:
    if _jt.warm_up is None or id(_jt.warm_up) in _done:
        continue
    _done.add(id(_jt.warm_up))  # one function may warm several types
    try:
        _jt.warm_up()
    except Exception:  # noqa: BLE001 -- a failed warm-up only means colder jobs; it must never stop the forkserver
        _log.warning("jobs.warm_up.failed", job_type=_jt.name, exc_info=True)
