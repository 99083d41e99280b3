"""MediaResolver inside a job: downloads (limits, cache, errors), data: URIs, uploads, local paths."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from media_service.errors import DownloadError, UnsupportedMediaError, ValidationError
from media_service.media import EgressDenied, MediaConfig, MediaKind, MediaResolver, make_guarded_client

from .conftest import RecordingBackend
from tests.mediagen import png_bytes
from .origin import Origin, redirect, send

PNG = png_bytes()


@pytest.fixture
def resolver(cfg: MediaConfig, backend: RecordingBackend) -> Iterator[MediaResolver]:
    with make_guarded_client(cfg, network_backend=backend) as client:
        with MediaResolver.for_job(cfg, "job_1", client) as r:
            yield r


def test_download_is_typed_and_named_by_content(resolver: MediaResolver, origin: Origin) -> None:
    origin.routes["/logo.mp4"] = lambda h: send(h, 200, PNG, {"Content-Type": "video/mp4"})
    got = resolver.fetch_media(origin.url("/logo.mp4"), field="image", accepts=MediaKind.IMAGE)
    assert got.detected.mime == "image/png" and got.path.suffix == ".png"
    assert got.path.read_bytes() == PNG


def test_png_named_mp4_in_a_video_field_is_a_400_naming_the_type(resolver: MediaResolver, origin: Origin) -> None:
    origin.routes["/clip.mp4"] = lambda h: send(h, 200, PNG)
    with pytest.raises(UnsupportedMediaError) as err:
        resolver.fetch(origin.url("/clip.mp4"), field="video", accepts=MediaKind.VIDEO)
    assert err.value.status == 400 and err.value.details["detected_type"] == "image/png"
    assert err.value.errors[0]["field"] == "video"


@pytest.mark.parametrize("with_length", [True, False])
def test_body_over_the_limit_fails_while_streaming(resolver: MediaResolver, origin: Origin, cfg: MediaConfig,
                                                   with_length: bool) -> None:
    body = PNG + bytes(cfg.max_file_size_bytes)
    origin.routes["/big.png"] = lambda h: send(h, 200, body, content_length=with_length)
    with pytest.raises(DownloadError, match="larger than the 200000-byte limit") as err:
        resolver.fetch(origin.url("/big.png"), field="image")
    assert err.value.code == "DOWNLOAD_FAILED" and err.value.retryable is False
    assert not [p for p in resolver.workdir.iterdir() if p.name.startswith("download")]  # nothing left behind


def test_body_exactly_at_the_limit_is_accepted(resolver: MediaResolver, origin: Origin, cfg: MediaConfig) -> None:
    body = PNG + bytes(cfg.max_file_size_bytes - len(PNG))
    origin.routes["/edge.png"] = lambda h: send(h, 200, body, content_length=False)
    assert resolver.fetch(origin.url("/edge.png"), field="image").stat().st_size == cfg.max_file_size_bytes


def test_etag_revalidation_reuses_the_cached_copy(resolver: MediaResolver, origin: Origin) -> None:
    def etagged(h):  # noqa: ANN001, ANN202
        if h.headers.get("If-None-Match") == '"v1"':
            send(h, 304, b"", {"ETag": '"v1"'})
        else:
            send(h, 200, PNG, {"ETag": '"v1"'})
    origin.routes["/e.png"] = etagged
    first = resolver.fetch(origin.url("/e.png"), field="a")
    second = resolver.fetch(origin.url("/e.png"), field="b")
    assert first == second and second.read_bytes() == PNG
    assert origin.hits("/e.png") == 2
    assert origin.requests[1][1]["if-none-match"] == '"v1"'


def test_last_modified_revalidation_and_changed_content(resolver: MediaResolver, origin: Origin) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    versions = [PNG, png_bytes(16, 8)]

    def handler(h):  # noqa: ANN001, ANN202
        send(h, 200, versions[min(origin.hits("/m.png"), 2) - 1], {"Last-Modified": stamp})
    origin.routes["/m.png"] = handler
    resolver.fetch(origin.url("/m.png"), field="a")
    again = resolver.fetch(origin.url("/m.png"), field="a")
    assert origin.requests[1][1]["if-modified-since"] == stamp
    assert again.read_bytes() == versions[1]  # a 200 replaces the cached copy


def test_without_validators_a_url_is_fetched_once_per_job(resolver: MediaResolver, origin: Origin) -> None:
    origin.routes["/n.png"] = lambda h: send(h, 200, PNG)
    assert resolver.fetch(origin.url("/n.png"), field="a") == resolver.fetch(origin.url("/n.png"), field="a")
    assert origin.hits("/n.png") == 1


@pytest.mark.parametrize(("status", "retryable"), [(404, False), (403, False), (503, True), (429, True)])
def test_http_errors_are_download_failed(resolver: MediaResolver, origin: Origin, status: int, retryable: bool) -> None:
    origin.routes["/x.png"] = lambda h: send(h, status, b"nope")
    with pytest.raises(DownloadError, match=f"HTTP {status}") as err:
        resolver.fetch(origin.url("/x.png?token=secret"), field="image")
    assert err.value.retryable is retryable
    assert "secret" not in err.value.message  # query strings stay out of messages


def test_connection_refused_is_retryable_download_failed(resolver: MediaResolver, origin: Origin) -> None:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError, match="could not fetch") as err:
        resolver.fetch(f"http://127.0.0.1:{port}/a.png", field="image")
    assert err.value.retryable is True


def test_redirect_to_metadata_names_the_field(cfg: MediaConfig, strict_cfg: MediaConfig, origin: Origin,
                                              backend: RecordingBackend) -> None:
    origin.routes["/go"] = lambda h: redirect(h, "http://[::ffff:a9fe:a9fe]/latest")
    with make_guarded_client(strict_cfg, network_backend=backend) as client:
        with MediaResolver.for_job(strict_cfg, "job_2", client) as r:
            with pytest.raises(EgressDenied) as err:
                r.fetch(origin.url("/go"), field="audio.music")
    assert err.value.errors[0]["field"] == "audio.music"
    assert backend.connected == ["127.0.0.1"]


def test_truncated_download_is_a_validation_error(resolver: MediaResolver, origin: Origin, media_dir: Path) -> None:
    clip = (media_dir / "clip.mp4").read_bytes()
    origin.routes["/cut.mp4"] = lambda h: send(h, 200, clip[: len(clip) // 2])
    with pytest.raises(ValidationError, match="video/mp4 content is truncated or corrupt"):
        resolver.fetch(origin.url("/cut.mp4"), field="video", accepts=MediaKind.VIDEO)


def test_data_uri_is_decoded_and_checked(resolver: MediaResolver, cfg: MediaConfig) -> None:
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    path = resolver.fetch(uri, field="image", accepts=MediaKind.IMAGE)
    assert path.read_bytes() == PNG and path.suffix == ".png"
    too_big = "data:image/png;base64," + "A" * (cfg.max_file_size_bytes // 3 * 4 + 8)
    with pytest.raises(ValidationError, match="limit"):
        resolver.fetch(too_big, field="image")


def test_local_paths_respect_input_roots(resolver: MediaResolver, cfg: MediaConfig, tmp_path: Path) -> None:
    inside = tmp_path / "in" / "a.png"
    inside.write_bytes(PNG)
    assert resolver.fetch(str(inside), field="image") == inside  # used in place, not copied
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    (tmp_path / "in" / "link.png").symlink_to(outside)
    for ref in (str(outside), f"{tmp_path}/in/../secret.png", f"{tmp_path}/in/link.png"):
        with pytest.raises(ValidationError, match="not under an allowed root"):
            resolver.fetch(ref, field="image")


def test_workspace_is_removed_when_the_job_ends(cfg: MediaConfig, origin: Origin, backend: RecordingBackend) -> None:
    origin.routes["/a.png"] = lambda h: send(h, 200, PNG)
    with make_guarded_client(cfg, network_backend=backend) as client:
        with MediaResolver.for_job(cfg, "job_3", client) as r:
            path = r.fetch(origin.url("/a.png"), field="image")
            assert path.is_file()
    assert not path.exists() and not (cfg.temp_dir / "jobs" / "job_3").exists()
    assert os.listdir(cfg.temp_dir / "jobs") == []
