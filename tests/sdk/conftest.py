"""The SDK's tests run the client from sdk/python/src (no install needed) against a real `media-service serve`
subprocess with its embedded workers, local engines and the ElevenLabs fake."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SDK_SRC = Path(__file__).resolve().parents[2] / "sdk" / "python" / "src"
if str(SDK_SRC) not in sys.path:
    sys.path.insert(0, str(SDK_SRC))

from tests.http.live import media_service  # noqa: E402
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
    try:
        with media_service(root, **fakes_env(fake, EGRESS_ALLOW_HOSTS="127.0.0.1"),
                           REMOTION_SERVICE_API_KEY=KEY) as url:
            yield LiveService(url, KEY, root, fake, root / "serve.log")
    finally:
        fake.stop()
