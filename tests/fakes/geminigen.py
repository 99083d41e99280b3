"""GeminiGen Veo fake (providers.md §4.4): `x-api-key` required (401 otherwise); multipart
`POST /uapi/v1/video-gen/veo` → `{id, uuid, model_name, status: 1, status_percentage: 1, estimated_credit}`;
`GET /uapi/v1/history/{uuid}` → status 1 with a rising `status_percentage` on successive polls, then 2 with
`generated_video[0].video_url` served (without auth) from `delivery_host`, another origin like the CDN;
unknown uuid → 404. Magic prompt FAIL_ME → the record ends with status 3 and `error_message`.

Faults: "concurrency" (400 with the plan's "maximum number of 5 concurrent" message), "rate_limit" (429 with
Retry-After: 1). Everything each POST carried is kept in `forms` (field → value; files → (name, bytes)).
"""

from __future__ import annotations

import itertools
import uuid as uuidlib
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from .base import FakeServer, Received, Reply
from .media import mp4_bytes

_PERCENTAGES = (1, 35, 70)
_MODELS = {"veo-3.1-fast", "veo-3.1", "veo-3.1-lite", "veo-3", "veo-3-fast", "veo-2", "veo-3.1-fast-frame"}


def parse_multipart(request: Received) -> dict[str, Any]:
    """A multipart body as {field: str | (filename, bytes)} (a repeated field keeps the last)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return {}
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + request.body)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        fields[str(name)] = (filename, payload) if filename else payload.decode()
    return fields


class GeminiGenFake(FakeServer):
    key = "geminiai-0123456789abcdef0123456789abcdef"
    vendor = "geminigen"

    def __init__(self, *, port: int = 0, delivery_host: str = "localhost") -> None:
        super().__init__(port=port)
        self.delivery_host = delivery_host
        self.records: dict[str, dict[str, Any]] = {}
        self.forms: list[dict[str, Any]] = []
        self._ids = itertools.count(2588)

    @property
    def delivery_origins(self) -> tuple[str, ...]:
        return (f"{self.delivery_host}:{self.port}",)

    def handle(self, request: Received) -> Reply:
        if request.path.startswith("/cdn/"):  # each generation its own picture: green = 60 × its order
            record = self.records.get(request.path.rsplit("/", 1)[-1].removesuffix(".mp4"), {"id": 2588})
            return Reply(200, mp4_bytes(shade=60 * (int(record["id"]) - 2588)), {"Content-Type": "video/mp4"})
        if request.headers.get("x-api-key") != self.key:
            return Reply.json(401, {"detail": {"error_code": "INVALID_API_KEY", "error_message": "Invalid API key"}})
        if request.method == "POST" and request.path == "/uapi/v1/video-gen/veo":
            return self._create(request)
        if request.method == "GET" and request.path.startswith("/uapi/v1/history/"):
            return self._history(request.path.rsplit("/", 1)[-1])
        return Reply.json(404, {"detail": {"error_code": "NOT_FOUND", "error_message": "Not Found"}})

    def _create(self, request: Received) -> Reply:
        fault = self.take_fault("concurrency", "rate_limit")
        if fault == "concurrency":
            return Reply.json(400, {"detail": {"error_code": "MAX_CONCURRENT", "error_message": "You have reached "
                                               "the maximum number of 5 concurrent video generations allowed by "
                                               "your plan."}})
        if fault == "rate_limit":
            return Reply.json(429, {"detail": {"error_code": "RATE_LIMITED", "error_message": "Too many requests"}},
                              {"Retry-After": "1"})
        form = parse_multipart(request)
        self.forms.append(form)
        if not form.get("prompt"):
            return Reply.json(400, {"detail": {"error_code": "INVALID_INPUT", "error_message": "prompt is required"}})
        model = str(form.get("model") or "veo-3.1-fast")
        if model not in _MODELS or form.get("aspect_ratio", "16:9") not in ("16:9", "9:16") \
                or form.get("resolution", "720p") not in ("720p", "1080p"):
            return Reply.json(400, {"detail": {"error_code": "INVALID_INPUT", "error_message": "invalid model, "
                                               "aspect_ratio or resolution"}})
        record = {"id": next(self._ids), "uuid": str(uuidlib.uuid1()), "model_name": model, "status": 1,
                  "status_desc": "processing", "status_percentage": 1, "estimated_credit": 20,
                  "error_message": None, "generated_video": [], "thumbnail_url": None,
                  "_polls": 0, "_fail": "FAIL_ME" in str(form.get("prompt"))}
        self.records[str(record["uuid"])] = record
        return Reply.json(200, {k: record[k] for k in ("id", "uuid", "model_name", "status", "status_percentage",
                                                       "estimated_credit")})

    def _history(self, uuid: str) -> Reply:
        record = self.records.get(uuid)
        if record is None:
            return Reply.json(404, {"detail": {"error_code": "NOT_FOUND", "error_message": "History not found"}})
        if record["status"] == 1:
            record["_polls"] += 1
            if record["_polls"] < len(_PERCENTAGES):
                record["status_percentage"] = _PERCENTAGES[record["_polls"]]
            elif record["_fail"]:
                record.update(status=3, status_desc="failed", error_message="Content policy violation")
            else:
                url = f"http://{self.delivery_host}:{self.port}/cdn/{uuid}.mp4"
                record.update(status=2, status_desc="completed", status_percentage=100,
                              generated_video=[{"video_url": url, "file_download_url": url}])
        return Reply.json(200, {k: v for k, v in record.items() if not k.startswith("_")})
