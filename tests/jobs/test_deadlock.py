"""The batch deadlock, as reported: with the default JOB_QUEUE_MAX_CONCURRENT=10, twenty `POST /render/batch`
of one video each, then one `/audio/normalize`. When coordinators kept their slots while waiting, ten of them
filled the worker and nothing else ever ran, restarts included. Waiting parents now leave their slot: every
batch, every video and the normalize complete — also when the worker is killed (-9) half-way."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import HANG_LIMIT_SEC
from tests.mediagen import decode_audio, lufs, tone, write_wav

from .test_crash import Service

BATCHES = 20


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    svc = Service(tmp_path)
    for name in ("JOB_QUEUE_IO_WORKERS", "JOB_QUEUE_CPU_WORKERS"):  # the defaults: 32 io slots, one cpu per core
        svc.env.pop(name)
    svc.env["JOB_QUEUE_MAX_CONCURRENT"] = "10"
    svc.start()
    yield svc
    svc.stop()


def _video(i: int) -> dict[str, Any]:
    return {"format": "shorts_v1", "title": f"video {i}", "topics": [f"Topic {i}: two words"],
            "duration_per_topic": 2, "fps": 24, "resolution": {"width": 144, "height": 256}}


def _status(service: Service, job_id: str) -> str:
    return str(service.http.get(f"/api/v1/jobs/{job_id}").json()["data"]["status"])


def _completed_videos(service: Service) -> int:
    page = service.http.get("/api/v1/jobs", params={"type": "render.batch-item", "status": "completed",
                                                    "limit": 100}).json()["data"]
    return len(page["jobs"])


@pytest.mark.slow  # ~40 s on an idle 2-core machine
def test_twenty_batches_then_a_normalize_all_complete_across_a_worker_restart(service: Service,
                                                                               tmp_path: Path) -> None:
    batches = []
    for i in range(BATCHES):
        r = service.http.post("/api/v1/render/batch", json={"videos": [_video(i)], "quality": "preview",
                                                             "max_concurrent": 1})
        assert r.status_code == 202, r.text
        batches.append(r.json()["data"])
    quiet = write_wav(tmp_path / "out" / "quiet.wav", tone(440, 1.0, amp=0.02))
    r = service.http.post("/api/v1/audio/normalize", json={"input": str(quiet), "target_lufs": -16,
                                                           "output_format": "wav"})
    assert r.status_code == 202, r.text
    normalize = r.json()["data"]["job_id"]

    until = time.monotonic() + 60  # half-way: some videos done, the rest waiting or rendering
    while _completed_videos(service) < 4 and time.monotonic() < until:
        time.sleep(0.2)
    old = service.worker_pid()
    assert old is not None
    os.kill(old, signal.SIGKILL)
    until = time.monotonic() + HANG_LIMIT_SEC
    while service.worker_pid(exclude=old) is None and time.monotonic() < until:
        time.sleep(0.1)

    ids = [b["job_id"] for b in batches] + [normalize]
    until = time.monotonic() + 2 * HANG_LIMIT_SEC
    while time.monotonic() < until and any(_status(service, i) in ("queued", "processing") for i in ids):
        time.sleep(0.5)
    statuses = {i: _status(service, i) for i in ids}
    assert set(statuses.values()) == {"completed"}, statuses
    for batch in batches:
        view = service.http.get(f"/api/v1/render/batch/{batch['batch_id']}").json()["data"]
        assert view["status"] == "completed" and view["counts"] == {"completed": 1}, view
    assert _completed_videos(service) == BATCHES  # each video rendered to completion once
    out = service.http.get(f"/api/v1/jobs/{normalize}").json()["data"]["result"]["output"]
    samples, rate = decode_audio(Path(out["path"]))
    assert abs(lufs(samples, rate) - -16) < 0.5
