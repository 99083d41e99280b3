"""Gemini fake (providers.md §3.1–§3.5): `x-goog-api-key` (bad key → 400 INVALID_ARGUMENT with
ErrorInfo API_KEY_INVALID; none → 403 PERMISSION_DENIED), generateContent answering an inlineData PNG
of the requested aspect ratio (camelCase) or JSON text synthesised from `responseJsonSchema`, and Veo:
`predictLongRunning` → an operation polled without `done` twice, then `done: true` with
`generatedSamples[0].video.uri` on the fake, which needs the key and answers 302 to a second path serving
the MP4 (redirects must be followed).

Faults: "rate_limit" (429 RESOURCE_EXHAUSTED with RetryInfo.retryDelay "1s"), "server_error" (503
UNAVAILABLE), "not_image", "bad_json" (JSON mode answers prose). Magic prompt FAIL_ME → no image
(finishReason IMAGE_SAFETY), a blocked prompt (JSON mode), or a video operation that ends with `error`.
`durationSeconds` sent as a string → 400 INVALID_ARGUMENT.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from .base import FakeServer, Received, Reply
from .media import NOT_AN_IMAGE, mp4_bytes, png_bytes
from .schema import synthesise

_RATIOS = {"1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"}


def _error(status: int, state: str, message: str, details: list[dict[str, Any]] | None = None) -> Reply:
    return Reply.json(status, {"error": {"code": status, "message": message, "status": state,
                                         "details": details or []}})


class GeminiFake(FakeServer):
    key = "AIza-test-fake-gemini"
    vendor = "gemini"

    def __init__(self, *, port: int = 0) -> None:
        super().__init__(port=port)
        self.operations: dict[str, dict[str, Any]] = {}

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1beta"

    def handle(self, request: Received) -> Reply:
        if request.path.startswith("/storage/"):
            return Reply(200, mp4_bytes(), {"Content-Type": "video/mp4"})
        key = request.headers.get("x-goog-api-key")
        if key is None:
            return _error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers. Please use API Key.")
        if key != self.key:
            return _error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                          [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                            "domain": "googleapis.com"}])
        if request.method == "POST" and request.path.startswith("/v1beta/models/") \
                and request.path.endswith(":generateContent"):
            return self._generate(request.json() or {})
        if request.method == "POST" and request.path.endswith(":predictLongRunning"):
            return self._predict(request, request.path.split("/")[-1].split(":")[0])
        if request.method == "GET" and "/operations/" in request.path:
            return self._operation(request)
        if request.method == "GET" and request.path.startswith("/v1beta/files/"):
            name = request.path.split("/")[-1].split(":")[0]
            return Reply(302, b"", {"Location": self.absolute(request, f"/storage/{name}.mp4")})
        return _error(404, "NOT_FOUND", f"{request.path} is not found")

    def _generate(self, body: dict[str, Any]) -> Reply:
        fault = self.take_fault("rate_limit", "server_error", "not_image")
        if fault == "rate_limit":
            return _error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", [
                {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
                 "violations": [{"quotaId": "GenerateRequestsPerMinutePerProjectPerModel"}]},
                {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"}])
        if fault == "server_error":
            return _error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
        config = body.get("generationConfig") or {}
        if config.get("responseMimeType") == "application/json":
            return self._json_text(body, config, bad=self.take_fault("bad_json") is not None)
        ratio = (config.get("imageConfig") or {}).get("aspectRatio", "1:1")
        if ratio not in _RATIOS:
            return _error(400, "INVALID_ARGUMENT", f"Invalid aspect ratio: {ratio}")
        if "IMAGE" not in (config.get("responseModalities") or []):
            return Reply.json(200, {"candidates": [{"content": {"parts": [{"text": "text only"}], "role": "model"},
                                                    "finishReason": "STOP"}]})
        parts = (body.get("contents") or [{}])[0].get("parts") or []
        prompt = " ".join(p.get("text", "") for p in parts)
        if "FAIL_ME" in prompt:
            return Reply.json(200, {"candidates": [{"content": {"parts": [], "role": "model"},
                                                    "finishReason": "IMAGE_SAFETY"}]})
        a, b = (int(x) for x in ratio.split(":"))
        data = NOT_AN_IMAGE if fault == "not_image" else png_bytes(a * 8, b * 8)
        return Reply.json(200, {"candidates": [{"content": {"role": "model", "parts": [
            {"text": "Here is your image."},
            {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(data).decode()}}]},
            "finishReason": "STOP"}], "usageMetadata": {"promptTokenCount": 10}})

    def _predict(self, request: Received, model: str) -> Reply:
        fault = self.take_fault("rate_limit", "server_error")
        if fault == "rate_limit":
            return _error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", [
                {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"}])
        if fault == "server_error":
            return _error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
        body = request.json() or {}
        instance = (body.get("instances") or [{}])[0]
        parameters = body.get("parameters") or {}
        duration = parameters.get("durationSeconds", 8)
        if not isinstance(duration, int) or duration not in (4, 6, 8):
            return _error(400, "INVALID_ARGUMENT", f"durationSeconds must be a number 4, 6 or 8: {duration!r}")
        if parameters.get("aspectRatio", "16:9") not in ("16:9", "9:16"):
            return _error(400, "INVALID_ARGUMENT", "aspectRatio must be 16:9 or 9:16")
        image = instance.get("image")
        if image is not None and not {"bytesBase64Encoded", "mimeType"} <= set(image):
            return _error(400, "INVALID_ARGUMENT", "image needs bytesBase64Encoded and mimeType")
        name = f"models/{model}/operations/op{len(self.operations) + 1:04d}"
        self.operations[name] = {"polls": 0, "fail": "FAIL_ME" in str(instance.get("prompt")), "file":
                                 f"f{len(self.operations) + 1:04d}"}
        return Reply.json(200, {"name": name})

    def _operation(self, request: Received) -> Reply:
        name = request.path.removeprefix("/v1beta/")
        op = self.operations.get(name)
        if op is None:
            return _error(404, "NOT_FOUND", f"operation {name} not found")
        op["polls"] += 1
        if op["polls"] <= 2:
            return Reply.json(200, {"name": name, "metadata": {"@type": "type.googleapis.com/google.ai."
                                                                        "generativelanguage.v1beta.Operation"}})
        if op["fail"]:
            return Reply.json(200, {"name": name, "done": True,
                                    "error": {"code": 3, "message": "The prompt was blocked.", "details": []}})
        uri = self.absolute(request, f"/v1beta/files/{op['file']}:download?alt=media")
        return Reply.json(200, {"name": name, "done": True, "response": {
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
            "generateVideoResponse": {"generatedSamples": [{"video": {"uri": uri}}], "raiMediaFilteredCount": 0,
                                      "raiMediaFilteredReasons": []}}})

    def _json_text(self, body: dict[str, Any], config: dict[str, Any], *, bad: bool) -> Reply:
        if "responseSchema" in config and "responseJsonSchema" in config:
            return _error(400, "INVALID_ARGUMENT", "responseSchema and responseJsonSchema cannot both be set")
        schema = config.get("responseJsonSchema") or config.get("responseSchema")
        if not isinstance(schema, dict):
            return _error(400, "INVALID_ARGUMENT", "JSON mode needs a response schema")
        parts = (body.get("contents") or [{}])[0].get("parts") or []
        if "FAIL_ME" in " ".join(str(p.get("text", "")) for p in parts):
            return Reply.json(200, {"promptFeedback": {"blockReason": "SAFETY"}})
        text = "Here is the script you asked for." if bad else json.dumps(synthesise(schema))
        return Reply.json(200, {"candidates": [{"content": {"role": "model", "parts": [
            {"text": "thinking about it", "thought": True}, {"text": text}]}, "finishReason": "STOP", "index": 0}],
            "usageMetadata": {"promptTokenCount": 41, "candidatesTokenCount": 220},
            "modelVersion": "gemini-3-flash-preview"})
