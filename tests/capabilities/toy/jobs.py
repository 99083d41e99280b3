"""`toy.echo` (queue `cpu`: it runs in a forked child of a real worker)."""

from __future__ import annotations

import os

from media_service.jobs import JobContext, job_type

from .schemas import EchoRequest, EchoResult


@job_type("toy.echo", request=EchoRequest, result=EchoResult, queue="cpu", estimated_duration_sec=0.1)
def echo(ctx: JobContext, request: EchoRequest) -> EchoResult:
    """Echo the text back, reversed too, with the pid of the process that ran it."""
    ctx.progress(0.5, "echoing")
    ctx.log(f"echo {len(request.text)} characters")
    return EchoResult(text=request.text, reversed=request.text[::-1], pid=os.getpid())
