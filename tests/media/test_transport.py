"""The live egress path against a real server on 127.0.0.1 (never any other address)."""

from __future__ import annotations

import asyncio
import ipaddress
from functools import partial
from pathlib import Path

import httpcore
import httpx
import pytest

from media_service.errors import DownloadError
from media_service.media import (
    EgressDenied,
    MediaConfig,
    make_async_guarded_client,
    make_guarded_client,
    open_stream,
)

from .conftest import RecordingBackend, make_cfg
from .origin import Origin, redirect, send

LOOPBACK = ipaddress.ip_address("127.0.0.1")


def table_resolver(table: dict[str, list[str]]):  # noqa: ANN201 - a Resolver
    def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        if host not in table:
            raise OSError(f"unknown host {host}")
        return [ipaddress.ip_address(a) for a in table[host]]
    return resolve


def get(cfg: MediaConfig, backend: RecordingBackend, url: str, **kw: object) -> tuple[int, bytes]:
    with make_guarded_client(cfg, network_backend=backend, **kw) as client:  # type: ignore[arg-type]
        with open_stream(client, url, policy=cfg, max_redirects=cfg.max_redirects) as response:
            return response.status_code, response.read()


def test_plain_fetch_from_loopback(cfg: MediaConfig, origin: Origin, backend: RecordingBackend) -> None:
    origin.routes["/ok"] = lambda h: send(h, 200, b"hello")
    assert get(cfg, backend, origin.url("/ok")) == (200, b"hello")
    assert backend.connected == ["127.0.0.1"]


def test_strict_mode_refuses_redirect_to_metadata_before_connecting(
        strict_cfg: MediaConfig, origin: Origin, backend: RecordingBackend) -> None:
    origin.routes["/go"] = lambda h: redirect(h, "http://169.254.169.254/latest/meta-data/")
    with pytest.raises(EgressDenied, match="link-local"):
        get(strict_cfg, backend, origin.url("/go"))
    assert backend.connected == ["127.0.0.1"]  # only the allowed first hop
    assert origin.hits("/go") == 1


@pytest.mark.parametrize("target", ["http://10.0.0.1/", "http://[::ffff:10.0.0.1]/", "http://0x0a000001/",
                                    "http://192.168.0.1./", "file:///etc/passwd", "gopher://127.0.0.1/"])
def test_strict_mode_refuses_redirects_to_private_or_odd_targets(
        strict_cfg: MediaConfig, origin: Origin, backend: RecordingBackend, target: str) -> None:
    origin.routes["/go"] = lambda h: redirect(h, target, 307)
    with pytest.raises(EgressDenied):
        get(strict_cfg, backend, origin.url("/go"))
    assert backend.connected == ["127.0.0.1"]


def test_strict_mode_without_allow_networks_refuses_loopback(
        tmp_path: Path, origin: Origin, backend: RecordingBackend) -> None:
    cfg = make_cfg(tmp_path, block_private=True)
    origin.routes["/ok"] = lambda h: send(h, 200, b"x")
    with pytest.raises(EgressDenied, match="loopback"):
        get(cfg, backend, origin.url("/ok"))
    with make_guarded_client(cfg, network_backend=backend) as client:  # the transport alone refuses too
        with pytest.raises(EgressDenied):
            client.get(origin.url("/ok").replace("127.0.0.1", "2130706433"))
    assert backend.connected == []


def test_numeric_host_encodings_reach_the_address_they_denote(
        cfg: MediaConfig, origin: Origin, backend: RecordingBackend) -> None:
    origin.routes["/ok"] = lambda h: send(h, 200, b"x")
    for host in ("2130706433", "0x7f.1", "127.1", "0x7f000001"):
        assert get(cfg, backend, f"http://{host}:{origin.port}/ok") == (200, b"x")
    assert set(backend.connected) == {"127.0.0.1"}
    with pytest.raises(EgressDenied, match="not valid"):  # httpx's parser refuses dotted octal outright
        get(cfg, backend, f"http://0177.0.0.1:{origin.port}/ok")


def _chain(origin: Origin, length: int) -> None:
    for i in range(length, 0, -1):
        origin.routes[f"/r{i}"] = partial(redirect, location=f"/r{i - 1}")
    origin.routes["/r0"] = lambda h: send(h, 200, b"end")


def test_five_redirects_are_followed(cfg: MediaConfig, origin: Origin, backend: RecordingBackend) -> None:
    _chain(origin, 5)
    assert get(cfg, backend, origin.url("/r5")) == (200, b"end")


def test_a_sixth_redirect_fails(cfg: MediaConfig, origin: Origin, backend: RecordingBackend) -> None:
    _chain(origin, 6)
    with pytest.raises(DownloadError, match="too many redirects") as err:
        get(cfg, backend, origin.url("/r6"))
    assert err.value.retryable is False
    assert [path for path, _ in origin.requests] == ["/r6", "/r5", "/r4", "/r3", "/r2", "/r1"]


def test_guarded_client_does_not_follow_redirects_by_itself(
        cfg: MediaConfig, origin: Origin, backend: RecordingBackend) -> None:
    origin.routes["/go"] = lambda h: redirect(h, "http://169.254.169.254/")
    with make_guarded_client(cfg, network_backend=backend) as client:
        assert client.get(origin.url("/go")).status_code == 302


def test_names_resolve_once_and_connect_to_the_checked_address(
        strict_cfg: MediaConfig, origin: Origin, backend: RecordingBackend) -> None:
    origin.routes["/host"] = lambda h: send(h, 200, h.headers["Host"].encode())
    resolver = table_resolver({"media.test": ["127.0.0.1"]})
    status, body = get(strict_cfg, backend, f"http://media.test:{origin.port}/host", resolver=resolver)
    assert (status, body) == (200, f"media.test:{origin.port}".encode())  # Host header keeps the name
    assert backend.connected == ["127.0.0.1"]


@pytest.mark.parametrize("addresses", [["169.254.169.254"], ["127.0.0.1", "169.254.169.254"], ["10.0.0.7"],
                                       ["::ffff:169.254.169.254"], []])
def test_names_resolving_to_refused_addresses_are_never_connected(
        strict_cfg: MediaConfig, origin: Origin, backend: RecordingBackend, addresses: list[str]) -> None:
    origin.routes["/go"] = lambda h: redirect(h, f"http://evil.test:{origin.port}/")
    resolver = table_resolver({"evil.test": addresses})
    with pytest.raises((EgressDenied, httpx.ConnectError)) as err:
        get(strict_cfg, backend, origin.url("/go"), resolver=resolver)
    if addresses:
        assert isinstance(err.value, EgressDenied)
    assert backend.connected == ["127.0.0.1"]  # the first hop only


def test_proxy_environment_is_ignored(cfg: MediaConfig, origin: Origin, backend: RecordingBackend,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
    monkeypatch.setenv("ALL_PROXY", "http://10.9.9.9:3128")
    origin.routes["/ok"] = lambda h: send(h, 200, b"direct")
    assert get(cfg, backend, origin.url("/ok")) == (200, b"direct")
    assert backend.connected == ["127.0.0.1"]


class AsyncRecordingBackend(httpcore.AnyIOBackend):
    def __init__(self) -> None:
        self.connected: list[str] = []

    async def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object) -> httpcore.AsyncNetworkStream:
        self.connected.append(host)
        assert ipaddress.ip_address(host).is_loopback, host
        return await super().connect_tcp(host, port, *args, **kwargs)  # type: ignore[arg-type]


def test_async_client_applies_the_same_guard(strict_cfg: MediaConfig, origin: Origin) -> None:
    origin.routes["/ok"] = lambda h: send(h, 200, b"async")
    backend = AsyncRecordingBackend()

    async def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [LOOPBACK] if host == "media.test" else [ipaddress.ip_address("169.254.169.254")]

    async def run() -> tuple[int, bytes]:
        async with make_async_guarded_client(strict_cfg, resolver=resolve, network_backend=backend) as client:
            ok = await client.get(f"http://media.test:{origin.port}/ok")
            with pytest.raises(EgressDenied):
                await client.get(f"http://metadata.test:{origin.port}/")
            with pytest.raises(EgressDenied):
                await client.get("http://169.254.169.254/")
            return ok.status_code, ok.content

    assert asyncio.run(run()) == (200, b"async")
    assert backend.connected == ["127.0.0.1"]
