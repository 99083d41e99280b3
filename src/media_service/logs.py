"""Structured JSON logs (PRD §13.3) for the service, its workers and the libraries they use."""

from __future__ import annotations

import logging
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


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    """Route structlog and stdlib logging (uvicorn, huey, httpx) to one stream of JSON lines on stderr."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        _redact,
    ]
    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "huey"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Our gateway writes one line per request; uvicorn's access log would duplicate it.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("httpx").setLevel(logging.WARNING)


def get_logger(name: str | None = None, **context: Any) -> structlog.stdlib.BoundLogger:
    """A structlog logger with `context` bound once."""
    return structlog.get_logger(name).bind(**context)
