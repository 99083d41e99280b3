"""Immediate mode: jobs run in the test's thread on an in-memory store, through the same context, handler
call and settling as in a worker — real handlers measured on their real output, no worker started."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from media_service.jobs.immediate import ImmediateJobs
from tests.mediagen import decode_audio, lufs, tone, write_wav

Immediate = Callable[..., ImmediateJobs]


def test_audio_normalize_runs_on_submit(immediate_jobs: Immediate) -> None:
    jobs = immediate_jobs()
    quiet = write_wav(Path(jobs.settings.temp_dir) / "in" / "quiet.wav", tone(440, 2.0, amp=0.02))
    job = jobs.submit("audio.normalize", {"input": str(quiet), "target_lufs": -16, "output_format": "wav"})
    assert job.status == "completed", job.error
    out = job.result["output"]  # type: ignore[index]
    samples, rate = decode_audio(Path(out["path"]))
    assert abs(lufs(samples, rate) - -16) < 0.5
    assert abs(samples.shape[1] / rate - 2.0) < 0.05


def test_a_bad_input_fails_the_job_naming_the_field(immediate_jobs: Immediate) -> None:
    jobs = immediate_jobs()
    missing = Path(jobs.settings.temp_dir) / "nothing.wav"
    job = jobs.submit("audio.normalize", {"input": str(missing)})
    assert job.status == "failed" and job.error is not None
    assert "input" in job.error.message or "input" in str(job.error.details)
    assert job.input["input"] == str(missing)  # a failed job keeps its input


def test_a_parent_and_its_children_run_to_the_end(immediate_jobs: Immediate, tmp_path: Path) -> None:
    jobs = immediate_jobs()
    runs = tmp_path / "runs"
    job = jobs.submit("test.parent", {"children": 3, "runs_file": str(runs), "child": {"seconds": 0, "steps": 1}})
    assert job.status == "completed", job.error
    assert job.result is not None and job.result["statuses"] == ["completed"] * 3
    children = jobs.store.children(job.id)
    assert [c.id for c in children] == job.result["children"]
    assert all(c.parent_id == job.id and c.status == "completed" for c in children)
    assert runs.read_text().split() == [job.id, job.id]  # parked while its children ran, then ran again


def test_retries_run_at_once(immediate_jobs: Immediate) -> None:
    job = immediate_jobs().submit("test.flaky", {"fail_times": 2, "max_retries": 3})
    assert job.status == "completed" and job.result == {"attempt": 3} and job.retries == 2
    assert any("retry 1 of 3" in line.message for line in job.logs or [])


def test_the_context_offers_the_provider_registry(immediate_jobs: Immediate) -> None:
    job = immediate_jobs().submit("test.providers", {})
    assert job.status == "completed" and job.result is not None
    assert "local" in job.result["image"] and "openai" in job.result["image"]
