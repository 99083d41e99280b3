"""The SDK's tests run the client from sdk/python/src (no install needed) against a real `media-service serve`
subprocess with its embedded workers, local engines and the ElevenLabs fake."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SDK_SRC = Path(__file__).resolve().parents[2] / "sdk" / "python" / "src"
if str(SDK_SRC) not in sys.path:
    sys.path.insert(0, str(SDK_SRC))

from tests.conftest import HANG_LIMIT_SEC, free_port, wait_until_serving  # noqa: E402
from tests.fakes import ElevenLabsFake  # noqa: E402
from tests.fakes.fixtures import fakes_env  # noqa: E402

KEY = "sdk-test-key"


@dataclass
class LiveService:
    """A served instance: its URL, key, state directory and the fake it calls."""

    url: str
    key: str
    root: Path
    elevenlabs: Any
    log: Path

    @property
    def webhook_secret(self) -> str:
        return (self.root / "data" / "webhook_secret").read_text().strip()


@pytest.fixture(scope="module")
def live_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """`media-service serve` on a free loopback port (one per test module)."""
    root = tmp_path_factory.mktemp("sdk-service")
    fake = ElevenLabsFake().start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REMOTION_", "RATE_LIMIT_", "JOB_QUEUE_"))}
    env.update(fakes_env(fake, EGRESS_ALLOW_HOSTS="127.0.0.1"))
    env.update(DATA_DIR=str(root / "data"), OUTPUT_DIR=str(root / "out"), TEMP_DIR=str(root / "tmp"),
               REMOTION_SERVICE_CONFIG=str(root / "absent.yaml"), REMOTION_SERVICE_PORT=str(port),
               REMOTION_SERVICE_API_KEY=KEY, RATE_LIMIT_ENABLED="false")
    log = root / "serve.log"
    with log.open("w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "media_service.cli", "serve"], env=env,
                                stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, proc)
        yield LiveService(url, KEY, root, fake, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=HANG_LIMIT_SEC)
        except subprocess.TimeoutExpired:
            proc.kill()
        fake.stop()
