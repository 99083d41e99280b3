"""The contract as a file (issue #19): `openapi/openapi.json` is what the service serves, every operation is
named `group.verb` with a summary, and every request model's example is a request the service accepts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from capabilities.conftest import music_index, seeded_music  # noqa: F401  (fixtures)
import pytest
from fastapi.testclient import TestClient

from capabilities.avatar import faces
from media_service.cli import contract_app
from media_service.http.operations import contract_json
from tests.media.origin import Origin, send, start
from tests.mediagen import make_png, make_video, make_wav

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "openapi" / "openapi.json"
REGENERATE = "make openapi"
DOTTED = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
METHODS = {"get", "post", "put", "patch", "delete", "head"}


def differences(a: Any, b: Any, where: str = "") -> Iterator[str]:
    """JSON pointers where `a` (committed) and `b` (served) differ, depth first."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            here = f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if key not in a:
                yield f"{here}: only served"
            elif key not in b:
                yield f"{here}: only committed"
            else:
                yield from differences(a[key], b[key], here)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from differences(x, y, f"{where}/{i}")
    elif a != b:
        yield f"{where or '/'}: committed {json.dumps(a)[:80]} != served {json.dumps(b)[:80]}"


def served(tmp_path: Path) -> dict[str, Any]:
    with TestClient(contract_app(tmp_path)) as client:
        resp = client.get("/api/v1/openapi.json", headers={"X-API-Key": "openapi"})
    assert resp.status_code == 200, resp.text
    spec: dict[str, Any] = resp.json()
    return spec


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield method, path, op


def test_committed_document_is_the_served_one(tmp_path):
    """Fails on any change to an endpoint or model until `make openapi` regenerates the file."""
    assert COMMITTED.is_file(), f"{COMMITTED.relative_to(ROOT)} is missing: run `{REGENERATE}`"
    spec = served(tmp_path)
    text = COMMITTED.read_text()
    if text != contract_json(spec):
        diff = list(differences(json.loads(text), spec))[:10]
        raise AssertionError(f"openapi/openapi.json differs from the served document; run `{REGENERATE}` and "
                             "commit it (the SDKs are generated from it). First differences:\n  "
                             + "\n  ".join(diff or ["(formatting only)"]))


def test_every_operation_is_named_group_verb_with_a_summary():
    spec = json.loads(COMMITTED.read_text())
    seen: dict[str, str] = {}
    for method, path, op in operations(spec):
        op_id = op.get("operationId", "")
        assert DOTTED.match(op_id), f"{method.upper()} {path}: operationId {op_id!r} is not group.verb"
        assert op_id not in seen, f"{op_id} names both {seen[op_id]} and {method.upper()} {path}"
        seen[op_id] = f"{method.upper()} {path}"
        assert op.get("summary", "").strip(), f"{op_id} ({method.upper()} {path}) has no summary"
    for expected in ("render.brief", "jobs.get", "jobs.list", "jobs.cancel", "tts.generate", "tts.voice_clone",
                     "video.sora", "uploads.create", "sparkfluence.generate_images"):
        assert expected in seen, expected
    assert len(seen) >= 90


def request_examples(spec: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any], dict[str, Any]]]:
    """(operationId, method, path, request schema, example) of every operation with a JSON body."""
    schemas = spec["components"]["schemas"]
    for method, path, op in operations(spec):
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        options = [content["schema"], *content["schema"].get("anyOf", [])]  # an optional body: anyOf [model, null]
        ref = next((o["$ref"] for o in options if "$ref" in o), "")
        schema = schemas[ref.rsplit("/", 1)[-1]] if ref else content["schema"]
        examples = schema.get("examples") or []
        assert examples, f"{op['operationId']}: request model {ref or '(inline)'} has no example"
        yield op["operationId"], method, path, schema, examples[0]


#: Operations whose example names a record that only an earlier call creates (a 404 there is about state).
NEEDS_STATE = {"sparkfluence.check_video_status": "video_uuids come from generate-videos"}
EXAMPLE_MEDIA = "https://example.com/media/"


def serve_example_media(names: set[str], directory: Path) -> tuple[Origin, Any]:
    """A loopback origin serving a generated file for each media name the examples use (by suffix)."""
    origin = Origin()
    for name in names:
        path = directory / name
        if name.startswith(("face", "footage")):  # the avatar checks look for exactly one face
            faces.write_png(path, 1) if name.endswith(".png") else faces.write_face_video(path, 1)
        elif name.endswith(".png"):
            make_png(path, 256, 256)
        elif name.endswith((".wav", ".mp3")):
            make_wav(path, seconds=5.0)  # a voice reference must be 3–30 s
        else:
            make_video(path, seconds=1.0)
        data = path.read_bytes()
        origin.routes[f"/media/{name}"] = lambda h, data=data: send(h, 200, data)
    server, _ = start(origin)
    return origin, server


@pytest.mark.usefixtures("seeded_music")
def test_every_request_example_is_accepted(make_client, tmp_path):
    """Each request model's example, submitted as written (as a dry run where the operation has one): never
    a 4xx from our own example. Media URLs are served by a loopback origin (`example.com/media/x` → a
    generated file; the starter music library is analysed once per session); without a provider's key the service may answer 503 naming the setting."""
    spec = json.loads(COMMITTED.read_text())
    examples = list(request_examples(spec))
    names = set(re.findall(re.escape(EXAMPLE_MEDIA) + r"([\w.-]+)", json.dumps([e[4] for e in examples])))
    origin, server = serve_example_media(names, tmp_path)
    client = make_client({"INPUT_ROOTS": str(tmp_path), "EGRESS_ALLOW_HOSTS": "127.0.0.1",
                          "SPARKFLUENCE_SYNC_TIMEOUT_SEC": "1", "OPENAI_COMPAT_TIMEOUT_SEC": "1"})
    refused: list[str] = []
    try:
        for op_id, method, path, schema, example in examples:
            example = json.loads(json.dumps(example).replace(EXAMPLE_MEDIA, origin.url("/media/")))
            body = {**example, "dry_run": True} if "dry_run" in schema.get("properties", {}) else example
            url = re.sub(r"\{[^}]+\}", "missing", path)  # a path parameter: 404 is about the path, not the example
            resp = client.request(method.upper(), url, json=body)
            error = resp.json().get("error") or {}
            if resp.status_code < 400 or (resp.status_code == 404 and ("{" in path or op_id in NEEDS_STATE)):
                continue
            if resp.status_code == 503 and re.search(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", error.get("message", "")):
                continue  # a provider without its key: the message names the setting
            if resp.status_code == 504 and (error.get("details") or {}).get("job_id"):
                continue  # a synchronous contract with no worker here: accepted, its job still queued
            refused.append(f"{op_id}: {resp.status_code} {error}")
    finally:
        server.shutdown()
    assert not refused, "examples the service refuses:\n  " + "\n  ".join(refused)
    assert len(examples) >= 45
