"""The /render/scene test client: the shared capability client with `post`/`submit`/`run` taking the body."""

from __future__ import annotations

from typing import Any

from tests.capabilities.service_api import ServiceApi, errors_by_field  # noqa: F401  (re-exported to the tests)

JOB_TIMEOUT = 90.0


class SceneApi(ServiceApi):
    """POST /api/v1/render/scene and what follows a render (wait, fetch, logs)."""

    prefix = "/api/v1/render/scene"
    timeout = JOB_TIMEOUT

    def post(self, body: dict[str, Any]) -> Any:
        return self._post("", body)

    def submit(self, body: dict[str, Any]) -> str:
        return self._submit("", body)

    def run(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._run("", body)
