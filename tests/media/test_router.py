"""Uploads and signed downloads through the service's HTTP API."""

from __future__ import annotations

import io

import numpy as np
import skia

from media_service.media.service import media_services


def png_bytes(w: int = 32, h: int = 24) -> bytes:
    pixels = np.zeros((h, w, 4), np.uint8)
    pixels[..., 0], pixels[..., 3] = 200, 255
    return skia.Image.fromarray(pixels).encodeToData(skia.kPNG, 100).bytes()


def test_upload_get_delete(make_client):
    client = make_client()
    resp = client.post("/api/v1/uploads", files={"file": ("photo.mp4", png_bytes(), "video/mp4")})
    assert resp.status_code == 201, resp.text
    info = resp.json()["data"]
    assert info["id"].startswith("upl_") and info["size_bytes"] == len(png_bytes())
    assert "png" in info["mime"]  # detected by content, not by the name or the declared type
    assert client.get(f"/api/v1/uploads/{info['id']}").json()["data"]["id"] == info["id"]
    assert client.delete(f"/api/v1/uploads/{info['id']}").status_code == 200
    assert client.get(f"/api/v1/uploads/{info['id']}").json()["error"]["code"] == "NOT_FOUND"


def test_upload_over_the_limit_is_413(make_client):
    client = make_client({"MAX_FILE_SIZE_MB": "0.01"})
    resp = client.post("/api/v1/uploads", files={"file": ("big.bin", io.BytesIO(b"\0" * 50_000), "image/png")})
    assert resp.status_code == 413 and resp.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


def test_signed_download_range_head_and_forged_token(make_client, make_settings, tmp_path):
    client = make_client()
    settings = make_settings()
    media = media_services(settings)
    src = settings.output_dir / "made-by-a-job.png"
    src.write_bytes(png_bytes(64, 48))
    ref = media.outputs.save("job_test123", src)
    assert ref.width == 64 and ref.height == 48 and ref.mime == "image/png"
    data = (settings.output_dir / "job_test123" / src.name).read_bytes()
    full = client.get(ref.url)
    assert full.status_code == 200 and full.content == data
    assert full.headers["content-type"] == "image/png" and int(full.headers["content-length"]) == len(data)
    assert "attachment" in full.headers["content-disposition"]
    part = client.get(ref.url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == data[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(data)}"
    head = client.head(ref.url)
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) == len(data)
    token = ref.url.rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/api/v1/files/{forged}").status_code == 403
    assert client.get(ref.url, headers={"X-API-Key": ""}).content == data  # the presigned URL is the credential
