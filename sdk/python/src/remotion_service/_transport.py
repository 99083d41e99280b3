"""HTTP for the clients: the key in a header, retries with backoff that honour `Retry-After` (429, 503, and
connection failures), one `Idempotency-Key` for every try of a job submission, and errors from the envelope."""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from .errors import APIConnectionError, RemotionError, error_from_response

__all__ = ["AsyncTransport", "Request", "SyncTransport", "USER_AGENT"]

USER_AGENT = "remotion-service-client-python/0.1.0"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_BACKOFF_SEC = 30.0


@dataclass
class Request:
    """One call: `json` or `files`/`data` as the body; `retry_unsafe` allows retrying a POST without a key."""

    method: str
    path: str
    params: dict[str, Any] | None = None
    json: Any = None
    files: Any = None
    data: Any = None
    headers: dict[str, str] | None = None
    idempotency_key: str | None = None
    stream: bool = False


def _clean(params: dict[str, Any] | None) -> dict[str, Any] | None:
    if not params:
        return None
    return {k: (v.value if hasattr(v, "value") else v) for k, v in params.items() if v is not None}


def retry_after(response: httpx.Response | None) -> float | None:
    """`Retry-After` in seconds (delta-seconds or an HTTP date), if the answer has one."""
    if response is None:
        return None
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


class _Base:
    def __init__(self, base_url: str, api_key: str | None, *, timeout: float, max_retries: int,
                 backoff: float = 0.5) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.backoff = backoff

    def headers(self, request: Request) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        if request.idempotency_key:
            headers["Idempotency-Key"] = request.idempotency_key
        headers.update(request.headers or {})
        return headers

    def retryable(self, request: Request, response: httpx.Response | None) -> bool:
        """Connection failures and 429/502/503/504; a POST only when it carries an Idempotency-Key (or was
        refused before it ran: 429, 503)."""
        safe = request.method in {"GET", "HEAD", "DELETE"} or request.idempotency_key is not None
        if response is None:
            return safe
        if response.status_code in (429, 503):
            return True
        return response.status_code in RETRY_STATUSES and safe

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        hinted = retry_after(response)
        if hinted is not None:
            return min(hinted, MAX_BACKOFF_SEC * 4)
        return float(min(MAX_BACKOFF_SEC, self.backoff * (2 ** attempt)) * (0.5 + random.random() / 2))

    def give_up(self, request: Request, attempt: int, exc: Exception) -> None:
        """Raise APIConnectionError for a connection failure that is not retried."""
        if attempt >= self.max_retries or not self.retryable(request, None):
            raise APIConnectionError(f"{request.method} {request.path}: {exc}", code="CONNECTION_ERROR") from exc

    def final(self, request: Request, attempt: int, response: httpx.Response) -> bool:
        """Whether `response` is the answer (a success, or an error not retried)."""
        return attempt >= self.max_retries or response.status_code < 400 or not self.retryable(request, response)

    def kwargs(self, request: Request) -> dict[str, Any]:
        return {"params": _clean(request.params), "json": request.json, "files": request.files,
                "data": request.data, "headers": self.headers(request)}

    @staticmethod
    def result(response: httpx.Response) -> Any:
        """The body's `data` for the service's envelope, else the whole JSON body (or the bytes)."""
        if response.status_code >= 400:
            try:
                body: Any = response.json()
            except ValueError:
                body = response.text
            raise error_from_response(response.status_code, body, response.headers)
        if not response.content:
            return None
        if "json" not in response.headers.get("content-type", ""):
            return response.content
        body = response.json()
        if isinstance(body, dict) and body.get("success") is True and "data" in body and "meta" in body:
            return body["data"]
        return body


class SyncTransport(_Base):
    """Blocking calls over one `httpx.Client`."""

    def __init__(self, base_url: str, api_key: str | None, *, timeout: float, max_retries: int,
                 client: httpx.Client | None = None) -> None:
        super().__init__(base_url, api_key, timeout=timeout, max_retries=max_retries)
        self.client = client or httpx.Client(base_url=self.base_url, timeout=timeout)

    def send(self, request: Request) -> httpx.Response:
        """The response, after retries (a final 4xx/5xx is returned for `result` to raise)."""
        for attempt in range(self.max_retries + 1):
            response: httpx.Response | None = None
            try:
                response = self.client.request(request.method, request.path, **self.kwargs(request))
            except httpx.TransportError as exc:
                self.give_up(request, attempt, exc)
            if response is not None and self.final(request, attempt, response):
                return response
            time.sleep(self.delay(attempt, response))
        raise RemotionError("unreachable")  # pragma: no cover

    def call(self, request: Request) -> Any:
        return self.result(self.send(request))

    def close(self) -> None:
        self.client.close()


class AsyncTransport(_Base):
    """The same over one `httpx.AsyncClient`."""

    def __init__(self, base_url: str, api_key: str | None, *, timeout: float, max_retries: int,
                 client: httpx.AsyncClient | None = None) -> None:
        super().__init__(base_url, api_key, timeout=timeout, max_retries=max_retries)
        self.client = client or httpx.AsyncClient(base_url=self.base_url, timeout=timeout)

    async def send(self, request: Request) -> httpx.Response:
        """The response, after retries (a final 4xx/5xx is returned for `result` to raise)."""
        for attempt in range(self.max_retries + 1):
            response: httpx.Response | None = None
            try:
                response = await self.client.request(request.method, request.path, **self.kwargs(request))
            except httpx.TransportError as exc:
                self.give_up(request, attempt, exc)
            if response is not None and self.final(request, attempt, response):
                return response
            await asyncio.sleep(self.delay(attempt, response))
        raise RemotionError("unreachable")  # pragma: no cover

    async def call(self, request: Request) -> Any:
        return self.result(await self.send(request))

    async def close(self) -> None:
        await self.client.aclose()


def new_idempotency_key() -> str:
    """A fresh key for one submission (every retry of it sends the same)."""
    return f"sdk-{uuid.uuid4()}"
