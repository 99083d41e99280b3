"""OutputStore: job directories, OutputRef facts and URLs, output_path rules, base64, retention."""

from __future__ import annotations

import base64
import os
import shutil
import time
from pathlib import Path

import pytest

from media_service.errors import ConflictError, ValidationError
from media_service.media import MediaConfig, OutputStore, sweep, verify_token

from .conftest import make_cfg
from tests.mediagen import png_bytes


def test_save_moves_into_the_job_dir_and_describes_the_file(cfg: MediaConfig, media_dir: Path) -> None:
    store = OutputStore(cfg)
    work = cfg.temp_dir / "render.mp4"
    shutil.copy(media_dir / "clip.mp4", work)
    ref = store.save("job_abc", work, name="final video.mp4")
    path = Path(ref.path)
    assert path == cfg.output_dir / "job_abc" / "final video.mp4" and not work.exists()
    assert (ref.mime, ref.size_bytes) == ("video/mp4", path.stat().st_size)
    assert ref.duration_seconds == pytest.approx(1.0, abs=0.05)
    assert (ref.width, ref.height, ref.fps, ref.sample_rate, ref.channels) == (64, 48, 10.0, 48000, 2)
    assert (ref.video_codec, ref.audio_codec, ref.base64) == ("mpeg4", "aac", None)
    assert ref.url.startswith("/api/v1/files/")
    assert verify_token(ref.url.rsplit("/", 1)[1], cfg) == path


def test_save_copies_foreign_files_and_never_clobbers(cfg: MediaConfig, tmp_path: Path) -> None:
    store = OutputStore(cfg)
    src = tmp_path / "in" / "a.png"
    src.write_bytes(png_bytes())
    first = store.save("job_1", src)
    second = store.save("job_1", src)
    assert src.exists()  # an input outside OUTPUT_DIR/TEMP_DIR is copied, not moved
    assert (Path(first.path).name, Path(second.path).name) == ("a.png", "a-1.png")
    assert (first.width, first.height, first.duration_seconds) == (32, 24, None)


def test_non_media_outputs_get_mime_by_extension_and_no_facts(cfg: MediaConfig) -> None:
    vtt = OutputStore(cfg).job_dir("job_s") / "subs.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n")
    ref = OutputStore(cfg).save("job_s", vtt)
    assert (ref.mime, ref.size_bytes) == ("text/vtt", vtt.stat().st_size)
    assert ref.duration_seconds is None and ref.width is None


def test_public_base_url_makes_absolute_urls(tmp_path: Path) -> None:
    cfg = make_cfg(tmp_path, public_base_url="http://127.0.0.1:3100/")
    f = OutputStore(cfg).job_dir("j") / "x.png"
    f.write_bytes(png_bytes())
    assert OutputStore(cfg).describe(f).url.startswith("http://127.0.0.1:3100/api/v1/files/")


@pytest.mark.parametrize("job_id", ["../x", "a/b", "", ".", "..", "x" * 200, "a\x00b"])
def test_job_ids_cannot_leave_output_dir(cfg: MediaConfig, job_id: str) -> None:
    with pytest.raises(ValueError):
        OutputStore(cfg).job_dir(job_id)


def test_inline_base64_respects_the_limit(cfg: MediaConfig, media_dir: Path) -> None:
    store = OutputStore(cfg)
    small = store.save("job_b", shutil.copy(media_dir / "image.png", cfg.temp_dir / "s.png"))
    inlined = store.inline_base64(small)
    assert base64.b64decode(inlined.base64 or "") == Path(small.path).read_bytes()
    assert store.inline_base64(small, max_bytes=small.size_bytes - 1).base64 is None
    assert small.base64 is None  # a copy, not a mutation


def test_output_path_rules(cfg: MediaConfig, tmp_path: Path) -> None:
    store = OutputStore(cfg)
    src = store.job_dir("job_o") / "r.png"
    src.write_bytes(png_bytes())
    exports = cfg.output_roots[0]
    dest = exports / "sub" / "final.png"
    assert store.write_to_output_path(src, str(dest)) == dest
    assert dest.read_bytes() == src.read_bytes()
    with pytest.raises(ConflictError) as err:
        store.write_to_output_path(src, str(dest))
    assert err.value.status == 409
    src.write_bytes(png_bytes(8, 8))
    store.write_to_output_path(src, str(dest), overwrite=True)
    assert dest.read_bytes() == src.read_bytes()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["final.png"]  # no temp files left
    (exports / "link").symlink_to(tmp_path)
    for bad in (str(tmp_path / "x.png"), f"{exports}/../x.png", f"{exports}/link/x.png",
                "relative.png", str(exports / "sub"), str(cfg.output_dir / "x.png"), str(src)):
        with pytest.raises(ValidationError):
            store.write_to_output_path(src, bad, overwrite=True)
    assert not (tmp_path / "x.png").exists()


def test_output_path_write_is_atomic_rename(cfg: MediaConfig) -> None:
    store = OutputStore(cfg)
    src = store.job_dir("job_a") / "r.png"
    src.write_bytes(png_bytes())
    dest = cfg.output_roots[0] / "live.png"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(b"old")
    inode_before = dest.stat().st_ino
    store.write_to_output_path(src, str(dest), overwrite=True)
    assert dest.stat().st_ino != inode_before  # replaced by rename, not rewritten in place


def test_sweep_removes_old_job_dirs_expired_uploads_and_stale_temp(cfg: MediaConfig) -> None:
    store = OutputStore(cfg)
    old, fresh = store.job_dir("job_old"), store.job_dir("job_new")
    (old / "a.png").write_bytes(b"x")
    user_dir = cfg.output_dir / "my-exports"  # an output_path destination, not a job dir
    user_dir.mkdir()
    (user_dir / "keep.png").write_bytes(b"x")
    stale_tmp = cfg.temp_dir / "jobs" / "job_crashed"
    stale_tmp.mkdir(parents=True)
    (stale_tmp / ".media-job").touch()
    long_ago = time.time() - 400 * 3600
    for p in (old, old / "a.png", old / ".media-job", user_dir, user_dir / "keep.png", stale_tmp,
              stale_tmp / ".media-job"):
        os.utime(p, (long_ago, long_ago))
    report = sweep(cfg)
    assert (report.outputs, report.temp) == (1, 1)
    assert not old.exists() and fresh.exists() and (user_dir / "keep.png").exists() and not stale_tmp.exists()


@pytest.mark.parametrize("kind", ["png", "jpg", "webp"])
def test_facts_a_renderer_gives_are_what_probing_reports(cfg: MediaConfig, tmp_path: Path, kind: str) -> None:
    from media_service.engines.scene import encode_image, render_image
    from media_service.media import image_facts

    image = render_image({"canvas": {"width": 40, "height": 30, "bgColor": "#336699"}, "layers": []})
    store = OutputStore(cfg)
    probed, given = tmp_path / f"a.{kind}", tmp_path / f"b.{kind}"
    probed.write_bytes(encode_image(image, kind))  # type: ignore[arg-type]
    given.write_bytes(probed.read_bytes())
    by_probe = store.save("job_facts", probed)
    by_renderer = store.save("job_facts", given, facts=image_facts(kind, 40, 30))
    skip = {"path", "url"}
    assert by_renderer.model_dump(exclude=skip) == by_probe.model_dump(exclude=skip)
