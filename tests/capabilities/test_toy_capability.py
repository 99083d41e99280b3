"""Adding a capability group is one package and one line: the toy group (tests/capabilities/toy), named
only in MEDIA_SERVICE_EXTRA_JOB_MODULES, gets its route into OpenAPI and /capabilities, its readiness
check into /health/ready, and its job run by a real worker in a forked child process."""

from __future__ import annotations

import os
from collections.abc import Callable

from fastapi.testclient import TestClient

from media_service.jobs import Worker

from . import toy
from .service_api import CAPABILITY_ENV, ServiceApi

TOY = {**CAPABILITY_ENV, "MEDIA_SERVICE_EXTRA_JOB_MODULES": toy.__name__}  # the one line


def test_a_toy_capability_needs_no_other_edit(make_client: Callable[..., TestClient], tmp_path) -> None:
    client = make_client(TOY)
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/toy/echo"]["post"]
    assert operation["x-job-type"] == "toy.echo"
    listed = {(e["method"], e["path"]): e for e in client.get("/api/v1/capabilities").json()["data"]["endpoints"]}
    assert listed[("POST", "/api/v1/toy/echo")]["available"] is True
    assert client.get("/health/ready").json()["dependencies"]["toy"]["status"] == "ok"

    worker = Worker(client.app.state.web.settings, queues=("cpu",)).start()  # type: ignore[attr-defined]
    try:
        api = ServiceApi(client=client, inputs=tmp_path, tmp=tmp_path)
        result = api.run("toy/echo", {"text": "capability"})
    finally:
        worker.stop(grace=0)
    assert result["text"] == "capability" and result["reversed"] == "ytilibapac"
    assert result["pid"] != os.getpid()  # ran in a worker's forked child, not in the test process


def test_without_the_line_there_is_no_toy(make_client: Callable[..., TestClient]) -> None:
    client = make_client(CAPABILITY_ENV)
    assert "/api/v1/toy/echo" not in client.get("/api/v1/openapi.json").json()["paths"]
    assert client.post("/api/v1/toy/echo", json={"text": "x"}).status_code == 404
