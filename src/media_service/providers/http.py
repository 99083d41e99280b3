"""One HTTP policy for every provider adapter: timeouts, the retry table, polling and checked downloads.

    http = ProviderHttp(Endpoint("openai", base_url, headers={"Authorization": f"Bearer {key}"},
                                 setting="OPENAI_API_KEY", timeout=120.0, secrets=(key,)),
                        read_error=read_openai_error, egress=media_config)
    response = http.send("POST", "/images/generations", json=body, paid=True)
    job = http.poll(lambda: http.send("GET", job_url).json(), done=is_terminal, schedule=PollSchedule())
    saved = http.download(output_url, workdir / "image", accept=IMAGE)

The retry table (providers.md §0), applied inside one call:
- network errors: retried when the request never reached the vendor (connection refused / connect
  timeout); other network errors are retried only for requests that are not `paid`;
- 408, 409, 429, 500, 502, 503, 504: retried, waiting `retry-after-ms`, `Retry-After` (seconds or HTTP
  date) or the vendor's own hint (Gemini `RetryInfo`, Replicate "resets in ~Ns") when given, else
  exponential backoff with jitter. A `paid` request is retried only after 429/503, which say the work
  was refused before it started; any other failure of paid work is not retried (it may be billed twice);
- quota exhaustion, 400/401/403/404/422: never retried.
A wait longer than `max_retry_wait` or the last attempt raises `ProviderRetryableError` with the delay, so
the job runtime decides whether to come back later. URLs under the configured base URL's origin are
trusted and get the credentials; any other URL a vendor hands back passes the egress guard, without them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import structlog

from media_service.errors import JobCancelledError
from media_service.media import EgressPolicy, MediaKind, make_guarded_client, sniff_bytes, validate_url

from .errors import (
    ProviderAuthError,
    ProviderError,
    ProviderQuotaError,
    ProviderRejectedError,
    ProviderRetryableError,
    ProviderUnavailableError,
    scrub,
)

__all__ = ["Cancelled", "Endpoint", "PollSchedule", "ProviderHttp", "SavedMedia", "VendorError", "parse_retry_after"]

T = TypeVar("T")
Cancelled = Callable[[], bool]
_log = structlog.get_logger("media_service.providers")
_RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
_REFUSED_BEFORE_WORK = frozenset({429, 503})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HEAD = 64


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a vendor lives and how to reach it. `headers` carry the credentials; `secrets` are scrubbed
    from every message; `setting` names the variable that holds the key."""

    name: str
    base_url: str
    headers: Mapping[str, str] = field(repr=False)
    setting: str
    timeout: float = 60.0
    secrets: tuple[str, ...] = field(default=(), repr=False)
    max_attempts: int = 3
    max_retry_wait: float = 30.0
    backoff: float = 0.5


@dataclass(frozen=True, slots=True)
class VendorError:
    """What an adapter reads from a vendor's error answer."""

    message: str
    code: str | None = None
    retry_after: float | None = None
    quota: bool = False
    auth: bool = False
    retryable: bool = False  # a rate limit the vendor answers with another status (YouTube's 403)
    refused: bool = False  # a 401/403 that refuses the request, not the credentials (TikTok spam_risk_*)


@dataclass(frozen=True, slots=True)
class PollSchedule:
    """Polling: first wait, growth factor, longest wait and the overall deadline, in seconds."""

    first: float = 1.0
    factor: float = 1.5
    cap: float = 30.0
    deadline: float = 300.0


@dataclass(frozen=True, slots=True)
class SavedMedia:
    """A file a provider produced, checked by its magic bytes."""

    path: Path
    mime: str
    size: int


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (delta-seconds or an HTTP date)."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class ProviderHttp:
    """The shared client of one vendor. Long-lived: build once, `close()` at shutdown."""

    def __init__(self, endpoint: Endpoint, *, read_error: Callable[[httpx.Response], VendorError],
                 egress: EgressPolicy, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.endpoint = endpoint
        self._read_error = read_error
        self._egress = egress
        self._sleep = sleep
        self._base = httpx.URL(endpoint.base_url.rstrip("/") + "/")
        self._client = httpx.Client(headers=dict(endpoint.headers), timeout=endpoint.timeout, trust_env=False,
                                    follow_redirects=False, transport=transport)
        self._guarded: httpx.Client | None = None

    @property
    def name(self) -> str:
        return self.endpoint.name

    def close(self) -> None:
        self._client.close()
        if self._guarded is not None:
            self._guarded.close()

    def url(self, path_or_url: str) -> httpx.URL:
        """An absolute URL verbatim (vendors hand back polling/download URLs); a path joined to the base."""
        if "://" in path_or_url:
            return httpx.URL(path_or_url)
        return self._base.join(path_or_url.lstrip("/"))

    def is_trusted(self, url: httpx.URL) -> bool:
        """True for URLs on the configured base URL's origin (scheme, host and port)."""
        return (url.scheme, url.host, url.port) == (self._base.scheme, self._base.host, self._base.port)

    # requests ----------------------------------------------------------------------------------------
    def send(self, method: str, path_or_url: str, *, json: Any = None, data: Mapping[str, str] | None = None,
             files: Any = None, headers: Mapping[str, str] | None = None, paid: bool = False,
             cancelled: Cancelled | None = None, follow: int = 0) -> httpx.Response:
        """One logical request with the retry table applied; returns a 2xx response or raises a ProviderError.

        `paid` marks requests that start billable work (generation, predictions): see the module docstring.
        `follow` > 0 follows up to that many redirects on the base URL's origin, credentials kept (Modal's
        303 loop for calls longer than its 150 s HTTP limit); a redirect elsewhere is refused.
        """
        url = self.url(path_or_url)
        if not self.is_trusted(url):
            raise ProviderRejectedError(f"{self.name}: refusing to send credentials to another origin",
                                        provider=self.name, reason="invalid_response")
        for attempt in range(1, self.endpoint.max_attempts + 1):
            body = {"json": json, "data": data, "files": files}
            failure = self._attempt(method, url, body=body, headers=headers, paid=paid, follow=follow)
            if isinstance(failure, httpx.Response):
                return failure
            wait = failure.retry_after if failure.retry_after is not None else self._backoff(attempt)
            if attempt == self.endpoint.max_attempts or wait > self.endpoint.max_retry_wait:
                raise failure
            _log.info("providers.request.retry", provider=self.name, path=url.path, attempt=attempt,
                      status_code=failure.details.get("status_code"), wait_sec=round(wait, 3))
            self.wait(wait, cancelled)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns or raises

    def _attempt(self, method: str, url: httpx.URL, *, body: dict[str, Any], headers: Mapping[str, str] | None,
                 paid: bool, follow: int = 0) -> httpx.Response | ProviderError:
        try:
            response = self._client.request(method, url, headers=headers, **body)
            for _ in range(follow):
                location = response.headers.get("location")
                if response.status_code not in _REDIRECTS or not location:
                    break
                target = response.url.join(location)
                if not self.is_trusted(target):
                    raise ProviderRejectedError(f"{self.name}: refusing a redirect to another origin",
                                                provider=self.name, reason="invalid_response")
                response.close()
                keep = response.status_code in (307, 308)  # 301/302/303: the next hop is a plain GET
                response = self._client.request(method if keep else "GET", target, headers=headers,
                                                **(body if keep else {}))
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            return ProviderRetryableError(f"{self.name}: could not connect ({type(exc).__name__})",
                                          provider=self.name, reason="network")
        except httpx.TransportError as exc:
            if paid:
                raise ProviderUnavailableError(
                    f"{self.name}: {type(exc).__name__} after the request was sent; not retried so the work "
                    "is not paid for twice", provider=self.name) from None
            return ProviderRetryableError(f"{self.name}: network error ({type(exc).__name__})",
                                          provider=self.name, reason="network")
        if response.is_success:
            return response
        failure = self.map_error(response, paid=paid)
        if not failure.retryable:
            raise failure
        return failure

    def map_error(self, response: httpx.Response, *, paid: bool = False) -> ProviderError:
        """The shared error for a non-2xx answer, read with the vendor's `read_error`."""
        response.read()
        status = response.status_code
        info = self._read_error(response)
        kw: dict[str, Any] = {"provider": self.name, "status_code": status,
                              "provider_message": scrub(info.message, self.endpoint.secrets)}
        if info.quota:
            return ProviderQuotaError(f"{self.name}: out of credits or quota", **kw)
        if info.retryable and not paid:
            return ProviderRetryableError(f"{self.name} answered {status}", **kw, retry_after=info.retry_after,
                                          reason="rate_limited")
        if info.auth or (status in (401, 403) and not info.refused):
            return ProviderAuthError(f"{self.name} refused the credentials; check {self.endpoint.setting}", **kw)
        if status in _RETRY_STATUS:
            if paid and status not in _REFUSED_BEFORE_WORK:
                return ProviderUnavailableError(f"{self.name} answered {status} to paid work; not retried so it "
                                                "is not paid for twice", **kw)
            retry_after = parse_retry_after(response.headers)
            return ProviderRetryableError(f"{self.name} answered {status}", **kw,
                                          retry_after=retry_after if retry_after is not None else info.retry_after,
                                          reason="rate_limited" if status == 429 else "server_error")
        return ProviderRejectedError(f"{self.name} rejected the request ({status})", **kw)

    def transfer(self, method: str, url: str, *, content: bytes, headers: Mapping[str, str],
                 accept: Collection[int] = ()) -> httpx.Response:
        """One raw attempt carrying `content` (an upload chunk), never retried here: the caller resumes.

        On the base URL's origin the credentials go along; any other URL (TikTok's upload host) passes the
        egress guard and gets none. Returns a 2xx response or one whose status is in `accept` (YouTube's 308);
        other answers map to the shared errors; a network failure is `ProviderRetryableError` (network).
        """
        target = self.url(url)
        trusted = self.is_trusted(target)
        if not trusted:
            target = validate_url(str(target), self._egress, field="provider_upload_url")
        client = self._client if trusted else self._guarded_client()
        try:
            response = client.request(method, target, content=content, headers=headers)
        except httpx.TransportError as exc:
            raise ProviderRetryableError(f"{self.name}: network error during the upload ({type(exc).__name__})",
                                         provider=self.name, reason="network") from None
        if response.is_success or response.status_code in accept:
            return response
        raise self.map_error(response)

    def add_secret(self, secret: str) -> None:
        """Scrub `secret` (a refreshed token) from every later message too."""
        if secret and secret not in self.endpoint.secrets:
            self.endpoint = replace(self.endpoint, secrets=(*self.endpoint.secrets, secret))

    def _backoff(self, attempt: int) -> float:
        return float(self.endpoint.backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.0))

    def wait(self, seconds: float, cancelled: Cancelled | None = None) -> None:
        """Sleep `seconds`, checking `cancelled` at least every quarter second."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if cancelled is not None and cancelled():
                raise JobCancelledError(f"cancelled while waiting for {self.name}")
            self._sleep(min(left, 0.25))

    # polling -----------------------------------------------------------------------------------------
    def poll(self, fetch: Callable[[], T], *, done: Callable[[T], bool], schedule: PollSchedule,
             hint: Callable[[T], float | None] | None = None, cancelled: Cancelled | None = None) -> T:
        """Call `fetch` until `done(state)`, waiting with backoff (or the vendor's `hint`) up to the deadline."""
        end = time.monotonic() + schedule.deadline
        delay = schedule.first
        while True:
            state = fetch()
            if done(state):
                return state
            wait = min((hint(state) if hint else None) or delay, end - time.monotonic())
            if wait <= 0:
                raise ProviderUnavailableError(f"{self.name} did not finish within {schedule.deadline:g} s",
                                               provider=self.name)
            self.wait(wait, cancelled)
            delay = min(delay * schedule.factor, schedule.cap)

    # files -------------------------------------------------------------------------------------------
    def download(self, url: str, stem: Path, *, accept: Collection[MediaKind], max_bytes: int,
                 max_redirects: int = 5) -> SavedMedia:
        """Stream `url` to `stem` + the detected extension; refuse content whose magic bytes are not accepted.

        Hops on the base URL's origin carry the credentials; any other hop passes the egress guard first.
        """
        current = self.url(url)
        for _ in range(max_redirects + 1):
            trusted = self.is_trusted(current)
            client = self._client if trusted else self._guarded_client()
            if not trusted:
                current = validate_url(str(current), self._egress, field="provider_output_url")
            with client.stream("GET", current) as response:
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location:
                    current = response.url.join(location)
                    continue
                if not response.is_success:
                    raise self.map_error(response)
                return self._save_stream(response.iter_bytes(), stem, accept=accept, max_bytes=max_bytes)
        raise ProviderRejectedError(f"{self.name}: too many redirects", provider=self.name, reason="invalid_response")

    def save_bytes(self, data: bytes, stem: Path, *, accept: Collection[MediaKind], max_bytes: int) -> SavedMedia:
        """Write media a vendor returned inline (raw body, base64) after the same checks as `download`."""
        return self._save_stream(iter((data,)), stem, accept=accept, max_bytes=max_bytes)

    def _save_stream(self, chunks: Any, stem: Path, *, accept: Collection[MediaKind], max_bytes: int) -> SavedMedia:
        part = stem.with_name(stem.name + ".part")
        size, head = 0, b""
        try:
            with part.open("wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise ProviderRejectedError(f"{self.name} returned more than {max_bytes} bytes",
                                                    provider=self.name, reason="invalid_response")
                    if len(head) < _HEAD:
                        head += chunk[:_HEAD]
                    out.write(chunk)
            detected = sniff_bytes(head)
            if detected is None or (MediaKind.ANY not in accept and detected.kind not in accept):
                found = detected.describe() if detected else "unrecognised bytes"
                raise ProviderRejectedError(f"{self.name} returned {found}, not {'/'.join(sorted(accept))}",
                                            provider=self.name, reason="invalid_response")
            path = stem.with_name(f"{stem.name}.{detected.ext}")
            part.replace(path)
            return SavedMedia(path, detected.mime, size)
        finally:
            part.unlink(missing_ok=True)

    def _guarded_client(self) -> httpx.Client:
        if self._guarded is None:
            self._guarded = make_guarded_client(self._egress, timeout=self.endpoint.timeout)
        return self._guarded
