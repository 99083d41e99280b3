"""Issue #11 item 1: egress is refused by default, allow-listed and provider origins are trusted, and
a failed fetch tells the category only (never the socket error that would map open ports)."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from media_service.errors import DownloadError
from media_service.media import EgressDenied, MediaConfig, MediaResolver, make_guarded_client, validate_url
from media_service.media.service import egress_rules, media_config
from media_service.settings import Settings

from .conftest import RecordingBackend, make_cfg
from tests.mediagen import png_bytes
from .origin import Origin, redirect, send

PNG = png_bytes()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(cfg: MediaConfig, backend: RecordingBackend, url: str, **client_kw: object) -> bytes:
    with make_guarded_client(cfg, network_backend=backend, **client_kw) as client:  # type: ignore[arg-type]
        with MediaResolver.for_job(cfg, "job_egress", client) as r:
            return r.fetch(url, field="image").read_bytes()


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/a.png", "http://2130706433:{port}/a.png",
                                 "http://127.1:{port}/a.png", "http://localhost:{port}/a.png",
                                 "http://10.0.0.1/a.png", "http://[::1]:{port}/a.png"])
def test_loopback_and_private_urls_are_refused_by_default(tmp_path: Path, origin: Origin, backend: RecordingBackend,
                                                          url: str) -> None:
    origin.routes["/a.png"] = lambda h: send(h, 200, PNG)
    cfg = make_cfg(tmp_path)  # the defaults: EGRESS_BLOCK_PRIVATE on
    with pytest.raises(EgressDenied) as err:
        fetch(cfg, backend, url.format(port=origin.port))
    assert err.value.details["reason"] == "refused" and err.value.errors[0]["field"] == "image"
    assert backend.connected == [] and origin.requests == []


def test_a_redirect_from_a_trusted_origin_to_another_local_port_is_refused(
        tmp_path: Path, origin: Origin, backend: RecordingBackend) -> None:
    target = closed_port()
    origin.routes["/go"] = lambda h: redirect(h, f"http://127.0.0.1:{target}/secret")
    origin.routes["/go-name"] = lambda h: redirect(h, f"http://localhost:{origin.port}/a.png")
    origin.routes["/a.png"] = lambda h: send(h, 200, PNG)
    cfg = make_cfg(tmp_path, allow_hosts=(f"127.0.0.1:{origin.port}",))
    assert fetch(cfg, backend, origin.url("/a.png")) == PNG  # the trusted origin itself works
    for path in ("/go", "/go-name"):
        with pytest.raises(EgressDenied):
            fetch(cfg, backend, origin.url(path))
    assert set(backend.connected) == {"127.0.0.1"} and origin.hits("/a.png") == 1


def test_fetch_failures_name_a_category_not_the_socket_error(cfg: MediaConfig, origin: Origin,
                                                             backend: RecordingBackend) -> None:
    """A closed port and an open port that is not HTTP read alike: no errno, no exception names."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def garbage() -> None:
        conn, _ = listener.accept()
        conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
        conn.close()

    threading.Thread(target=garbage, daemon=True).start()
    messages = []
    for port in (closed_port(), listener.getsockname()[1]):
        with pytest.raises(DownloadError) as err:
            fetch(cfg, backend, f"http://127.0.0.1:{port}/a.png")
        assert err.value.details["reason"] == "refused" and err.value.retryable
        messages.append(err.value.message.replace(str(port), "PORT"))
    listener.close()
    assert messages[0] == messages[1]
    for text in messages:
        assert "Errno" not in text and "Error" not in text and "refused or dropped" in text


def test_an_unresolvable_name_fails_at_once_without_retry(cfg: MediaConfig, backend: RecordingBackend) -> None:
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        calls.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(DownloadError) as err:
        fetch(cfg, backend, "http://no-such-host.invalid/a.png", resolver=resolve)
    assert err.value.retryable is False and err.value.details["reason"] == "not_found"
    assert "does not resolve" in err.value.message and "Errno" not in err.value.message
    assert calls == ["no-such-host.invalid"] and backend.connected == []


def test_allow_hosts_and_provider_base_urls_are_trusted(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings({"EGRESS_ALLOW_HOSTS": "127.0.0.1:8089,media.lan",
                              "MODAL_API_URL": "http://10.1.2.3:9000/v1"})
    rules = egress_rules(settings)
    assert rules.block_private is True
    for url in ("http://127.0.0.1:8089/x", "http://10.1.2.3:9000/v1/run"):
        validate_url(url, rules)
        validate_url(url, media_config(settings))
    for url in ("http://127.0.0.1:8090/x", "http://10.1.2.3:9001/", "http://10.1.2.4:9000/"):
        with pytest.raises(EgressDenied):
            validate_url(url, rules)


def test_development_switch_and_bad_allow_hosts_setting(make_settings: Callable[..., Settings]) -> None:
    from media_service.settings import ConfigError

    validate_url("http://127.0.0.1:9/x", egress_rules(make_settings({"EGRESS_BLOCK_PRIVATE": "false"})))
    with pytest.raises(ConfigError, match="EGRESS_ALLOW_HOSTS"):
        make_settings({"EGRESS_ALLOW_HOSTS": "host:99999"})


def test_webhooks_to_loopback_are_refused_by_default(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    body = {"template_id": "sale-badge", "bindings": {"text": {"headline": "x"}}, "format": "png", "dry_run": True}
    for url in ("http://127.0.0.1:9/hook", "http://2130706433/hook", "http://10.0.0.1/hook"):
        r = client.post("/api/v1/render/ad-template", json={**body, "webhook_url": url})
        assert r.status_code == 400, r.text
        assert r.json()["error"]["details"]["errors"][0]["field"] == "webhook_url"
    assert client.post("/api/v1/render/ad-template", json=body).status_code == 200
