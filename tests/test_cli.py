"""The `media-service` command: serve answers /health quickly, keys, openapi, config errors."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
from openapi_spec_validator import validate

from tests.conftest import HANG_LIMIT_SEC, REQUEST_TIMEOUT_SEC, free_port, wait_until_serving

CLI = [sys.executable, "-m", "media_service.cli"]


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REMOTION_", "RATE_LIMIT_", "JOB_QUEUE_"))}
    env.update(DATA_DIR=str(tmp_path / "data"), OUTPUT_DIR=str(tmp_path / "out"), TEMP_DIR=str(tmp_path / "tmp"),
               REMOTION_SERVICE_CONFIG=str(tmp_path / "absent.yaml"), **extra)
    return env


def test_serve_generates_key_once_and_answers_health(tmp_path):
    port = free_port()
    env = env_for(tmp_path, REMOTION_SERVICE_PORT=str(port))
    url = f"http://127.0.0.1:{port}"
    outputs = []
    for run in range(2):  # the first start generates and prints the key; the second reuses it silently
        log = tmp_path / f"serve-{run}.log"  # a file, not a pipe: a full pipe would stall the server's logging
        with log.open("w") as stderr:
            proc = subprocess.Popen([*CLI, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
        try:
            wait_until_serving(url, proc)  # start-up time is measured by bench/api_latency.py, not asserted here
            key = (tmp_path / "data" / "api_key").read_text().strip()
            authorized = httpx.get(url + "/api/v1/capabilities", headers={"Authorization": f"Bearer {key}"},
                                   timeout=REQUEST_TIMEOUT_SEC)
            assert authorized.status_code == 200
            assert httpx.get(url + "/api/v1/capabilities", timeout=REQUEST_TIMEOUT_SEC).status_code == 401
        finally:
            proc.terminate()
            proc.wait(timeout=HANG_LIMIT_SEC)
        outputs.append(log.read_text())
    assert key in outputs[0] and key not in outputs[1]
    first_log_lines = [line for line in outputs[0].splitlines() if line.startswith("{")]
    assert any(json.loads(line)["event"] == "http.request" for line in first_log_lines)  # JSON log lines


def test_invalid_configuration_stops_with_one_line(tmp_path):
    proc = subprocess.run([*CLI, "serve"], env=env_for(tmp_path, REMOTION_SERVICE_PORT="x"),
                          capture_output=True, text=True, timeout=HANG_LIMIT_SEC)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "REMOTION_SERVICE_PORT" in lines[0]


def test_non_loopback_without_key_refused(tmp_path):
    proc = subprocess.run([*CLI, "serve", "--host", "0.0.0.0"], env=env_for(tmp_path),
                          capture_output=True, text=True, timeout=HANG_LIMIT_SEC)
    assert proc.returncode == 2 and "API key" in proc.stderr


def test_keys_create_prints_a_usable_hashed_entry(tmp_path, make_client):
    out = subprocess.run([*CLI, "keys", "create", "--scopes", "read"], capture_output=True, text=True, timeout=HANG_LIMIT_SEC).stdout
    key = out.split("key: ", 1)[1].split()[0]
    entry = json.loads(out.split("REMOTION_SERVICE_API_KEYS entry: ", 1)[1].splitlines()[0])
    assert entry["scopes"] == ["read"] and key not in json.dumps(entry)
    client = make_client({"REMOTION_SERVICE_API_KEY": "", "REMOTION_SERVICE_API_KEYS": json.dumps([entry])}, key=None)
    assert client.get("/api/v1/capabilities", headers={"X-API-Key": key}).status_code == 200


def test_openapi_command_prints_a_valid_document():
    out = subprocess.run([*CLI, "openapi"], capture_output=True, text=True, timeout=HANG_LIMIT_SEC)
    assert out.returncode == 0, out.stderr
    validate(json.loads(out.stdout))


def test_serve_over_tls(tmp_path):
    import shutil

    import pytest

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=HANG_LIMIT_SEC)
    port = free_port()
    env = env_for(tmp_path, REMOTION_SERVICE_PORT=str(port), REMOTION_SERVICE_API_KEY="k",
                  TLS_CERT_FILE=str(cert), TLS_KEY_FILE=str(key))
    proc = subprocess.Popen([*CLI, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        tls = ssl.create_default_context(cafile=str(cert))
        wait_until_serving(f"https://127.0.0.1:{port}", proc, verify=tls)
        resp = httpx.get(f"https://127.0.0.1:{port}/health", verify=tls, timeout=REQUEST_TIMEOUT_SEC)
        assert resp.status_code == 200 and resp.json()["status"] == "healthy"
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)  # plain HTTP is not served
    finally:
        proc.terminate()
        proc.communicate(timeout=HANG_LIMIT_SEC)
