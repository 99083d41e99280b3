"""Prometheus metrics with the PRD §13.2 names, on a registry owned by one app instance."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.registry import Collector

__all__ = ["Metrics", "UNMATCHED"]

UNMATCHED = "<unmatched>"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    """Request metrics; job metrics are added as collectors that read the job store."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests_total = Counter("remotion_requests_total", "Total API requests",
                                      ["method", "endpoint", "status"], registry=self.registry)
        self.request_duration = Histogram("remotion_request_duration_seconds", "API request duration",
                                          ["method", "endpoint"], buckets=_LATENCY_BUCKETS, registry=self.registry)

    def observe_request(self, method: str, endpoint: str, status: int, seconds: float) -> None:
        """Count one request; `endpoint` is the route template (never the raw path)."""
        self.requests_total.labels(method, endpoint, str(status)).inc()
        self.request_duration.labels(method, endpoint).observe(seconds)

    def register(self, collector: Collector) -> None:
        self.registry.register(collector)

    def render(self) -> bytes:
        return generate_latest(self.registry)
