"""The offline pipeline: one 30 s 9:16 video from a topic, every provider `local`, through the service.

Ours: the pipeline's wall time, submission to completed (a TestClient over the app, an in-process worker on
the `io` and `cpu` queues, JOB_QUEUE_CPU_WORKERS cpu slots). Bound: the work itself, measured in the same run
— the sum of its child jobs' own run times (started → completed), as if each ran alone with no coordination;
ours/bound below 1 is what running children side by side gains, above 1 what coordinating them costs.
Prints each step's wall time (first submission → last child's end; clips and voiceovers overlap).

    python bench/pipeline.py [--resolution 720p] [--cpu-workers 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from media_service.app import create_app
from media_service.jobs import Worker
from media_service.settings import load_settings
from media_service.workers import context_services

KEY = "bench-key"


def _seconds(job: dict[str, object], start: str, end: str) -> float:
    a, b = job.get(start), job.get(end)
    if not isinstance(a, str) or not isinstance(b, str):
        return 0.0
    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resolution", choices=("720p", "1080p"), default="720p")
    parser.add_argument("--cpu-workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = load_settings({"DATA_DIR": str(root / "data"), "OUTPUT_DIR": str(root / "output"),
                                  "TEMP_DIR": str(root / "tmp"), "REMOTION_SERVICE_API_KEY": KEY,
                                  "RATE_LIMIT_ENABLED": "false", "EMBEDDED_WORKER": "false",
                                  "JOB_QUEUE_CPU_WORKERS": str(args.cpu_workers), "JOB_QUEUE_POLL_INTERVAL_MS": "20"},
                                 config_file=root / "absent.yaml")
        with TestClient(create_app(settings), headers={"X-API-Key": KEY}) as client:
            worker = Worker(settings, context=context_services()).start()
            try:
                started = time.monotonic()
                r = client.post("/api/v1/video/pipeline", json={"topic": "why sleep makes you smarter",
                                                                 "resolution": args.resolution})
                assert r.status_code == 202, r.text
                job_id = r.json()["data"]["job_id"]
                while (job := client.get(f"/api/v1/jobs/{job_id}").json()["data"])["status"] in ("queued", "processing"):
                    time.sleep(0.2)
                wall = time.monotonic() - started
            finally:
                worker.stop(grace=0)
            assert job["status"] == "completed", job
            children = client.get(f"/api/v1/jobs?parent_id={job_id}&limit=20").json()["data"]
            children = children["jobs"] if isinstance(children, dict) else children
    work = sum(_seconds(c, "started_at", "completed_at") for c in children)
    for step in job["result"]["steps"]:
        print(f"  {step['name']:13s} {step['seconds']:6.1f} s  ({len(step['job_ids'])} job(s), {step['provider']})")
    print(f"pipeline {args.resolution}: ours {wall:.1f} s  bound (children's own run time, summed) {work:.1f} s  "
          f"ratio {wall / work:.2f}  ({len(children)} child jobs, {job['result']['duration_seconds']:.2f} s video, "
          f"{job['result']['integrated_lufs']} LUFS)")


if __name__ == "__main__":
    main()
