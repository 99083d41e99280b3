"""`client.jobs`: get, list, cancel, logs, result, wait (SSE with a polling fallback) and stream (SSE with
`Last-Event-ID` resume), sync and async alike."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from ._resource import AsyncResource, SyncResource, _segment
from ._sse import SSEParser
from ._transport import Request
from .errors import APIConnectionError, JobFailedError, TimeoutError
from .models import Job, JobEvent, JobResult

if TYPE_CHECKING:
    from .client import AsyncRemotionClient, RemotionClient

__all__ = ["AsyncJobs", "Jobs"]

POLL_SEC = (0.25, 2.0)  # first and largest interval of the polling fallback


def _finished(job: Job) -> JobResult:
    if job.status == "completed":
        return JobResult.of(job)
    error = job.error or {}
    raise JobFailedError(f"job {job.job_id} {job.status}: {error.get('message', 'no message')}",
                         code=str(error.get("code") or job.status.upper()), details=error.get("details") or {},
                         job=job)


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.monotonic()


def _timed_out(job_id: str, timeout: float | None) -> TimeoutError:
    return TimeoutError(f"job {job_id} did not finish within {timeout} s", code="WAIT_TIMEOUT")


@dataclass
class _EventsRequest:
    url: str
    headers: dict[str, str]
    timeout: httpx.Timeout


def _events_request(transport: Any, url: str, last_event_id: int | None, deadline: float | None, job_id: str,
                    timeout: float | None) -> _EventsRequest:
    """One (re)connection to a job's events: resumed after `last_event_id`, read timeout within the deadline."""
    headers: dict[str, str] = transport.headers(Request("GET", ""))
    headers["Accept"] = "text/event-stream"
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    left = _remaining(deadline)
    if left is not None and left <= 0:
        raise _timed_out(job_id, timeout)
    return _EventsRequest(url, headers, httpx.Timeout(transport.timeout, read=left or 60.0))


def _list_params(status: str | None, type: str | None, parent_id: str | None, limit: int | None,  # noqa: A002
                 cursor: str | None, include: str | None) -> dict[str, Any]:
    return {"status": status, "type": type, "parent_id": parent_id, "limit": limit, "cursor": cursor,
            "include": include}


class Jobs(SyncResource):
    """`client.jobs` of the blocking client."""

    def __init__(self, client: RemotionClient) -> None:
        super().__init__(client)
        self._prefix = client.api_prefix

    def get(self, job_id: str) -> Job:
        """The job (GET /jobs/{id}: the authoritative state)."""
        return Job.model_validate(self._call("GET", f"{self._prefix}/jobs/{_segment(job_id)}"))

    def list(self, *, status: str | None = None, type: str | None = None,  # noqa: A002
             parent_id: str | None = None, limit: int | None = None, cursor: str | None = None,
             include: str | None = None) -> dict[str, Any]:
        """A page of jobs, newest first: `{"jobs": [...], "next_cursor": ...}` as the service answers it."""
        data: dict[str, Any] = self._call("GET", f"{self._prefix}/jobs",
                                          params=_list_params(status, type, parent_id, limit, cursor, include))
        return data

    def cancel(self, job_id: str) -> Any:
        """Cancel the job (and its children)."""
        return self._call("DELETE", f"{self._prefix}/jobs/{_segment(job_id)}")

    def logs(self, job_id: str) -> Any:
        """The job's log lines."""
        return self._call("GET", f"{self._prefix}/jobs/{_segment(job_id)}/logs")

    def result(self, job_id: str) -> JobResult:
        """The result of a completed job."""
        return JobResult.model_validate(self._call("GET", f"{self._prefix}/jobs/{_segment(job_id)}/result"))

    def wait(self, job_id: str, *, timeout: float | None = 600.0) -> JobResult:
        """Block until the job ends; its result, or JobFailedError (failed, cancelled, timed out) or TimeoutError
        after `timeout` seconds. Follows the job's events (SSE) and falls back to polling when they break."""
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            for event in self.stream(job_id, timeout=timeout):
                if event.terminal:
                    break
        except (APIConnectionError, httpx.HTTPError):
            pass  # the events broke off: poll instead
        delay = POLL_SEC[0]
        while True:
            job = self.get(job_id)
            if job.finished:
                return _finished(job)
            left = _remaining(deadline)
            if left is not None and left <= 0:
                raise _timed_out(job_id, timeout)
            time.sleep(min(delay, left) if left is not None else delay)
            delay = min(delay * 2, POLL_SEC[1])

    def stream(self, job_id: str, *, last_event_id: int | None = None,
               timeout: float | None = None) -> Iterator[JobEvent]:
        """The job's events as they happen (its history first), ending after the terminal one. A dropped
        connection is resumed with `Last-Event-ID` (up to the client's max_retries in a row)."""
        transport = self._client._transport
        deadline = None if timeout is None else time.monotonic() + timeout
        failures = 0
        while True:
            args = _events_request(transport, f"{self._prefix}/jobs/{_segment(job_id)}/events", last_event_id,
                                   deadline, job_id, timeout)
            try:
                with transport.client.stream("GET", args.url, headers=args.headers, timeout=args.timeout) as resp:
                    if resp.status_code >= 400:
                        resp.read()
                        transport.result(resp)  # raises the service's error
                    parser = SSEParser()
                    for line in resp.iter_lines():
                        payload = parser.feed(line)
                        if payload is None:
                            continue
                        event = JobEvent.model_validate(payload)
                        last_event_id, failures = event.id, 0
                        yield event
                        if event.terminal:
                            return
                        left = _remaining(deadline)
                        if left is not None and left <= 0:
                            raise _timed_out(job_id, timeout)
                if self.get(job_id).finished:
                    return  # the stream ended cleanly after the terminal event we already passed
            except (httpx.TransportError, httpx.StreamError) as exc:
                failures += 1
                if failures > transport.max_retries:
                    raise APIConnectionError(f"events of {job_id}: {exc}", code="CONNECTION_ERROR") from exc
                time.sleep(transport.delay(failures - 1, None))


class AsyncJobs(AsyncResource):
    """`client.jobs` of the asyncio client."""

    def __init__(self, client: AsyncRemotionClient) -> None:
        super().__init__(client)
        self._prefix = client.api_prefix

    async def get(self, job_id: str) -> Job:
        """The job (GET /jobs/{id}: the authoritative state)."""
        return Job.model_validate(await self._call("GET", f"{self._prefix}/jobs/{_segment(job_id)}"))

    async def list(self, *, status: str | None = None, type: str | None = None,  # noqa: A002
                   parent_id: str | None = None, limit: int | None = None, cursor: str | None = None,
                   include: str | None = None) -> dict[str, Any]:
        """A page of jobs, newest first: `{"jobs": [...], "next_cursor": ...}` as the service answers it."""
        data: dict[str, Any] = await self._call("GET", f"{self._prefix}/jobs",
                                                params=_list_params(status, type, parent_id, limit, cursor, include))
        return data

    async def cancel(self, job_id: str) -> Any:
        """Cancel the job (and its children)."""
        return await self._call("DELETE", f"{self._prefix}/jobs/{_segment(job_id)}")

    async def logs(self, job_id: str) -> Any:
        """The job's log lines."""
        return await self._call("GET", f"{self._prefix}/jobs/{_segment(job_id)}/logs")

    async def result(self, job_id: str) -> JobResult:
        """The result of a completed job."""
        return JobResult.model_validate(await self._call("GET", f"{self._prefix}/jobs/{_segment(job_id)}/result"))

    async def wait(self, job_id: str, *, timeout: float | None = 600.0) -> JobResult:
        """Wait until the job ends (as the blocking client's `wait`)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            async for event in self.stream(job_id, timeout=timeout):
                if event.terminal:
                    break
        except (APIConnectionError, httpx.HTTPError):
            pass
        delay = POLL_SEC[0]
        while True:
            job = await self.get(job_id)
            if job.finished:
                return _finished(job)
            left = _remaining(deadline)
            if left is not None and left <= 0:
                raise _timed_out(job_id, timeout)
            await asyncio.sleep(min(delay, left) if left is not None else delay)
            delay = min(delay * 2, POLL_SEC[1])

    async def stream(self, job_id: str, *, last_event_id: int | None = None,
                     timeout: float | None = None) -> AsyncIterator[JobEvent]:
        """The job's events (as the blocking client's `stream`)."""
        transport = self._client._transport
        deadline = None if timeout is None else time.monotonic() + timeout
        failures = 0
        while True:
            args = _events_request(transport, f"{self._prefix}/jobs/{_segment(job_id)}/events", last_event_id,
                                   deadline, job_id, timeout)
            try:
                async with transport.client.stream("GET", args.url, headers=args.headers, timeout=args.timeout) as resp:
                    if resp.status_code >= 400:
                        await resp.aread()
                        transport.result(resp)
                    parser = SSEParser()
                    async for line in resp.aiter_lines():
                        payload = parser.feed(line)
                        if payload is None:
                            continue
                        event = JobEvent.model_validate(payload)
                        last_event_id, failures = event.id, 0
                        yield event
                        if event.terminal:
                            return
                        left = _remaining(deadline)
                        if left is not None and left <= 0:
                            raise _timed_out(job_id, timeout)
                if (await self.get(job_id)).finished:
                    return
            except (httpx.TransportError, httpx.StreamError) as exc:
                failures += 1
                if failures > transport.max_retries:
                    raise APIConnectionError(f"events of {job_id}: {exc}", code="CONNECTION_ERROR") from exc
                await asyncio.sleep(transport.delay(failures - 1, None))
