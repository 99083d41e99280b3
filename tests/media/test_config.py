"""MediaConfig defaults and the persisted signing key."""

from __future__ import annotations

import ipaddress
import os
import stat
from pathlib import Path

import pytest

from media_service.media import MediaConfig, load_or_create_signing_key


def test_create_applies_documented_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "real")
    cfg = MediaConfig.create(output_dir="out", temp_dir="tmp", signing_key=b"k" * 16, max_file_size_mb=2,
                             base64_max_mb=0.5, allow_networks=["10.1.0.0/16", "fd00::/8"], block_private=True)
    assert cfg.output_dir == tmp_path / "real"  # realpath: a symlinked root compares correctly
    assert cfg.input_roots == (tmp_path / "real", tmp_path / "tmp", tmp_path / "media")
    assert cfg.output_roots == (tmp_path / "exports",)  # never OUTPUT_DIR: job directories are their job's own
    assert cfg.upload_dir == tmp_path / "tmp" / "uploads"
    assert (cfg.max_file_size_bytes, cfg.base64_max_bytes) == (2 * 1024 * 1024, 512 * 1024)
    assert cfg.allow_networks == (ipaddress.ip_network("10.1.0.0/16"), ipaddress.ip_network("fd00::/8"))
    assert cfg.max_redirects == 5


def test_bad_values_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="signing_key"):
        MediaConfig.create(output_dir=tmp_path, temp_dir=tmp_path, signing_key=b"short")
    with pytest.raises(ValueError):
        MediaConfig.create(output_dir=tmp_path, temp_dir=tmp_path, signing_key=b"k" * 16, allow_networks=["nope"])


def test_signing_key_is_created_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "signing.key"
    key = load_or_create_signing_key(path)
    assert len(key) == 32 and load_or_create_signing_key(path) == key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
