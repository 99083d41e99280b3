"""UploadStore: streamed multipart uploads with a size limit, content typing, expiry."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from media_service.errors import (
    NotFoundError,
    PayloadTooLargeError,
    ServiceError,
    UnsupportedMediaError,
    ValidationError,
)
from media_service.media import MediaConfig, UploadInfo, UploadStore, is_upload_id

from tests.mediagen import png_bytes

PNG = png_bytes()
BOUNDARY = "testboundary123"


def multipart(parts: list[tuple[str, str | None, bytes]]) -> bytes:
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


async def chunks(data: bytes, size: int = 1000, seen: list[int] | None = None) -> AsyncIterator[bytes]:
    for i in range(0, len(data), size):
        if seen is not None:
            seen.append(i)
        yield data[i:i + size]


def save_multipart(store: UploadStore, body: bytes, *, now: float | None = None) -> UploadInfo:
    return asyncio.run(store.save_multipart(chunks(body), f"multipart/form-data; boundary={BOUNDARY}", now=now))


def leftovers(cfg: MediaConfig) -> list[str]:
    return sorted(p.name for p in cfg.upload_dir.iterdir())


def test_multipart_upload_roundtrip(cfg: MediaConfig) -> None:
    store = UploadStore(cfg)
    body = multipart([("note", None, b"ignored"), ("file", "../../etc/My Logo.mp4", PNG)])
    info = save_multipart(store, body, now=1000.0)
    assert is_upload_id(info.id)
    assert (info.filename, info.size_bytes, info.mime, info.kind) == ("My Logo.mp4", len(PNG), "image/png", "image")
    assert info.expires_at.timestamp() - info.created_at.timestamp() == cfg.upload_ttl_seconds
    assert store.get(info.id, now=1001.0) == info
    path = store.path(info.id, now=1001.0)
    assert path.read_bytes() == PNG and path.suffix == ".png" and path.is_relative_to(cfg.upload_dir)


def test_oversized_upload_stops_reading_and_leaves_nothing(cfg: MediaConfig) -> None:
    store = UploadStore(cfg)
    body = multipart([("file", "big.png", PNG + bytes(cfg.max_file_size_bytes * 3))])
    seen: list[int] = []
    with pytest.raises(PayloadTooLargeError) as err:
        asyncio.run(store.save_multipart(chunks(body, 10_000, seen), f"multipart/form-data; boundary={BOUNDARY}"))
    assert err.value.status == 413
    assert max(seen) < cfg.max_file_size_bytes + 20_000 < len(body)  # refused while streaming
    assert leftovers(cfg) == []


def test_declared_content_length_over_the_limit_is_refused_up_front(cfg: MediaConfig) -> None:
    store = UploadStore(cfg)

    async def never() -> AsyncIterator[bytes]:
        raise AssertionError("body must not be read")
        yield b""

    with pytest.raises(PayloadTooLargeError):
        asyncio.run(store.save_multipart(never(), f"multipart/form-data; boundary={BOUNDARY}",
                                         content_length=cfg.max_file_size_bytes * 2))


@pytest.mark.parametrize(("body", "ctype", "match"), [
    (multipart([("other", "a.png", PNG)]), None, "no 'file' part"),
    (multipart([("file", "a.png", PNG), ("file", "b.png", PNG)]), None, "one 'file' part"),
    (multipart([("file", "a.png", PNG)])[:-30], None, "ended before"),
    (PNG, "image/png", "multipart/form-data"),
    (multipart([("file", "a.txt", b"just text")]), None, "not a recognised"),
    (multipart([("file", "a.png", PNG[:60])]), None, "truncated or corrupt"),
])
def test_bad_uploads_are_400_and_leave_nothing(cfg: MediaConfig, body: bytes, ctype: str | None, match: str) -> None:
    store = UploadStore(cfg)
    with pytest.raises(ValidationError, match=match) as err:
        asyncio.run(store.save_multipart(chunks(body), ctype or f"multipart/form-data; boundary={BOUNDARY}"))
    assert err.value.status == 400
    assert leftovers(cfg) == []


def test_save_stream_accepts_file_objects_and_iterables(cfg: MediaConfig, media_dir: Path) -> None:
    store = UploadStore(cfg)
    wav = (media_dir / "tone.wav").read_bytes()
    info = asyncio.run(store.save_stream(io.BytesIO(wav), filename="voice"))
    assert (info.kind, info.mime) == ("audio", "audio/wav")
    with pytest.raises(UnsupportedMediaError):
        asyncio.run(store.save_stream([b"hello ", b"world"], filename="x.png"))
    with pytest.raises(PayloadTooLargeError):
        asyncio.run(store.save_stream([PNG, bytes(100)], filename="x.png", max_bytes=len(PNG)))
    assert leftovers(cfg) == [info.id]


def test_get_delete_expiry_and_sweep(cfg: MediaConfig) -> None:
    store = UploadStore(cfg)
    old = asyncio.run(store.save_stream([PNG], filename="old.png", now=0.0))
    new = asyncio.run(store.save_stream([PNG], filename="new.png"))
    with pytest.raises(NotFoundError):
        store.get(old.id)  # expired: gone even before the sweep runs
    (cfg.upload_dir / ".upl_crashed.partial").mkdir()
    os.utime(cfg.upload_dir / ".upl_crashed.partial", (0, 0))
    assert store.sweep_expired() == 2
    assert leftovers(cfg) == [new.id]
    store.delete(new.id)
    with pytest.raises(NotFoundError):
        store.get(new.id)
    with pytest.raises(NotFoundError):
        store.delete(new.id)
    for bad in ("../etc", "upl_../../x", "upl_" + "A" * 26):
        with pytest.raises(NotFoundError):
            store.get(bad)


def test_through_a_thin_fastapi_route(cfg: MediaConfig) -> None:
    store = UploadStore(cfg)
    app = FastAPI()

    @app.exception_handler(ServiceError)
    async def _envelope(_: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"error": exc.to_dict()}, status_code=exc.status)

    @app.post("/api/v1/uploads")
    async def upload(request: Request) -> UploadInfo:
        length = request.headers.get("content-length")
        return await store.save_multipart(request.stream(), request.headers.get("content-type", ""),
                                          content_length=int(length) if length else None)

    with TestClient(app) as client:
        ok = client.post("/api/v1/uploads", files={"file": ("clip.mp4", PNG, "video/mp4")})
        assert ok.status_code == 200 and ok.json()["mime"] == "image/png" and ok.json()["filename"] == "clip.mp4"
        assert store.path(ok.json()["id"]).read_bytes() == PNG
        big = client.post("/api/v1/uploads", files={"file": ("b.png", PNG + bytes(cfg.max_file_size_bytes * 2))})
        assert big.status_code == 413 and big.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
        bad = client.post("/api/v1/uploads", files={"file": ("a.png", b"not an image")})
        assert bad.status_code == 400 and bad.json()["error"]["details"]["errors"][0]["field"] == "file"
    assert leftovers(cfg) == [ok.json()["id"]]
