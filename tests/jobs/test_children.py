"""Child jobs (`ctx.jobs`) through real workers: children carry `parent_id` (and are listed by it), a waiting
parent holds no slot, cancelling a parent cancels its children, a parent's deadline ends its children, a
cpu handler submits children over its pipe, and an old jobs.db gains the new columns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from media_service.jobs import Worker
from media_service.jobs.model import jobs as jobs_table
from media_service.jobs.store import JobStore
from media_service.settings import Settings

from .conftest import get_job, post_job, wait_for, wait_job

Client = Callable[..., TestClient]
Start = Callable[..., Worker]


def _children(client: TestClient, parent_id: str) -> list[dict[str, object]]:
    r = client.get("/api/v1/jobs", params={"parent_id": parent_id, "limit": 100})
    assert r.status_code == 200, r.text
    return list(r.json()["data"]["jobs"])


def test_a_waiting_parent_leaves_its_slot_and_resumes_when_its_children_end(
        jobs_client: Client, start_worker: Start, tmp_path: Path) -> None:
    # One slot in the whole worker: a parent that kept it while waiting would starve its own children.
    client = jobs_client({"JOB_QUEUE_MAX_CONCURRENT": "1", "JOB_QUEUE_IO_WORKERS": "1"})
    start_worker(client, queues=("io",))
    runs = tmp_path / "runs"
    parent = post_job(client, "parent", {"runs_file": str(runs), "child": {"seconds": 0.6, "steps": 2}})
    wait_for(lambda: get_job(client, parent).get("current_step") == "waiting for 3 child jobs", what="parent waits")
    waiting = get_job(client, parent)
    assert waiting["status"] == "processing"

    other = post_job(client, "echo", {"value": "meanwhile"})  # the slot is free while the parent waits
    children = _children(client, parent)
    assert len(children) == 3 and {c["parent_id"] for c in children} == {parent}
    assert wait_job(client, other, timeout=30)["status"] == "completed"

    done = wait_job(client, parent, timeout=30)
    assert done["status"] == "completed", done
    assert done["parent_id"] is None
    ids = done["result"]["children"]
    assert sorted(ids) == sorted(c["id"] for c in children)  # a re-run got the same children back (keys)
    assert done["result"]["statuses"] == ["completed"] * 3
    assert all(get_job(client, i)["status"] == "completed" for i in ids)
    assert len(runs.read_text().split()) >= 2  # ran, parked, ran again
    everything = client.get("/api/v1/jobs", params={"limit": 100}).json()["data"]["jobs"]
    assert len(everything) == 5  # the parent, three children, the echo: nothing duplicated


def test_cancelling_a_parent_cancels_its_children(jobs_client: Client, start_worker: Start, tmp_path: Path) -> None:
    client = jobs_client({"JOB_QUEUE_IO_WORKERS": "2"})
    start_worker(client, queues=("io",))
    gate = tmp_path / "never"
    parent = post_job(client, "parent", {"child": {"steps": 1, "gate_file": str(gate)}})
    wait_for(lambda: len(_children(client, parent)) == 3 and get_job(client, parent)["current_step"]
             == "waiting for 3 child jobs", what="three children")
    r = client.delete(f"/api/v1/jobs/{parent}")
    assert r.status_code in (200, 202), r.text
    assert wait_job(client, parent)["status"] == "cancelled"
    statuses = {c["id"]: wait_job(client, str(c["id"]))["status"] for c in _children(client, parent)}
    assert set(statuses.values()) == {"cancelled"}, statuses  # two were running (flagged), one still queued


def test_a_parents_deadline_covers_its_children(jobs_client: Client, start_worker: Start, tmp_path: Path) -> None:
    client = jobs_client()
    start_worker(client, queues=("io",))
    parent = post_job(client, "parent", {"timeout_sec": 1.5, "children": 2,
                                         "child": {"steps": 1, "gate_file": str(tmp_path / "never")}})
    wait_for(lambda: len(_children(client, parent)) == 2, what="two children")
    assert all(c["timeout_sec"] <= 1.5 for c in _children(client, parent))
    assert wait_job(client, parent, timeout=20)["status"] == "timeout"
    ended = [wait_job(client, str(c["id"]), timeout=20)["status"] for c in _children(client, parent)]
    assert set(ended) <= {"cancelled", "timeout"} and ended, ended


def test_a_cpu_handler_submits_children_over_its_pipe(jobs_client: Client, start_worker: Start) -> None:
    client = jobs_client()
    start_worker(client)
    parent = post_job(client, "cpu_parent", {"children": 2, "child_type": "test.cpu_sleep",
                                             "child": {"seconds": 0.05, "steps": 1}})
    done = wait_job(client, parent, timeout=60)
    assert done["status"] == "completed", done
    assert done["result"]["statuses"] == ["completed", "completed"]
    assert sorted(done["result"]["listed"]) == sorted(done["result"]["children"])
    assert {c["type"] for c in _children(client, parent)} == {"test.cpu_sleep"}


def test_unknown_parent_filter_lists_nothing(jobs_client: Client) -> None:
    client = jobs_client()
    post_job(client, "echo")
    assert _children(client, "job_nope") == []


def test_an_old_jobs_db_gains_the_new_columns(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    new = {"parent_id", "child_key", "not_after", "attempt_started_at", "wait_state", "waiting_for", "wait_count"}
    old = sa.MetaData()
    sa.Table("jobs", old, *[c._copy() for c in jobs_table.columns if c.name not in new])
    engine = sa.create_engine(f"sqlite:///{Path(settings.data_dir).resolve() / 'jobs.db'}")
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO jobs (id, type, queue, status, priority, input, progress, retries, "
                             "max_retries, attempts, timeout_sec, estimated_duration_sec, created_at, updated_at) "
                             "VALUES ('job_old', 'test.echo', 'io', 'completed', 'normal', '{}', 1, 0, 0, 1, 5, 1, "
                             "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
    engine.dispose()
    store = JobStore.from_settings(settings)
    try:
        job = store.get("job_old")
        assert job.status == "completed" and job.parent_id is None
        assert store.children("job_old") == []
    finally:
        store.close()
