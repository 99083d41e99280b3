"""The /render/scene test client: the shared capability client with `post`/`submit`/`run` taking the body."""

from __future__ import annotations

from tests.capabilities.service_api import ServiceApi, errors_by_field  # noqa: F401  (re-exported to the tests)

JOB_TIMEOUT = 90.0


class SceneApi(ServiceApi):
    """POST /api/v1/render/scene (path "scene") and what follows a render (wait, fetch, logs)."""

    prefix = "/api/v1/render"
    timeout = JOB_TIMEOUT
