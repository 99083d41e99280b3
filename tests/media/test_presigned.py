"""Issue #11 item 10: a presigned URL is absolute and works without an API key (as S3's do);
tampered or expired tokens stay 403."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from media_service.media.service import media_services
from media_service.media.tokens import signed_url

from tests.mediagen import png_bytes

AD = {"template_id": "sale-badge", "bindings": {"text": {"headline": "Presigned"}}, "format": "png"}


def _completed_ad(client: TestClient, start_worker: Callable[..., Any]) -> dict[str, Any]:
    start_worker(client, queues=("cpu",))
    r = client.post("/api/v1/render/ad-template", json=AD)
    assert r.status_code == 202, r.text
    job_id = r.json()["data"]["job_id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()["data"]
        if job["status"] in ("completed", "failed"):
            assert job["status"] == "completed", job
            return dict(job)
        time.sleep(0.1)
    raise AssertionError("the ad job did not finish")


def _output_url(job: dict[str, Any]) -> str:
    urls = [v["url"] for v in job["result"].values() if isinstance(v, dict) and "url" in v]
    assert urls, job["result"]
    return str(urls[0])


def test_result_urls_are_absolute_and_need_no_key(make_client: Callable[..., TestClient],
                                                  start_worker: Callable[..., Any]) -> None:
    client = make_client()
    job = _completed_ad(client, start_worker)
    url = _output_url(job)
    assert url.startswith("http://testserver/api/v1/files/"), url  # the request's base URL
    for body in (client.get(f"/api/v1/jobs/{job['id']}").json()["data"],
                 {"result": client.get(f"/api/v1/jobs/{job['id']}/result").json()["data"]}):
        assert _output_url(body).startswith("http://testserver/api/v1/files/")
    keyless = TestClient(client.app)
    got = keyless.get(url)
    assert got.status_code == 200 and got.content.startswith(b"\x89PNG")
    assert got.headers["content-type"] == "image/png"
    token = url.rsplit("/", 1)[1]
    payload, mac = token.split(".")
    tampered = f"{payload[:-1]}{'A' if payload[-1] != 'A' else 'B'}.{mac}"
    assert keyless.get(url.replace(token, tampered)).status_code == 403
    assert keyless.get("/api/v1/jobs").status_code == 401  # the API itself still needs a key


def test_public_base_url_makes_urls_absolute_at_creation(make_client: Callable[..., TestClient],
                                                         make_settings: Callable[..., Any]) -> None:
    env = {"PUBLIC_BASE_URL": "https://media.example.com"}
    client = make_client(env)
    media = media_services(make_settings(env))
    src = media.cfg.output_dir / "made.png"
    src.write_bytes(png_bytes(16, 16))
    ref = media.outputs.save("job_pub", src)
    assert ref.url.startswith("https://media.example.com/api/v1/files/")
    path = httpx.URL(ref.url).path
    assert TestClient(client.app).get(path).status_code == 200
    expired = signed_url(media.cfg, media.cfg.output_dir / "job_pub" / "made.png", ttl_seconds=1, now=0)
    assert TestClient(client.app).get(httpx.URL(expired).path).status_code == 403
