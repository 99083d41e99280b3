"""Job metrics read from the job store at scrape time, so they are right across worker processes and
restarts (a counter kept in the API process would miss what workers did, and reset with it).

    remotion_jobs_total{type,status}            jobs by type and current status
    remotion_jobs_active{type}                  jobs processing now
    remotion_queue_depth{queue}                 jobs waiting (queued, including delayed retries) per queue
    remotion_job_duration_seconds{type}         histogram of completed jobs' durations (first start → end)
    remotion_workers_alive                      workers with a live heartbeat
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from media_service.jobs.queue import QUEUES
from media_service.jobs.store import JobStore
from media_service.settings import Settings

__all__ = ["DURATION_BUCKETS", "JobsCollector"]

DURATION_BUCKETS: tuple[float, ...] = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)


class JobsCollector(Collector):
    """A Prometheus collector over the job store."""

    def __init__(self, store: JobStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def describe(self) -> Iterable[Metric]:
        return []  # keeps registration from querying the database

    def collect(self) -> Iterable[Metric]:
        total = CounterMetricFamily("remotion_jobs", "Jobs by type and status", labels=["type", "status"])
        active = GaugeMetricFamily("remotion_jobs_active", "Jobs processing now", labels=["type"])
        depth = GaugeMetricFamily("remotion_queue_depth", "Jobs waiting to run, per queue", labels=["queue"])
        running: dict[str, int] = defaultdict(int)
        waiting: dict[str, int] = dict.fromkeys(QUEUES, 0)
        for type_, queue, status, count in self.store.counts():
            total.add_metric([type_, status], count)
            if status == "processing":
                running[type_] += count
            elif status == "queued":
                waiting[queue] = waiting.get(queue, 0) + count
        for type_, count in sorted(running.items()):
            active.add_metric([type_], count)
        for queue, count in sorted(waiting.items()):
            depth.add_metric([queue], count)
        hist = HistogramMetricFamily("remotion_job_duration_seconds", "Duration of completed jobs", labels=["type"])
        for type_, (cumulative, total_sec, count) in sorted(self.store.duration_histogram(DURATION_BUCKETS).items()):
            buckets: list[tuple[str, float]] = [(str(float(b)), c)
                                                for b, c in zip(DURATION_BUCKETS, cumulative, strict=True)]
            hist.add_metric([type_], [*buckets, ("+Inf", count)], total_sec)
        alive = GaugeMetricFamily("remotion_workers_alive", "Workers with a live heartbeat")
        alive.add_metric([], len(self.store.workers(alive_within=self.settings.job_lease_ttl_sec)))
        yield from (total, active, depth, hist, alive)
