"""What every resource group shares: a call, a job submission (with its Idempotency-Key), argument encoding."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from pydantic import BaseModel

from ._transport import Request, new_idempotency_key
from .models import Job

if TYPE_CHECKING:
    from .client import AsyncRemotionClient, RemotionClient

__all__ = ["AsyncResource", "SyncResource", "jsonable"]


def _segment(value: str) -> str:
    return quote(str(value), safe="")


def jsonable(value: Any) -> Any:
    """Models, enums and nested containers as plain JSON values; `None` fields are left out of bodies."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def as_job(data: Any) -> Any:
    """A submission's answer as a Job when it is one (a dry run's check, a contract body: as answered)."""
    if isinstance(data, dict) and ("job_id" in data or "id" in data) and "status" in data:
        return Job.model_validate(data)
    return data


def _request(method: str, path: str, body: Any, params: dict[str, Any] | None,
             idempotency_key: str | None = None) -> Request:
    return Request(method, path, params=params, json=jsonable(body) if body is not None else None,
                   idempotency_key=idempotency_key)


class SyncResource:
    """A group of the blocking client."""

    def __init__(self, client: RemotionClient) -> None:
        self._client = client

    def _call(self, method: str, path: str, *, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        return self._client._transport.call(_request(method, path, body, params))

    def _submit(self, path: str, body: Any, *, params: dict[str, Any] | None = None,
                idempotency_key: str | None = None) -> Job:
        """POST a job request. The answer is a Job, except for a dry run (its check, a dict) and the
        Sparkfluence contract routes (their own bodies)."""
        key = idempotency_key or new_idempotency_key()  # the same on every retry of this submission
        return cast("Job", as_job(self._client._transport.call(_request("POST", path, body, params, key))))


class AsyncResource:
    """A group of the asyncio client."""

    def __init__(self, client: AsyncRemotionClient) -> None:
        self._client = client

    async def _call(self, method: str, path: str, *, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        return await self._client._transport.call(_request(method, path, body, params))

    async def _submit(self, path: str, body: Any, *, params: dict[str, Any] | None = None,
                      idempotency_key: str | None = None) -> Job:
        """As the blocking `_submit`."""
        key = idempotency_key or new_idempotency_key()
        return cast("Job", as_job(await self._client._transport.call(_request("POST", path, body, params, key))))
