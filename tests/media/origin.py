"""A real HTTP origin on 127.0.0.1 for download tests (threaded `http.server`, HTTP/1.1)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Origin:
    """Routes by exact path; records every request's path and headers."""

    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def send(h: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
         *, content_length: bool = True) -> None:
    """Answer with `body`; without Content-Length the body is sent chunked."""
    h.send_response(status)
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    if content_length:
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        return
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    for i in range(0, len(body), 8192):
        piece = body[i:i + 8192]
        h.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
    h.wfile.write(b"0\r\n\r\n")


def redirect(h: BaseHTTPRequestHandler, location: str, status: int = 302) -> None:
    send(h, status, b"", {"Location": location})


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that stop reading (oversized bodies) reset the connection; that is the point.
        if not isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            super().handle_error(request, client_address)


def start(origin: Origin) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?", 1)[0]
            origin.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            handler = origin.routes.get(path)
            if handler is None:
                send(self, 404, b"not found")
            else:
                handler(self)

        def log_message(self, *args: Any) -> None:
            pass  # keep test output clean

    server = _QuietServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    origin.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    return server, thread
