"""Issue #11 item 2: a job's directory is its own. `output_path` writes only under EXPORT_ROOTS (never
OUTPUT_DIR or TEMP_DIR), and a signed URL serves only the file its job recorded."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from media_service.errors import NotFoundError
from media_service.media import MediaConfig, OutputStore
from media_service.media.tokens import verify_token
from media_service.settings import ConfigError, Settings

from .conftest import make_cfg


def _token(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def test_a_replaced_output_is_not_served_under_its_old_url(cfg: MediaConfig, media_dir: Path) -> None:
    store = OutputStore(cfg)
    ref = store.save("job_victim", shutil.copy(media_dir / "image.png", cfg.temp_dir / "v.png"))
    path = Path(ref.path)
    assert verify_token(_token(ref.url), cfg) == path
    original = path.read_bytes()
    path.write_bytes(original[:-4] + b"EVIL")  # same size, other bytes
    with pytest.raises(NotFoundError, match="replaced"):
        verify_token(_token(ref.url), cfg)
    path.write_bytes(original + b"more")  # other size
    with pytest.raises(NotFoundError, match="replaced"):
        verify_token(_token(ref.url), cfg)
    path.write_bytes(original)  # the recorded bytes again: served again
    assert verify_token(_token(ref.url), cfg) == path


def test_export_roots_may_not_overlap_the_service_directories(tmp_path: Path,
                                                              make_settings: Callable[..., Settings]) -> None:
    for root in (tmp_path / "out", tmp_path / "out" / "exports", tmp_path, tmp_path / "tmp" / "x"):
        with pytest.raises(ValueError, match="EXPORT_ROOTS"):
            make_cfg(tmp_path, output_roots=(root,))
    with pytest.raises(ConfigError, match="EXPORT_ROOTS"):
        make_settings({"EXPORT_ROOTS": str(tmp_path / "output")})
    with pytest.raises(ConfigError, match="EXPORT_ROOTS"):
        make_settings({"OUTPUT_ROOTS": str(tmp_path)})  # the old name still reads, and is checked alike


def test_output_path_into_another_jobs_directory_is_refused(make_client: Callable[..., TestClient],
                                                             tmp_path: Path) -> None:
    client = make_client()
    output_dir = Path(client.app.state.web.settings.output_dir).resolve()  # type: ignore[attr-defined]
    victim = output_dir / "job_victim"
    victim.mkdir(parents=True)
    (victim / ".media-job").touch()
    (victim / "ad.png").write_bytes(b"victim")
    body = {"template_id": "sale-badge", "bindings": {"text": {"headline": "x"}}, "format": "png",
            "overwrite": True, "dry_run": True}
    for target in (victim / "ad.png", victim / ".media-job", output_dir / "mine.png"):
        r = client.post("/api/v1/render/ad-template", json={**body, "output_path": str(target)})
        assert r.status_code == 400, r.text
        error = r.json()["error"]["details"]["errors"][0]
        assert error["field"] == "output_path"
        assert f"EXPORT_ROOTS: {tmp_path / 'exports'}" in error["message"]  # names where it may go
    assert (victim / "ad.png").read_bytes() == b"victim"
    ok = client.post("/api/v1/render/ad-template", json={**body, "output_path": str(tmp_path / "exports" / "a.png")})
    assert ok.status_code == 200, ok.text
