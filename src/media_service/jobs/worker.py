"""Worker processes: `run_worker` runs one in the current process (the `worker` CLI command);
`start_workers` runs one as a supervised child of the API (`serve`, embedded mode) and restarts it if
it dies. The child gets the API's exact settings on stdin (as JSON, secrets included — never on the
command line or on disk) and exits when its parent is gone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog
from pydantic import SecretStr

from media_service.settings import Settings

if TYPE_CHECKING:
    from media_service.jobs.context import ContextServices

__all__ = ["WorkerHandle", "die_with_parent", "run_worker", "settings_from_json", "settings_to_json", "start_workers"]

log = structlog.get_logger("media_service.jobs")
QUEUES = ("cpu", "io", "gpu")  # = queue.QUEUES; not imported so that starting a worker stays light


def _plain(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def settings_to_json(settings: Settings) -> str:
    """The settings as JSON that `settings_from_json` turns back into equal settings."""
    return json.dumps(settings.model_dump(mode="python"), default=_plain)


def settings_from_json(text: str) -> Settings:
    return Settings(**json.loads(text))


def die_with_parent() -> None:
    """Linux: have the kernel send us SIGTERM when our parent dies, even while we are still starting
    (importing the capabilities takes seconds). Elsewhere the run loop polls the parent pid."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_worker(settings: Settings, queues: tuple[str, ...] | list[str] | None = None, *,
               parent_pid: int | None = None, context: ContextServices | None = None) -> None:
    """Run a worker for `queues` (default all) until SIGTERM/SIGINT; running jobs get a grace period,
    then are requeued. With `parent_pid`, also stop when that parent process is gone. `context`: the
    factories of `ctx.inputs`, `ctx.outputs` and `ctx.providers` (the service's composition root)."""
    from media_service.jobs.runtime import Worker

    if parent_pid is not None:
        die_with_parent()
    worker = Worker(settings, queues=tuple(queues or QUEUES), context=context).start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(0.5):
        if parent_pid is not None and os.getppid() != parent_pid:
            log.error("jobs.worker.orphaned", worker_id=worker.id)
            worker.stop(grace=0)
            return
    worker.stop(grace=max(1.0, settings.job_cancel_grace_ms / 1000))


class WorkerHandle:
    """A supervised worker subprocess: restarted with backoff when it dies, stopped with `stop()`."""

    def __init__(self, settings: Settings, queues: tuple[str, ...] = QUEUES, *,
                 module: str = "media_service.jobs") -> None:
        self.settings = settings
        self.queues = queues
        self.module = module
        self.restarts = 0
        self._payload = settings_to_json(settings).encode()
        self._stopping = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._supervise, name="jobs-worker-supervisor", daemon=True)

    @property
    def pid(self) -> int | None:
        """The current worker process id (changes after a restart)."""
        return self._proc.pid if self._proc else None

    def start(self) -> WorkerHandle:
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        cmd = [sys.executable, "-m", self.module, "--queues", ",".join(self.queues),
               "--settings-stdin", "--exit-with-parent", str(os.getpid())]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
        assert proc.stdin is not None
        proc.stdin.write(self._payload)
        proc.stdin.close()
        self._proc = proc
        log.info("jobs.worker.spawned", pid=proc.pid, queues=list(self.queues))

    def _supervise(self) -> None:
        backoff = 0.5
        while not self._stopping.is_set():
            assert self._proc is not None
            pid, since = self._proc.pid, time.monotonic()
            code = self._proc.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - since > 60:
                backoff = 0.5
            log.error("jobs.worker.died", pid=pid, exit_code=code, restart_in_sec=backoff)
            if self._stopping.wait(backoff):
                return
            self.restarts += 1
            self._spawn()
            backoff = min(backoff * 2, 30.0)  # a worker that dies at once should not spin

    def stop(self, timeout: float = 20.0) -> None:
        """Ask the worker to stop (running jobs get their grace), then kill it if it does not."""
        self._stopping.set()
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def start_workers(settings: Settings, queues: tuple[str, ...] = QUEUES, *,
                  module: str = "media_service.jobs") -> WorkerHandle:
    """Start the embedded worker process for `serve` (`python -m <module>`, whose `main` is
    `jobs.__main__.main` with the service's ContextServices); call `.stop()` on shutdown."""
    return WorkerHandle(settings, queues, module=module).start()
