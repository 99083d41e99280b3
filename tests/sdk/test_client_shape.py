"""The SDK stays in step with the contract: its generated module is what generate.py makes of the committed
OpenAPI document, sync and async twins have the same signatures, §15.1's names exist, and a 429 from a real
rate-limited service is retried after its Retry-After with the same Idempotency-Key."""

from __future__ import annotations

import importlib.util
import inspect
import re
import time
from pathlib import Path
from typing import Any

import httpx
import remotion_service
from remotion_service import AsyncRemotionClient, RateLimitError, RemotionClient, RenderQuality
from remotion_service.errors import ProviderError, ServiceUnavailableError, ValidationError, error_from_response

from media_service.app import create_app
from media_service.cli import openapi_document
from tests.conftest import API_KEY
from tests.http.live import serve

SDK = Path(__file__).resolve().parents[2] / "sdk" / "python"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("sdk_generate", SDK / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_module_matches_the_served_openapi():
    """Fails when an endpoint or request model changed without `make openapi` (which regenerates the document
    and this module): the module must be what the generator makes of the document the service serves now."""
    generator = _generator()
    expected = generator.render(openapi_document())
    committed = generator.TARGET.read_text()
    if committed != expected:
        changed = []
        for a, b in zip(committed.splitlines(), expected.splitlines(), strict=False):
            if a != b:
                old, new = set(re.split(r", |\(|\)", a)), set(re.split(r", |\(|\)", b))
                changed.append(f"{a.strip()[:60]}…: module has {sorted(old - new)}, the contract {sorted(new - old)}")
        raise AssertionError("sdk/python/src/remotion_service/_generated.py is stale: run `make openapi`.\n  "
                             + "\n  ".join(changed[:4]))


def _public_methods(obj: Any) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in dir(obj) if not n.startswith("_") and callable(getattr(obj, n))}


def test_every_sync_method_has_an_async_twin_with_the_same_signature():
    sync, asyn = RemotionClient("http://127.0.0.1:9", "k"), AsyncRemotionClient("http://127.0.0.1:9", "k")
    groups = [n for n, v in vars(sync).items() if not n.startswith("_") and hasattr(v, "_client")]
    assert {"render", "tts", "video", "image", "audio", "visuals", "avatar", "analyze", "publish", "jobs",
            "uploads", "scripts", "sparkfluence"} <= set(groups)
    checked = 0
    for group in groups:
        mine, theirs = _public_methods(getattr(sync, group)), _public_methods(getattr(asyn, group))
        assert set(mine) == set(theirs), (group, set(mine) ^ set(theirs))
        for name, method in mine.items():
            twin = theirs[name]
            assert inspect.iscoroutinefunction(twin) or inspect.isasyncgenfunction(twin), f"{group}.{name}"
            a, b = inspect.signature(method), inspect.signature(twin)
            assert list(a.parameters.values()) == list(b.parameters.values()), f"{group}.{name}"
            checked += 1
    assert _public_methods(sync).keys() - {"close"} == _public_methods(asyn).keys() - {"close"}
    assert checked >= 100


def test_prd_names_exist():
    client = RemotionClient("http://127.0.0.1:9", "k")
    for dotted in ("render.brief", "tts.generate", "tts.voice_clone", "video.sora", "image.character",
                   "audio.mix", "jobs.get", "jobs.list", "jobs.cancel", "jobs.logs", "jobs.result", "jobs.wait",
                   "jobs.stream", "uploads.create", "render.brief_and_wait"):
        group, verb = dotted.split(".")
        assert callable(getattr(getattr(client, group), verb)), dotted
    assert RenderQuality.PRODUCTION.value == "production" and "RenderQuality" in remotion_service.__all__


def test_errors_mirror_the_envelope_codes():
    error = error_from_response(400, {"success": False, "error": {
        "code": "VALIDATION_ERROR", "message": "Request validation failed",
        "details": {"errors": [{"field": "brief.sections[0].duration_sec", "message": "must be > 0"}]}}})
    assert isinstance(error, ValidationError) and error.field == "brief.sections[0].duration_sec"
    assert isinstance(error_from_response(502, {"error": {"code": "PROVIDER_ERROR", "message": "x"}}), ProviderError)
    assert isinstance(error_from_response(503, {"error": {"code": "SERVICE_UNAVAILABLE", "message": "set X"}}),
                      ServiceUnavailableError)


def test_429_is_retried_after_retry_after_with_the_same_idempotency_key(make_settings):
    """A real service limiting writes to a burst of 1: the client's second submission meets a 429, waits the
    Retry-After it was given and sends the same Idempotency-Key again, and succeeds."""
    app = create_app(make_settings({"RATE_LIMIT_ENABLED": "true", "RATE_LIMIT_BURST_SIZE": "1",
                                    "RATE_LIMIT_REQUESTS_PER_MINUTE": "60"}))
    sent: list[tuple[float, str | None]] = []
    answers: list[tuple[int, str | None]] = []

    def on_request(request: httpx.Request) -> None:
        sent.append((time.monotonic(), request.headers.get("idempotency-key")))

    def on_response(response: httpx.Response) -> None:
        answers.append((response.status_code, response.headers.get("retry-after")))

    with serve(app) as url:
        http = httpx.Client(base_url=url, timeout=60, event_hooks={"request": [on_request],
                                                                   "response": [on_response]})
        with RemotionClient(url, API_KEY, max_retries=3, http_client=http) as client:
            first = client.tts.generate(text="one", voice_id="piper-en_US-joe-medium", dry_run=True)
            second = client.tts.generate(text="two", voice_id="piper-en_US-joe-medium", dry_run=True)
        with RemotionClient(url, API_KEY, max_retries=0) as impatient, \
                __import__("pytest").raises(RateLimitError) as refused:
            impatient.tts.generate(text="three", voice_id="piper-en_US-joe-medium", dry_run=True)
    assert first["dry_run"] and second["dry_run"]
    statuses = [s for s, _ in answers]
    assert statuses[:2] == [200, 429] and statuses[2] == 200, answers
    retry_after = float(answers[1][1] or 0)
    assert retry_after >= 1
    assert sent[2][0] - sent[1][0] >= retry_after - 0.05  # waited as told
    assert sent[1][1] == sent[2][1] is not None and sent[0][1] != sent[1][1]  # one key per submission
    assert refused.value.status == 429 and refused.value.code == "RATE_LIMIT_EXCEEDED"
