"""Hugging Face Inference fake (providers.md §5.4): Bearer `hf_` token (else 401), text-to-image on
`/hf-inference/models/{org}/{model}` answering raw PNG bytes of the asked width/height.

The first call after start answers 503 "currently loading" with `estimated_time` (unless `cold=False`
or `x-wait-for-model: true`). Empty `inputs` → 400. Faults: "rate_limit" (429 + Retry-After: 1),
"quota" (402), "not_image" (200 with an HTML body labelled image/png).
"""

from __future__ import annotations

from .base import FakeServer, Received, Reply
from .media import NOT_AN_IMAGE, png_bytes


class HuggingFaceFake(FakeServer):
    key = "hf_testfakehuggingface"
    vendor = "huggingface"

    def __init__(self, *, port: int = 0, cold: bool = False, loading_sec: float = 1.0) -> None:
        super().__init__(port=port)
        self.cold = cold
        self.loading_sec = loading_sec

    def handle(self, request: Received) -> Reply:
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return Reply.json(401, {"error": "Invalid credentials in Authorization header"})
        if request.method != "POST" or not request.path.startswith("/hf-inference/models/"):
            return Reply.json(404, {"error": f"Model {request.path} does not exist"})
        model = request.path.removeprefix("/hf-inference/models/")
        if self.cold and request.headers.get("x-wait-for-model") != "true":
            self.cold = False
            return Reply.json(503, {"error": f"Model {model} is currently loading", "estimated_time": self.loading_sec})
        fault = self.take_fault("rate_limit", "quota", "not_image")
        if fault == "rate_limit":
            return Reply.json(429, {"error": "Rate limit reached. Please retry later."}, {"Retry-After": "1"})
        if fault == "quota":
            return Reply.json(402, {"error": "You have exceeded your monthly included credits for Inference "
                                             "Providers. Subscribe to PRO to get 20x more monthly included credits."})
        body = request.json() or {}
        if not body.get("inputs"):
            return Reply.json(400, {"error": ["Error in `inputs`: field required"]})
        if fault == "not_image":
            return Reply(200, NOT_AN_IMAGE, {"Content-Type": "image/png"})
        params = body.get("parameters") or {}
        width, height = int(params.get("width", 1024)), int(params.get("height", 1024))
        return Reply(200, png_bytes(width, height), {"Content-Type": "image/png"})
