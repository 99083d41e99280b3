"""Checks on media files that tests in several folders make."""

from __future__ import annotations

import hashlib
from pathlib import Path

import av


def video_digest(path: Path) -> tuple[str, int]:
    """Hash of every video packet's bytes, and their count: equal digests mean the stream was copied,
    not re-encoded."""
    digest = hashlib.sha256()
    count = 0
    with av.open(str(path)) as container:
        for packet in container.demux(container.streams.video[0]):
            if packet.dts is not None:
                digest.update(bytes(packet))
                count += 1
    return digest.hexdigest(), count
