"""Test-only job types (never shipped): registered by importing this module, in the test process and,
through MEDIA_SERVICE_EXTRA_JOB_MODULES, in worker processes. `mount(app)` adds their POST routes."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from media_service.errors import JobCancelledError, ProviderError, ValidationError
from media_service.jobs import JobContext, JobOptions, job_route, job_type


class SleepRequest(JobOptions):
    seconds: float = 0.05
    steps: int = 5
    cooperative: bool = True          # check ctx.cancelled() between steps
    started_file: str | None = None   # touched when the handler starts (tests wait on it)
    gate_file: str | None = None      # when set, wait until this file exists before sleeping
    done_file: str | None = None      # a line "<job_id> <attempt>" appended on success


class SleepResult(BaseModel):
    slept: float
    attempt: int


def _sleep(ctx: JobContext, req: SleepRequest) -> SleepResult:
    if req.started_file:
        Path(req.started_file).write_text(f"{time.time()}\n")
    while req.gate_file and not os.path.exists(req.gate_file):
        if req.cooperative and ctx.cancelled():
            raise JobCancelledError("stopped at the gate")
        time.sleep(0.01)
    for i in range(req.steps):
        if req.cooperative:
            ctx.raise_if_cancelled()
        time.sleep(req.seconds / max(1, req.steps))
        ctx.progress((i + 1) / req.steps, f"step {i + 1}")
    if req.done_file:
        with open(req.done_file, "a") as fh:
            fh.write(f"{ctx.job_id} {ctx.attempt}\n")
    ctx.log(f"slept {req.seconds}s")
    return SleepResult(slept=req.seconds, attempt=ctx.attempt)


io_sleep = job_type("test.sleep", request=SleepRequest, result=SleepResult, queue="io",
                    estimated_duration_sec=1)(_sleep)
cpu_sleep = job_type("test.cpu_sleep", request=SleepRequest, result=SleepResult, queue="cpu",
                     estimated_duration_sec=1)(_sleep)


class FlakyRequest(JobOptions):
    fail_times: int = 2
    retry_after: float | None = None
    kind: str = "provider"   # provider | network | validation


@job_type("test.flaky", request=FlakyRequest, queue="io")
def flaky(ctx: JobContext, req: FlakyRequest) -> dict[str, int]:
    """Fails the first `fail_times` attempts."""
    if req.kind == "validation":
        raise ValidationError("the prompt is empty", field="prompt")
    if ctx.attempt <= req.fail_times:
        if req.kind == "network":
            raise httpx.ConnectError("connection refused")
        raise ProviderError("upstream busy", provider="fake", status_code=429, retryable=True,
                            retry_after=req.retry_after)
    return {"attempt": ctx.attempt}


class SpawnRequest(JobOptions):
    pid_file: str


@job_type("test.spawn", request=SpawnRequest, queue="cpu")
def spawn(ctx: JobContext, req: SpawnRequest) -> dict[str, int]:
    """Starts a long child process and never checks for cancellation."""
    child = subprocess.Popen(["sleep", "300"])
    Path(req.pid_file).write_text(str(child.pid))
    time.sleep(300)
    return {"pid": child.pid}


class CrashRequest(JobOptions):
    crash_times: int = 1


@job_type("test.crash", request=CrashRequest, queue="cpu")
def crash(ctx: JobContext, req: CrashRequest) -> dict[str, int]:
    """The process dies (as a segfault or OOM kill would) on its first attempts."""
    if ctx.attempt <= req.crash_times:
        os._exit(3)
    return {"attempt": ctx.attempt}


WARMED: dict[str, int] = {"count": 0}  # how often this process ran `_warm` (a forked child inherits it)


def _warm() -> None:
    WARMED["count"] += 1


def report_warmed(conn: object) -> None:
    """Child-process target: send this process's warm count back."""
    conn.send(WARMED["count"])  # type: ignore[attr-defined]


class WarmRequest(JobOptions):
    pass


@job_type("test.warm", request=WarmRequest, queue="cpu", warm_up=_warm)
def warm(ctx: JobContext, req: WarmRequest) -> dict[str, int]:
    """Reports how often the process it runs in was warmed."""
    return {"warmed": WARMED["count"]}


class EchoRequest(JobOptions):
    value: str = "hi"


@job_type("test.echo", request=EchoRequest, queue="io", estimated_duration_sec=0.1)
def echo(ctx: JobContext, req: EchoRequest) -> dict[str, str]:
    """Returns its input."""
    return {"echo": req.value}


def _refuse_empty(req: EchoRequest, services: object) -> EchoRequest:
    if not req.value.strip():
        raise ValidationError("value must not be blank", field="value")
    return req.model_copy(update={"value": req.value.strip()})


strict_echo = job_type("test.strict_echo", request=EchoRequest, queue="io", prepare=_refuse_empty,
                       estimate=lambda req: len(req.value) / 10)(echo.handler)

@job_type("test.providers", request=EchoRequest, queue="io")
def providers(ctx: JobContext, req: EchoRequest) -> dict[str, list[str]]:
    """Names the image providers its context offers."""
    return {"image": ctx.providers.names("image")}


class ParentRequest(JobOptions):
    children: int = 3
    child_type: str = "test.sleep"
    child: SleepRequest = SleepRequest()
    count: int | None = None          # wait for this many to end (default all)
    runs_file: str | None = None      # a line "<job_id>" appended every time the handler runs


def _parent(ctx: JobContext, req: ParentRequest) -> dict[str, object]:
    """Submits `children` children (keyed, so every run gets the same ones), waits, reports them."""
    if req.runs_file:
        with open(req.runs_file, "a") as fh:
            fh.write(f"{ctx.job_id}\n")
    ids = [ctx.jobs.submit(req.child_type, req.child, key=f"child-{i}") for i in range(req.children)]
    ended = ctx.jobs.wait(ids, count=req.count)
    ctx.log(f"{len(ids)} children ended")
    return {"children": ids, "statuses": [job.status for job in ended],
            "listed": [job.id for job in ctx.jobs.all()]}


io_parent = job_type("test.parent", request=ParentRequest, queue="io")(_parent)
cpu_parent = job_type("test.cpu_parent", request=ParentRequest, queue="cpu")(_parent)

ALL = [io_sleep, cpu_sleep, flaky, spawn, crash, echo, strict_echo, io_parent, cpu_parent]


def mount(app: FastAPI) -> None:
    """POST /api/v1/test/<name> for every test type (called by install_jobs for extra job modules)."""
    router = APIRouter(prefix="/api/v1/test", tags=["test"])
    for jt in ALL:
        job_route(router, "/" + jt.name.removeprefix("test."), jt)
    app.include_router(router)
