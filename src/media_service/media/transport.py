"""Outbound HTTP with the egress guard at connect time: resolve once, check, connect to that address.

The guard sits in an httpcore network backend, below httpx's URL handling: `connect_tcp` receives
the origin host, resolves it exactly once, checks every address with `check_address`, and opens
the socket to one of the checked addresses. Nothing re-resolves the name afterwards, so DNS
rebinding between check and connect is impossible, while the Host header and TLS SNI still carry
the original name (httpcore takes both from the request origin, not from the socket).

Every outbound path (downloads, webhooks, provider calls) should use `make_guarded_client` or
`make_async_guarded_client`. Those clients ignore proxy environment variables (a proxy would be
the address checked instead of the target) and never follow redirects on their own;
`open_stream` follows them by hand, re-validating each hop.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import anyio
import httpcore
import httpx

from ..errors import DownloadError
from ..logs import get_logger
from .config import EgressPolicy
from .egress import EgressDenied, IPAddress, check_address, host_trusted, parse_host_literal, validate_url

__all__ = [
    "AsyncGuardedTransport",
    "AsyncResolver",
    "FetchFailure",
    "GuardedTransport",
    "Resolver",
    "UnresolvableHost",
    "fetch_failure",
    "make_async_guarded_client",
    "make_guarded_client",
    "open_stream",
]

Resolver = Callable[[str, int], list[IPAddress]]
AsyncResolver = Callable[[str, int], Awaitable[list[IPAddress]]]
SocketOption = Any

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
DEFAULT_LIMITS = httpx.Limits(max_connections=50, max_keepalive_connections=10)
_log = get_logger(__name__)


def _unique(infos: Iterable[tuple[Any, ...]]) -> list[IPAddress]:
    seen: dict[IPAddress, None] = {}
    for info in infos:
        seen.setdefault(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]), None)
    return list(seen)


def system_resolver(host: str, port: int) -> list[IPAddress]:
    """Addresses for `host` from the system resolver (getaddrinfo), in preference order."""
    return _unique(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))


async def async_system_resolver(host: str, port: int) -> list[IPAddress]:
    """`system_resolver` without blocking the event loop."""
    return _unique(await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM))


class UnresolvableHost(httpcore.ConnectError):
    """The host name has no address: permanent for this request, so not worth a retry."""


@dataclass(frozen=True, slots=True)
class FetchFailure:
    """What a client is told about a failed outbound request: a category, never the socket error
    (which would tell a closed port from an open one)."""

    reason: str  # "not_found" | "timeout" | "refused"
    message: str
    retryable: bool


def fetch_failure(exc: httpx.HTTPError) -> FetchFailure:
    """The category of a transport failure: host not found (not retried), timeout, or refused."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, UnresolvableHost):
            return FetchFailure("not_found", "the host name does not resolve", False)
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.TimeoutException):
        return FetchFailure("timeout", "timed out", True)
    return FetchFailure("refused", "the connection was refused or dropped", True)


def _checked_literal(host: str, port: int, policy: EgressPolicy) -> list[IPAddress] | None:
    try:
        literal = parse_host_literal(host)
    except ValueError as exc:
        raise httpcore.ConnectError(str(exc)) from None
    if literal is None:
        return None
    check_address(literal, policy, trusted=host_trusted(host, port, policy))
    return [literal]


def _check_all(host: str, port: int, addresses: list[IPAddress], policy: EgressPolicy) -> list[IPAddress]:
    if not addresses:
        raise UnresolvableHost(f"{host} did not resolve to any address")
    trusted = host_trusted(host, port, policy)
    # One denied address denies the name: a record set mixing public and internal addresses is
    # exactly what a rebinding attack looks like.
    for ip in addresses:
        try:
            check_address(ip, policy, trusted=trusted)
        except EgressDenied as exc:
            _log.warning("media.egress.denied", host=host, address_class=exc.details.get("address_class"))
            raise
    return addresses


class _GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, policy: EgressPolicy, resolver: Resolver, inner: httpcore.NetworkBackend) -> None:
        self._policy, self._resolver, self._inner = policy, resolver, inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[SocketOption] | None = None) -> httpcore.NetworkStream:
        addresses = _checked_literal(host, port, self._policy)
        if addresses is None:
            try:
                resolved = self._resolver(host, port)
            except OSError:
                raise UnresolvableHost(f"cannot resolve {host}") from None
            addresses = _check_all(host, port, resolved, self._policy)
        error: Exception | None = None
        for ip in addresses:
            try:
                return self._inner.connect_tcp(str(ip), port, timeout=timeout, local_address=local_address,
                                               socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[SocketOption] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not reachable through the egress guard")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, policy: EgressPolicy, resolver: AsyncResolver, inner: httpcore.AsyncNetworkBackend) -> None:
        self._policy, self._resolver, self._inner = policy, resolver, inner

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                          socket_options: Iterable[SocketOption] | None = None) -> httpcore.AsyncNetworkStream:
        addresses = _checked_literal(host, port, self._policy)
        if addresses is None:
            try:
                resolved = await self._resolver(host, port)
            except OSError:
                raise UnresolvableHost(f"cannot resolve {host}") from None
            addresses = _check_all(host, port, resolved, self._policy)
        error: Exception | None = None
        for ip in addresses:
            try:
                return await self._inner.connect_tcp(str(ip), port, timeout=timeout, local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[SocketOption] | None = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not reachable through the egress guard")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """`httpx.HTTPTransport` whose connections pass the egress guard.

    `resolver` and `network_backend` are the edges tests replace (a fixed name→address table, a
    backend that records where it connected).
    """

    def __init__(self, policy: EgressPolicy, *, resolver: Resolver | None = None,
                 network_backend: httpcore.NetworkBackend | None = None, verify: bool = True,
                 limits: httpx.Limits = DEFAULT_LIMITS) -> None:
        super().__init__(verify=verify, trust_env=False, limits=limits)
        # HTTPTransport takes no network backend, so replace the pool it built with one that has ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(policy, resolver or system_resolver,
                                            network_backend or httpcore.SyncBackend()),
        )


class AsyncGuardedTransport(httpx.AsyncHTTPTransport):
    """The async twin of `GuardedTransport`."""

    def __init__(self, policy: EgressPolicy, *, resolver: AsyncResolver | None = None,
                 network_backend: httpcore.AsyncNetworkBackend | None = None, verify: bool = True,
                 limits: httpx.Limits = DEFAULT_LIMITS) -> None:
        super().__init__(verify=verify, trust_env=False, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_AsyncGuardedBackend(policy, resolver or async_system_resolver,
                                                 network_backend or httpcore.AnyIOBackend()),
        )


def _timeout(policy: EgressPolicy, timeout: httpx.Timeout | float | None) -> httpx.Timeout:
    if timeout is not None:
        return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    read = float(getattr(policy, "read_timeout", 60.0))
    return httpx.Timeout(read, connect=float(getattr(policy, "connect_timeout", 10.0)))


def make_guarded_client(policy: EgressPolicy, *, timeout: httpx.Timeout | float | None = None,
                        resolver: Resolver | None = None, network_backend: httpcore.NetworkBackend | None = None,
                        headers: dict[str, str] | None = None) -> httpx.Client:
    """A sync client for all outbound HTTP. `policy` is usually the `MediaConfig`, whose connect and
    read timeouts apply unless `timeout` is given. Redirects are not followed; use `open_stream`.
    """
    return httpx.Client(transport=GuardedTransport(policy, resolver=resolver, network_backend=network_backend),
                        timeout=_timeout(policy, timeout), follow_redirects=False, trust_env=False,
                        headers=headers)


def make_async_guarded_client(policy: EgressPolicy, *, timeout: httpx.Timeout | float | None = None,
                              resolver: AsyncResolver | None = None,
                              network_backend: httpcore.AsyncNetworkBackend | None = None,
                              headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    """The async twin of `make_guarded_client` (webhook delivery, async provider calls)."""
    return httpx.AsyncClient(transport=AsyncGuardedTransport(policy, resolver=resolver,
                                                             network_backend=network_backend),
                             timeout=_timeout(policy, timeout), follow_redirects=False, trust_env=False,
                             headers=headers)


@contextmanager
def open_stream(client: httpx.Client, url: str, *, policy: EgressPolicy, max_redirects: int = 5,
                headers: dict[str, str] | None = None, field: str | None = None) -> Iterator[httpx.Response]:
    """GET `url` as a streamed response, following at most `max_redirects` redirects.

    Every hop's URL passes `validate_url` before any connection is made for it, and the transport
    checks the address it connects to. Raises `EgressDenied` for a refused hop and `DownloadError`
    (not retryable) for too many redirects; the final response may have any status.
    """
    current = validate_url(url, policy, field=field)
    for hop in range(max_redirects + 1):
        response = client.send(client.build_request("GET", current, headers=headers), stream=True)
        location = response.headers.get("location")
        if response.status_code not in _REDIRECTS or not location:
            try:
                yield response
            finally:
                response.close()
            return
        response.close()
        if hop == max_redirects:
            break
        try:
            target = str(response.url.join(location))
        except httpx.InvalidURL:
            raise DownloadError("redirect to an invalid URL", retryable=False, details={"field": field}) from None
        current = validate_url(target, policy, field=field)
    raise DownloadError(f"too many redirects (more than {max_redirects})", retryable=False,
                        details={"field": field, "max_redirects": max_redirects})
