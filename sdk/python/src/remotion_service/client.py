"""`RemotionClient` (blocking) and `AsyncRemotionClient` (asyncio): the resource tree of PRD §15.1.

    client = RemotionClient(base_url="http://localhost:3100", api_key="...")
    job = client.render.brief(brief={...}, quality=RenderQuality.PRODUCTION)
    result = client.jobs.wait(job.job_id, timeout=300)
    print(result.video_url)
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from ._generated import AsyncGroups, Groups
from ._transport import AsyncTransport, SyncTransport
from .jobs import AsyncJobs, Jobs
from .uploads import AsyncUploads, Uploads, output_url

__all__ = ["AsyncRemotionClient", "RemotionClient"]

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3


def _key(api_key: str | None) -> str | None:
    return api_key if api_key is not None else os.environ.get("REMOTION_SERVICE_API_KEY")


class RemotionClient(Groups):
    """The blocking client. `api_key` defaults to REMOTION_SERVICE_API_KEY; `max_retries` applies to 429/503
    answers (honouring Retry-After), connection failures, and 502/504 of requests safe to repeat."""

    jobs: Jobs
    uploads: Uploads

    def __init__(self, base_url: str = "http://127.0.0.1:3100", api_key: str | None = None, *,
                 timeout: float = DEFAULT_TIMEOUT, max_retries: int = DEFAULT_RETRIES,
                 api_prefix: str = "/api/v1", http_client: httpx.Client | None = None) -> None:
        self.api_prefix = api_prefix.rstrip("/")
        self._transport = SyncTransport(base_url, _key(api_key), timeout=timeout, max_retries=max_retries,
                                        client=http_client)
        self._mount_groups()
        self.jobs = Jobs(self)
        self.uploads = Uploads(self)

    def download(self, output: Any, path: str | os.PathLike[str]) -> Path:
        """Save an output (its signed URL, an OutputRef, or a result with `output`) to `path`."""
        target = Path(path)
        with self._transport.client.stream("GET", output_url(output)) as resp:
            if resp.status_code >= 400:
                resp.read()
                self._transport.result(resp)
            with target.open("wb") as fh:
                for chunk in resp.iter_bytes():
                    fh.write(chunk)
        return target

    def close(self) -> None:
        """Close the connections."""
        self._transport.close()

    def __enter__(self) -> RemotionClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class AsyncRemotionClient(AsyncGroups):
    """The asyncio client: the same tree, every method a coroutine (`jobs.stream` an async iterator)."""

    jobs: AsyncJobs
    uploads: AsyncUploads

    def __init__(self, base_url: str = "http://127.0.0.1:3100", api_key: str | None = None, *,
                 timeout: float = DEFAULT_TIMEOUT, max_retries: int = DEFAULT_RETRIES,
                 api_prefix: str = "/api/v1", http_client: httpx.AsyncClient | None = None) -> None:
        self.api_prefix = api_prefix.rstrip("/")
        self._transport = AsyncTransport(base_url, _key(api_key), timeout=timeout, max_retries=max_retries,
                                         client=http_client)
        self._mount_groups()
        self.jobs = AsyncJobs(self)
        self.uploads = AsyncUploads(self)

    async def download(self, output: Any, path: str | os.PathLike[str]) -> Path:
        """Save an output (its signed URL, an OutputRef, or a result with `output`) to `path`."""
        target = Path(path)
        async with self._transport.client.stream("GET", output_url(output)) as resp:
            if resp.status_code >= 400:
                await resp.aread()
                self._transport.result(resp)
            with target.open("wb") as fh:
                async for chunk in resp.aiter_bytes():
                    fh.write(chunk)
        return target

    async def close(self) -> None:
        """Close the connections."""
        await self._transport.close()

    async def __aenter__(self) -> AsyncRemotionClient:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()
