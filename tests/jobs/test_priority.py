"""Priorities with a real worker process: with the only slot busy, later urgent work starts first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from media_service.jobs import start_workers

from tests.conftest import HANG_LIMIT_SEC

from .conftest import get_job, post_job, python_path, wait_for, wait_job


def test_urgent_submitted_after_ten_low_starts_before_them(jobs_client: Callable[..., TestClient], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", python_path())
    client = jobs_client({"JOB_QUEUE_IO_WORKERS": "1"})
    handle = start_workers(client.app.state.web.settings, queues=("io",))  # type: ignore[attr-defined]
    try:
        gate, started = tmp_path / "gate", tmp_path / "started"
        blocker = post_job(client, "sleep", {"gate_file": str(gate), "started_file": str(started), "steps": 1})
        wait_for(started.exists, timeout=HANG_LIMIT_SEC, what="the worker to start the blocking job")
        low = [post_job(client, "sleep", {"priority": "low", "seconds": 0.01, "steps": 1}) for _ in range(10)]
        normal = post_job(client, "sleep", {"priority": "normal", "seconds": 0.01, "steps": 1})
        high = post_job(client, "sleep", {"priority": "high", "seconds": 0.01, "steps": 1})
        urgent = post_job(client, "sleep", {"priority": "urgent", "seconds": 0.01, "steps": 1})
        assert all(get_job(client, j)["status"] == "queued" for j in [*low, urgent])
        gate.touch()
        order = [blocker, urgent, high, normal, *low]
        jobs = [wait_job(client, j, timeout=HANG_LIMIT_SEC) for j in order]
        assert all(j["status"] == "completed" for j in jobs)
        by_start = [j["id"] for j in sorted(jobs, key=lambda j: j["started_at"])]
        assert by_start == order
    finally:
        handle.stop()
