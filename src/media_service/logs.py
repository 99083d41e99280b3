"""Structured JSON logs (PRD §13.3) for the service, its workers and the libraries they use."""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog

__all__ = ["configure_logging", "get_logger"]

_SECRET_KEYS = {"authorization", "x-api-key", "api_key", "key", "token", "secret", "password"}


def _redact(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    for name in list(event):
        if name.lower() in _SECRET_KEYS:
            event[name] = "[redacted]"
    return event


_QUERY = re.compile(r'(/[^\s"?]*)\?[^\s"]+')


class RedactQueryStrings(logging.Filter):
    """Replaces the query string of every path in uvicorn's lines (access log, WebSocket
    "accepted"/"rejected" lines) with `?[redacted]`: queries can carry tokens and ids."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("uvicorn"):
            message = record.getMessage()
            redacted = _QUERY.sub(r"\1?[redacted]", message)
            if redacted != message:
                record.msg, record.args = redacted, None
        return True


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    """Route structlog and stdlib logging (uvicorn, huey, httpx) to one stream of JSON lines on stderr."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        _redact,
    ]
    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    # Our own events are rendered straight to stderr (no stdlib round trip: it was a third of the
    # cost of a /health request); stdlib records from libraries go through the same processors.
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        logger_factory=structlog.WriteLoggerFactory(sys.stderr),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level.upper()]),
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.set_name("media_service")
    root = logging.getLogger()
    # Replace only our own handler, so a second configure (tests, reload) does not stack or drop others.
    root.handlers[:] = [h for h in root.handlers if h.get_name() != "media_service"] + [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "huey"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactQueryStrings) for f in target.filters):
            target.addFilter(RedactQueryStrings())
    # Our gateway writes one line per request; uvicorn's access log would duplicate it.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("httpx").setLevel(logging.WARNING)


def get_logger(name: str | None = None, **context: Any) -> Any:
    """The service's one logger factory: a structlog logger with `context` bound once. Lazy, so a module may
    create its logger at import time, before `configure_logging` runs (the configuration in force when it
    first logs applies). `name` (the module) is handed to the logger factory, as structlog.get_logger does."""
    return structlog.get_logger(*([name] if name else []), **context)
