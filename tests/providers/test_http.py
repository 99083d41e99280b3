"""The shared HTTP policy on its own: Retry-After forms, network errors, polling deadline, secrets."""

from __future__ import annotations

import time
from email.utils import formatdate
from pathlib import Path

import httpx
import pytest

from media_service.errors import JobCancelledError
from media_service.media import EgressRules, MediaKind
from media_service.providers import (
    Endpoint,
    PollSchedule,
    ProviderHttp,
    ProviderRejectedError,
    ProviderRetryableError,
    ProviderUnavailableError,
    VendorError,
)
from media_service.providers.http import parse_retry_after
from tests.conftest import free_port
from tests.fakes import FakeServer, Received, Reply, png_bytes

SECRET = "sk-very-secret-key"


class EchoFake(FakeServer):
    """Answers 400 echoing the Authorization header (some vendors do quote keys back)."""

    def handle(self, request: Received) -> Reply:
        if request.path == "/png":
            return Reply(200, png_bytes(8, 8))
        if request.path == "/moved":
            return Reply(302, headers={"Location": "/png"})
        return Reply.json(400, {"error": f"bad key {request.headers.get('authorization')}"})


def _http(base_url: str, **kw: object) -> ProviderHttp:
    endpoint = Endpoint("test", base_url, {"Authorization": f"Bearer {SECRET}"}, "TEST_KEY", timeout=2.0,
                        secrets=(SECRET,), backoff=0.01, **kw)  # type: ignore[arg-type]
    return ProviderHttp(endpoint, read_error=lambda r: VendorError(r.json()["error"]), egress=EgressRules.create())


def test_retry_after_forms() -> None:
    assert parse_retry_after(httpx.Headers({"retry-after-ms": "1500", "retry-after": "9"})) == 1.5
    assert parse_retry_after(httpx.Headers({"retry-after": "3"})) == 3.0
    in_five = parse_retry_after(httpx.Headers({"retry-after": formatdate(time.time() + 5, usegmt=True)}))
    assert in_five is not None and 3.5 < in_five <= 5.0
    assert parse_retry_after(httpx.Headers({"retry-after": "soon"})) is None


def test_connection_refused_is_retried_then_left_to_the_runtime() -> None:
    http = _http(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ProviderRetryableError) as caught:
        http.send("POST", "/x", json={}, paid=True)  # never received: safe to retry even paid work
    assert caught.value.retryable and caught.value.details["reason"] == "network"


def test_vendor_echoed_keys_are_scrubbed() -> None:
    with EchoFake().running() as fake, _closing(_http(fake.origin)) as http:
        with pytest.raises(ProviderRejectedError) as caught:
            http.send("GET", "/anything")
    assert SECRET not in str(caught.value.to_dict()) and "***" in caught.value.details["provider_message"]


def test_credentials_never_go_to_another_origin() -> None:
    with EchoFake().running() as fake, _closing(_http(fake.origin)) as http:
        with pytest.raises(ProviderRejectedError, match="another origin"):
            http.send("GET", f"http://localhost:{fake.port}/anything")
        assert fake.requests == []


def test_download_follows_redirects_and_checks_magic(tmp_path: Path) -> None:
    with EchoFake().running() as fake, _closing(_http(fake.origin)) as http:
        saved = http.download("/moved", tmp_path / "a", accept={MediaKind.IMAGE}, max_bytes=10_000)
        assert saved.path == tmp_path / "a.png" and saved.mime == "image/png"
        with pytest.raises(ProviderRejectedError, match="more than 10 bytes"):
            http.download("/png", tmp_path / "b", accept={MediaKind.IMAGE}, max_bytes=10)
        with pytest.raises(ProviderRejectedError, match="not audio"):
            http.download("/png", tmp_path / "c", accept={MediaKind.AUDIO}, max_bytes=10_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]


def test_poll_backs_off_and_stops_at_the_deadline() -> None:
    http = _http("http://127.0.0.1:9")
    calls: list[float] = []
    with pytest.raises(ProviderUnavailableError, match=r"within 0\.5 s"):
        http.poll(lambda: calls.append(time.monotonic()), done=lambda _: False,
                  schedule=PollSchedule(first=0.1, factor=2.0, cap=1.0, deadline=0.5))
    gaps = [b - a for a, b in zip(calls, calls[1:])]
    # 0.1 s, 0.2 s, then what is left of the deadline (0.2 s), then give up
    assert len(calls) == 4 and gaps[1] > gaps[0] * 1.6 and calls[-1] - calls[0] < 0.6


def test_poll_stops_when_cancelled() -> None:
    http = _http("http://127.0.0.1:9")
    with pytest.raises(JobCancelledError):
        http.poll(lambda: None, done=lambda _: False, schedule=PollSchedule(first=5.0), cancelled=lambda: True)


class _closing:
    def __init__(self, http: ProviderHttp) -> None:
        self.http = http

    def __enter__(self) -> ProviderHttp:
        return self.http

    def __exit__(self, *exc: object) -> None:
        self.http.close()
