"""The shared machinery of the fake provider servers: a threaded HTTP/1.1 server on 127.0.0.1 that
records every request and answers through the subclass's `handle`, with queued fault injection."""

from __future__ import annotations

import json
import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


#: A `Reply` status that closes the connection without answering.
DROP = 0


@dataclass
class Received:
    """One request as the fake saw it (header names lower-case)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
        return cls(status, json.dumps(payload).encode(), {"Content-Type": "application/json", **(headers or {})})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeServer:
    """Subclasses implement `handle(request) -> Reply` and name their `key`."""

    key = "fake-key"
    vendor = "fake"

    def __init__(self, *, port: int = 0) -> None:
        self.requests: list[Received] = []
        self._faults: deque[str] = deque()
        self._lock = threading.Lock()
        self._port = port
        self._server: _Server | None = None

    # lifecycle ---------------------------------------------------------------
    def start(self) -> FakeServer:
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                received = Received(self.command, parts.path, parse_qs(parts.query),
                                    {k.lower(): v for k, v in self.headers.items()}, body)
                with fake._lock:
                    fake.requests.append(received)
                reply = fake.handle(received)
                if reply.status == DROP:  # the connection breaks before any answer (an interrupted upload)
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815 - http.server's naming

            def log_message(self, *args: Any) -> None:
                pass

        self._server = _Server(("127.0.0.1", self._port), _Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @contextmanager
    def running(self) -> Iterator[FakeServer]:
        self.start()
        try:
            yield self
        finally:
            self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() first"
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What the adapter's *_BASE_URL setting should be."""
        return self.origin

    @property
    def delivery_origins(self) -> tuple[str, ...]:
        """`host:port` origins other than the base URL that the fake serves files from (a CDN's stand-in).

        They are loopback, so egress refuses them unless the test trusts them (`fakes_env` does)."""
        return ()

    @property
    def extra_env(self) -> dict[str, str]:
        """Settings besides the base URL and key that point the adapter here (a token endpoint, an account id)."""
        return {}

    # faults and helpers --------------------------------------------------------
    def inject(self, *faults: str) -> None:
        """Queue faults; each is consumed by the next request that can show it."""
        with self._lock:
            self._faults.extend(faults)

    def take_fault(self, *kinds: str) -> str | None:
        with self._lock:
            if self._faults and self._faults[0] in kinds:
                return self._faults.popleft()
        return None

    def absolute(self, request: Received, path: str) -> str:
        """An absolute URL back to this fake, built from the Host header like the real services do."""
        return f"http://{request.headers.get('host', f'127.0.0.1:{self.port}')}{path}"

    def posts(self, fragment: str = "") -> list[Received]:
        """The POSTs received whose path contains `fragment`."""
        return [r for r in self.requests if r.method == "POST" and fragment in r.path]

    def handle(self, request: Received) -> Reply:  # pragma: no cover - subclasses answer
        raise NotImplementedError
