"""The periodic sweep: expired outputs, expired uploads and job temp directories left by crashes."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..logs import get_logger
from .config import MediaConfig
from .outputs import OutputStore
from .paths import sweep_job_dirs
from .uploads import UploadStore

__all__ = ["SweepReport", "sweep"]


@dataclass(frozen=True, slots=True)
class SweepReport:
    """How many job output directories, uploads and stale temp directories were removed."""

    outputs: int
    uploads: int
    temp: int


def sweep(cfg: MediaConfig, *, now: float | None = None) -> SweepReport:
    """Run one retention pass; call it periodically (e.g. hourly) from the worker.

    Outputs go after OUTPUT_TTL_HOURS, uploads after UPLOAD_TTL. Temp directories of finished
    jobs are removed by `MediaResolver.for_job` at once; this only collects what a crashed
    process left behind, after TEMP_TTL_HOURS.
    """
    now = time.time() if now is None else now
    report = SweepReport(
        outputs=OutputStore(cfg).sweep(now),
        uploads=UploadStore(cfg).sweep_expired(now),
        temp=sweep_job_dirs(cfg.temp_dir / "jobs", now - cfg.temp_ttl_hours * 3600),
    )
    get_logger(__name__).info("media.sweep.completed", outputs=report.outputs, uploads=report.uploads,
                              temp=report.temp)
    return report
