"""Modal voice endpoint fake (providers.md §8 and the contract in `providers/modal.py`): both proxy-auth
headers required (401 text body otherwise); `POST /voices`, `DELETE /voices/{id}`, `POST /submit` →
call_id, `GET /result?call_id=` moving running → done over successive polls, with Modal's 303 loop:
the first `redirects` result calls of each job answer `303 See Other` back to the same URL (as Modal does
past its 150 s HTTP limit). The audio is real speech from the local Piper voice (WAV).

Faults (`inject`): "rate_limit" (429, Retry-After: 1), "server_error" (500 {"error"} from user code, on
submit), "job_failed" (the job ends as {"status": "failed", "error"}).
"""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from .base import FakeServer, Received, Reply
from .media import speech_bytes

_MODELS = ("indextts2", "xtts")
_EMOTIONS = ("neutral", "happy", "sad", "angry", "excited")


@dataclass
class _Call:
    body: dict[str, Any]
    polls: int = 0
    failed: bool = False


class ModalVoiceFake(FakeServer):
    key = "wk-test-fake:ws-test-secret"
    vendor = "modal_voice"

    def __init__(self, *, port: int = 0, redirects: int = 1, running_polls: int = 1) -> None:
        super().__init__(port=port)
        self.redirects = redirects
        self.running_polls = running_polls
        self.voices: dict[str, dict[str, Any]] = {}
        self.calls: dict[str, _Call] = {}
        self._ids = itertools.count(1)

    def handle(self, request: Received) -> Reply:
        token, secret = self.key.split(":", 1)
        if request.headers.get("modal-key") != token or request.headers.get("modal-secret") != secret:
            return Reply(401, b"modal-http: missing credentials for proxy authorization",
                         {"Content-Type": "text/plain"})
        fault = self.take_fault("rate_limit", "server_error") if request.method == "POST" else None
        if fault == "rate_limit":
            return Reply.json(429, {"error": "too many requests"}, {"Retry-After": "1"})
        if fault == "server_error":
            return Reply.json(500, {"error": "Traceback (most recent call last): RuntimeError: model not loaded"})
        if request.method == "POST" and request.path == "/voices":
            return self._add(request.json() or {})
        if request.method == "DELETE" and request.path.startswith("/voices/"):
            if self.voices.pop(request.path.rsplit("/", 1)[1], None) is None:
                return Reply.json(404, {"error": "no such voice"})
            return Reply.json(200, {"status": "ok"})
        if request.method == "POST" and request.path == "/submit":
            return self._submit(request.json() or {})
        if request.method == "GET" and request.path == "/result":
            return self._result(request)
        return Reply(404, b"modal-http: invalid function call", {"Content-Type": "text/plain"})

    def _add(self, body: dict[str, Any]) -> Reply:
        refs = body.get("references") or []
        if not body.get("name") or not refs or not all(r.get("audio_base64") for r in refs):
            return Reply.json(400, {"error": "name and at least one reference are required"})
        voice_id = f"mv_{next(self._ids):06d}"
        self.voices[voice_id] = {"name": body["name"], "model": body.get("model"),
                                 "reference_bytes": [len(base64.b64decode(r["audio_base64"])) for r in refs]}
        return Reply.json(200, {"voice_id": voice_id})

    def _submit(self, body: dict[str, Any]) -> Reply:
        if body.get("model") not in _MODELS:
            return Reply.json(400, {"error": f"model must be one of {', '.join(_MODELS)}"})
        if not body.get("text"):
            return Reply.json(400, {"error": "text is required"})
        if not body.get("references") and body.get("voice_id") not in self.voices:
            return Reply.json(400, {"error": f"unknown voice_id {body.get('voice_id')!r}"})
        if body.get("emotion") is not None and (body["model"] != "indextts2" or body["emotion"] not in _EMOTIONS):
            return Reply.json(400, {"error": "emotion is an indextts2 option: " + ", ".join(_EMOTIONS)})
        call_id = f"fc-{next(self._ids):08d}"
        self.calls[call_id] = _Call(body, failed=self.take_fault("job_failed") is not None)
        return Reply.json(200, {"call_id": call_id})

    def _result(self, request: Received) -> Reply:
        call_id = (request.query.get("call_id") or [""])[0]
        call = self.calls.get(call_id)
        if call is None:
            return Reply.json(404, {"error": f"unknown call_id {call_id!r}"})
        call.polls += 1
        if call.polls <= self.redirects:  # the "150 s" limit passed: come back to the same URL
            location = self.absolute(request, f"/result?{urlencode({'call_id': call_id})}")
            return Reply(303, b"", {"Location": location})
        if call.polls <= self.redirects + self.running_polls:
            return Reply.json(202, {"status": "running"})
        if call.failed:
            return Reply.json(200, {"status": "failed", "error": "CUDA out of memory"})
        audio, _, _ = speech_bytes(call.body["text"], voice="piper-en_US-joe-medium", fmt="wav", sample_rate=24_000)
        return Reply.json(200, {"status": "done", "format": "wav", "audio_base64": base64.b64encode(audio).decode()})
