from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import httpcore
import pytest

from media_service.media import MediaConfig

from jobs.conftest import start_worker  # noqa: F401  (a fixture, re-exported as for the capability tests)
from tests import mediagen
from .origin import Origin, start


def make_cfg(tmp: Path, **overrides: object) -> MediaConfig:
    fields: dict[str, object] = dict(output_dir=tmp / "out", temp_dir=tmp / "tmp", upload_dir=tmp / "uploads",
                                     signing_key=b"k" * 32, input_roots=(tmp / "in", tmp / "out"),
                                     output_roots=(tmp / "exports",),
                                     max_file_size_bytes=200_000, base64_max_bytes=50_000,
                                     connect_timeout=2.0, read_timeout=5.0)
    fields.update(overrides)
    cfg = MediaConfig(**fields)  # type: ignore[arg-type]
    cfg.ensure_dirs()
    (tmp / "in").mkdir(exist_ok=True)
    return cfg


@pytest.fixture
def cfg(tmp_path: Path) -> MediaConfig:
    """EGRESS_BLOCK_PRIVATE=false (the development switch), so the loopback test origin is reachable."""
    return make_cfg(tmp_path, block_private=False)


@pytest.fixture
def strict_cfg(tmp_path: Path) -> MediaConfig:
    """EGRESS_BLOCK_PRIVATE=true with loopback allowed, so the test origin is reachable."""
    return make_cfg(tmp_path, block_private=True, allow_networks=("127.0.0.0/8",))


@pytest.fixture
def origin() -> Iterator[Origin]:
    o = Origin()
    server, thread = start(o)
    yield o
    server.shutdown()
    server.server_close()
    thread.join(5)


class RecordingBackend(httpcore.SyncBackend):
    """The real socket backend, refusing (and recording) anything but loopback.

    Tests never open connections to non-loopback addresses; this makes that a hard failure.
    """

    def __init__(self) -> None:
        self.connected: list[str] = []

    def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object) -> httpcore.NetworkStream:
        self.connected.append(host)
        if not ipaddress.ip_address(host).is_loopback:
            raise AssertionError(f"test tried to connect to non-loopback {host}")
        return super().connect_tcp(host, port, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def backend() -> RecordingBackend:
    return RecordingBackend()


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Clips generated once per session: a 1 s 64x48 10 fps video with audio, audio-only MP4, WAV, PNG."""
    d = tmp_path_factory.mktemp("media")
    mediagen.make_video(d / "clip.mp4")
    mediagen.make_video(d / "tone.m4a", video=False)
    mediagen.make_wav(d / "tone.wav")
    mediagen.make_png(d / "image.png")
    return d
