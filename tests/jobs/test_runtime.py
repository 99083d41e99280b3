"""Real workers running test job types: completion, sync wait, retries, timeouts, cancellation, crashes."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from media_service.jobs import Worker

from .conftest import get_job, post_job, wait_for, wait_job

Client = Callable[..., TestClient]
StartWorker = Callable[..., Worker]


def _started_times(client: TestClient, job_id: str) -> list[datetime]:
    text = client.get(f"/api/v1/jobs/{job_id}/events").text
    return [datetime.fromisoformat(line.split('"created_at":"')[1].split('"')[0])
            for line in text.splitlines() if line.startswith("data:") and '"type":"job.started"' in line]


def test_io_job_completes_with_progress_logs_and_result(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client()
    start_worker(client)
    job = wait_job(client, post_job(client, "sleep", {"seconds": 0.1, "steps": 4}))
    assert job["status"] == "completed" and job["progress"] == 1.0 and job["attempts"] == 1
    assert job["result"] == {"slept": 0.1, "attempt": 1}
    assert job["started_at"] and job["completed_at"] and job["current_step"] == "step 4"
    assert [e["message"] for e in job["logs"]] == ["slept 0.1s"]
    assert client.get(f"/api/v1/jobs/{job['id']}/result").json()["data"] == {"slept": 0.1, "attempt": 1}
    logs = client.get(f"/api/v1/jobs/{job['id']}/logs").json()["data"]["logs"]
    assert logs[0]["level"] == "info" and logs[0]["attempt"] == 1


def test_sync_request_returns_the_finished_job_or_its_error(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client({"JOB_QUEUE_SYNC_WAIT_SEC": "1.5"})
    start_worker(client)
    r = client.post("/api/v1/test/echo", json={"value": "now", "sync": True})
    assert r.status_code == 200 and r.json()["data"]["result"] == {"echo": "now"}
    r = client.post("/api/v1/test/echo?wait=true", json={"value": "query"})
    assert r.status_code == 200 and r.json()["data"]["status"] == "completed"
    r = client.post("/api/v1/test/flaky", json={"kind": "validation", "sync": True})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "VALIDATION_ERROR" and err["details"]["status"] == "failed" and err["details"]["job_id"]


def test_wait_past_its_window_answers_the_job_as_it_is_now(jobs_client: Client, start_worker: StartWorker) -> None:
    """Issue #11 item 13: past the wait window the answer was the 202 submission body with a stale
    `status: queued` (and `job_id`, not the completed case's `id`) while the job was already processing."""
    client = jobs_client({"JOB_QUEUE_SYNC_WAIT_SEC": "3"})
    start_worker(client)
    for query, body in (("?wait=true", {"seconds": 30}), ("", {"seconds": 30, "sync": True})):
        r = client.post(f"/api/v1/test/sleep{query}", json=body)  # outlasts the wait
        assert r.status_code == 202, r.text
        job = r.json()["data"]
        assert "job_id" not in job and job["type"] == "test.sleep" and job["created_at"]
        assert job["status"] == "processing" and job["started_at"], job  # a free worker took it at once
        assert r.headers["Location"] == f"/api/v1/jobs/{job['id']}"
        assert get_job(client, job["id"])["status"] == "processing"
        client.delete(f"/api/v1/jobs/{job['id']}")


def test_retryable_errors_retry_with_backoff_then_succeed(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client({"JOB_QUEUE_RETRY_BACKOFF_MS": "300", "JOB_QUEUE_RETRY_BACKOFF_MULTIPLIER": "2"})
    start_worker(client)
    job = wait_job(client, post_job(client, "flaky", {"fail_times": 2, "max_retries": 3}))
    assert job["status"] == "completed" and job["result"] == {"attempt": 3}
    assert job["retries"] == 2 and job["attempts"] == 3
    messages = [e["message"] for e in client.get(f"/api/v1/jobs/{job['id']}/logs").json()["data"]["logs"]]
    assert messages[0].startswith("attempt 1 failed: PROVIDER_ERROR: upstream busy; retry 1 of 3 in ")
    assert messages[1].startswith("attempt 2 failed: PROVIDER_ERROR: upstream busy; retry 2 of 3 in ")
    starts = _started_times(client, job["id"])
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(starts)]
    assert len(gaps) == 2
    assert gaps[0] >= 0.15 and gaps[1] >= 0.3  # equal jitter: at least half of 0.3 s, then of 0.6 s


def test_retry_after_is_honoured(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client({"JOB_QUEUE_RETRY_BACKOFF_MS": "10"})
    start_worker(client)
    job = wait_job(client, post_job(client, "flaky", {"fail_times": 1, "retry_after": 1.0}))
    assert job["status"] == "completed"
    first, second = _started_times(client, job["id"])
    assert (second - first).total_seconds() >= 1.0


def test_retries_exhausted_and_network_errors(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client({"JOB_QUEUE_RETRY_BACKOFF_MS": "10"})
    start_worker(client)
    failed = wait_job(client, post_job(client, "flaky", {"fail_times": 5, "max_retries": 2}))
    assert failed["status"] == "failed" and failed["retries"] == 2 and failed["attempts"] == 3
    assert failed["error"]["code"] == "PROVIDER_ERROR" and failed["error"]["details"]["status_code"] == 429
    assert "no retries left (2 allowed)" in failed["logs"][-1]["message"]
    network = wait_job(client, post_job(client, "flaky", {"fail_times": 1, "kind": "network"}))
    assert network["status"] == "completed" and network["retries"] == 1


def test_validation_errors_never_retry(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client()
    start_worker(client)
    job = wait_job(client, post_job(client, "flaky", {"kind": "validation", "max_retries": 5}))
    assert job["status"] == "failed" and job["attempts"] == 1 and job["retries"] == 0
    assert job["error"] == {"code": "VALIDATION_ERROR", "message": "the prompt is empty",
                            "details": {"errors": [{"field": "prompt", "message": "the prompt is empty"}]}}


def test_io_timeout_ends_the_job_even_if_the_handler_ignores_it(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client()
    start_worker(client)
    started = time.monotonic()
    job = wait_job(client, post_job(client, "sleep", {"seconds": 20, "steps": 2, "cooperative": False, "timeout_sec": 0.5}))
    assert time.monotonic() - started < 5
    assert job["status"] == "timeout" and job["error"]["code"] == "JOB_TIMEOUT" and job["retries"] == 0
    assert "0.5 s" in job["error"]["message"]


def test_cpu_timeout_kills_the_handlers_child_processes(jobs_client: Client, start_worker: StartWorker,
                                                        tmp_path: Path) -> None:
    client = jobs_client()
    start_worker(client)
    pid_file = tmp_path / "child.pid"
    job_id = post_job(client, "spawn", {"pid_file": str(pid_file), "timeout_sec": 1.5})
    wait_for(lambda: pid_file.exists() and pid_file.read_text().strip() != "", what="the handler's child process")
    child = int(pid_file.read_text())
    assert _alive(child)
    job = wait_job(client, job_id)
    assert job["status"] == "timeout" and job["error"]["code"] == "JOB_TIMEOUT"
    wait_for(lambda: not _alive(child), timeout=5, what="the child process to be gone")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (killed, not yet reaped by init) is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_cancel_running_jobs(jobs_client: Client, start_worker: StartWorker, tmp_path: Path) -> None:
    client = jobs_client()
    start_worker(client)
    started_io, started_cpu = tmp_path / "io", tmp_path / "cpu"
    io_job = post_job(client, "sleep", {"seconds": 30, "steps": 300, "started_file": str(started_io)})
    cpu_job = post_job(client, "cpu_sleep", {"seconds": 30, "steps": 1, "cooperative": False,
                                             "started_file": str(started_cpu)})
    wait_for(lambda: started_io.exists() and started_cpu.exists(), what="both jobs to start")
    for job_id in (io_job, cpu_job):
        r = client.delete(f"/api/v1/jobs/{job_id}")
        assert r.status_code == 202 and r.json()["data"]["cancel_requested"] is True
    begun = time.monotonic()
    cooperative = wait_job(client, io_job, timeout=5)
    assert cooperative["status"] == "cancelled" and cooperative["error"]["code"] == "JOB_CANCELLED"
    forced = wait_job(client, cpu_job, timeout=5)  # ignores ctx.cancelled(): ended after the grace period
    assert forced["status"] == "cancelled"
    assert time.monotonic() - begun < 4
    assert client.delete(f"/api/v1/jobs/{io_job}").status_code == 409
    types = [line for line in client.get(f"/api/v1/jobs/{io_job}/events").text.splitlines() if line.startswith("event:")]
    assert "event: job.cancel_requested" in types and types[-1] == "event: job.cancelled"


def test_a_crashed_job_process_is_retried(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client({"JOB_QUEUE_RETRY_BACKOFF_MS": "10"})
    start_worker(client)
    job = wait_job(client, post_job(client, "crash", {"crash_times": 1}))
    assert job["status"] == "completed" and job["attempts"] == 2 and job["result"] == {"attempt": 2}
    assert "exited unexpectedly (exit code 3)" in job["logs"][0]["message"]


def test_cpu_job_runs_in_a_child_process_and_reports_progress(jobs_client: Client, start_worker: StartWorker) -> None:
    client = jobs_client()
    start_worker(client)
    job = wait_job(client, post_job(client, "cpu_sleep", {"seconds": 0.2, "steps": 4}))
    assert job["status"] == "completed" and job["result"]["attempt"] == 1 and job["progress"] == 1.0
    assert get_job(client, job["id"])["logs"][0]["message"] == "slept 0.2s"
