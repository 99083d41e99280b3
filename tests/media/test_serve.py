"""Signed file URLs and serving them: tokens, Range, HEAD, headers — through a real ASGI app."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from media_service.errors import AuthorizationError, NotFoundError, ServiceError
from media_service.media import MediaConfig, OutputStore, file_response, sign_path, verify_token

BODY = bytes(range(256)) * 40  # 10240 bytes, every offset distinguishable


@pytest.fixture
def stored(cfg: MediaConfig) -> Path:
    path = OutputStore(cfg).job_dir("job_f") / "Ünïcode \"name\".bin"
    path.write_bytes(BODY)
    return path


@pytest.fixture
def client(cfg: MediaConfig) -> Iterator[TestClient]:
    app = FastAPI()

    @app.exception_handler(ServiceError)
    async def _envelope(_: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"error": exc.to_dict()}, status_code=exc.status)

    @app.api_route("/api/v1/files/{token}", methods=["GET", "HEAD"])
    def get_file(token: str):  # noqa: ANN202 - the router shape the service uses
        return file_response(verify_token(token, cfg))

    with TestClient(app) as c:
        yield c


def url(cfg: MediaConfig, path: Path, **kw: float) -> str:
    return cfg.files_base_path + sign_path(cfg, path, **kw)  # type: ignore[arg-type]


def test_full_download_and_headers(client: TestClient, cfg: MediaConfig, stored: Path) -> None:
    r = client.get(url(cfg, stored))
    assert r.status_code == 200 and r.content == BODY
    assert r.headers["content-length"] == str(len(BODY))
    assert r.headers["accept-ranges"] == "bytes"
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["x-content-type-options"] == "nosniff"
    cd = r.headers["content-disposition"]
    assert cd.startswith('attachment; filename="') and "filename*=UTF-8''%C3%9Cn%C3%AFcode%20_name_.bin" in cd
    assert '"name"' not in cd and "\n" not in cd


@pytest.mark.parametrize(("header", "start", "end"), [
    ("bytes=0-0", 0, 1), ("bytes=100-199", 100, 200), ("bytes=10000-", 10000, 10240), ("bytes=-40", 10200, 10240),
    ("bytes=10200-99999", 10200, 10240), ("bytes=0-10239", 0, 10240),
])
def test_single_ranges_return_exactly_the_requested_bytes(client: TestClient, cfg: MediaConfig, stored: Path,
                                                          header: str, start: int, end: int) -> None:
    r = client.get(url(cfg, stored), headers={"Range": header})
    assert r.status_code == 206
    assert r.content == BODY[start:end]
    assert r.headers["content-range"] == f"bytes {start}-{end - 1}/{len(BODY)}"
    assert r.headers["content-length"] == str(end - start)


def test_multiple_ranges_are_multipart(client: TestClient, cfg: MediaConfig, stored: Path) -> None:
    r = client.get(url(cfg, stored), headers={"Range": "bytes=0-9,500-509"})
    assert r.status_code == 206 and r.headers["content-type"].startswith("multipart/byteranges")
    assert BODY[0:10] in r.content and BODY[500:510] in r.content


@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=20000-20010", "bytes=-0"])
def test_unsatisfiable_ranges_are_416(client: TestClient, cfg: MediaConfig, stored: Path, header: str) -> None:
    r = client.get(url(cfg, stored), headers={"Range": header})
    assert r.status_code == 416 and r.headers["content-range"] == f"bytes */{len(BODY)}"


@pytest.mark.parametrize("header", ["items=0-5", "bytes=5-2", "bytes=abc", "bytes=", "0-5"])
def test_invalid_range_headers_are_ignored(client: TestClient, cfg: MediaConfig, stored: Path, header: str) -> None:
    r = client.get(url(cfg, stored), headers={"Range": header})
    assert r.status_code == 200 and r.content == BODY


def test_head_has_headers_and_no_body(client: TestClient, cfg: MediaConfig, stored: Path) -> None:
    r = client.head(url(cfg, stored))
    assert r.status_code == 200 and r.content == b"" and r.headers["content-length"] == str(len(BODY))
    r = client.head(url(cfg, stored), headers={"Range": "bytes=0-99"})
    assert r.status_code == 206 and r.content == b"" and r.headers["content-length"] == "100"


def test_content_type_comes_from_content(client: TestClient, cfg: MediaConfig, media_dir: Path) -> None:
    ref = OutputStore(cfg).save("job_t", media_dir / "clip.mp4", name="clip.bin")
    r = client.get(ref.url)
    assert r.status_code == 200 and r.headers["content-type"] == "video/mp4"
    assert r.content == Path(ref.path).read_bytes()


def test_forged_tampered_and_expired_tokens_are_403(client: TestClient, cfg: MediaConfig, stored: Path) -> None:
    good = sign_path(cfg, stored)
    payload, mac = good.split(".")
    other = OutputStore(cfg).job_dir("job_g") / "other.bin"
    other.write_bytes(b"secret")
    forged_payload = sign_path(cfg, other).split(".")[0]
    expired = sign_path(cfg, stored, now=time.time() - 10, ttl_seconds=5)
    wrong_key = sign_path(MediaConfig(output_dir=cfg.output_dir, temp_dir=cfg.temp_dir, upload_dir=cfg.upload_dir,
                                      signing_key=b"x" * 32), stored)
    for token in (f"{forged_payload}.{mac}", f"{payload}.{mac[:-2]}AA", expired, wrong_key, "garbage", "a.b.c",
                  f"{payload}.", "...", good + "x"):
        r = client.get(cfg.files_base_path + token)
        assert r.status_code == 403, token
        assert r.json()["error"]["code"] == "AUTHORIZATION_ERROR"
    assert client.get(cfg.files_base_path + good).status_code == 200


def test_tokens_cannot_name_paths_outside_output_dir(cfg: MediaConfig, tmp_path: Path) -> None:
    import base64
    import hashlib
    import hmac

    def raw_token(rel: str) -> str:
        payload = f"{int(time.time()) + 60}:{rel}".encode()
        mac = hmac.new(cfg.signing_key, b"media-file-v1\x00" + payload, hashlib.sha256).digest()
        enc = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")  # noqa: E731
        return f"{enc(payload)}.{enc(mac)}"

    (tmp_path / "outside.txt").write_text("no")
    (cfg.output_dir / "job_l").mkdir()
    (cfg.output_dir / "job_l" / "escape").symlink_to(tmp_path / "outside.txt")
    for rel in ("../outside.txt", "/etc/passwd", "job_l/escape", "", "job_l/../../outside.txt"):
        with pytest.raises(AuthorizationError):
            verify_token(raw_token(rel), cfg)  # even correctly signed, an escaping path is refused
    for junk in ("..", "", ".", "x.y"):
        with pytest.raises(AuthorizationError):
            verify_token(junk, cfg)


def test_removed_file_is_404(client: TestClient, cfg: MediaConfig, stored: Path) -> None:
    token = sign_path(cfg, stored)
    stored.unlink()
    with pytest.raises(NotFoundError):
        verify_token(token, cfg)
    assert client.get(cfg.files_base_path + token).status_code == 404


def test_own_signed_urls_resolve_to_the_file_on_any_host(cfg: MediaConfig, stored: Path) -> None:
    from media_service.media import own_file

    signed = url(cfg, stored)
    assert own_file(f"http://testserver{signed}", cfg) == stored.resolve()
    assert own_file(f"https://cdn.example.com{signed}?x=1", cfg) == stored.resolve()
    forged = signed[:-3] + ("AAA" if not signed.endswith("AAA") else "BBB")
    assert own_file(f"http://testserver{forged}", cfg) is None
    assert own_file("https://example.com/video.mp4", cfg) is None
    assert own_file(f"http://testserver{url(cfg, stored, ttl_seconds=1, now=time.time() - 10)}", cfg) is None
