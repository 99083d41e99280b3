"""Modal avatar endpoint fake (providers.md §8 transport; the body contract in `providers/infinitetalk.py`):
both proxy-auth headers required (401 text body otherwise); `POST /submit` → call_id and `GET /result?call_id=`
moving 303 (Modal's 150 s loop) → 202 running with progress → 200 completed with an absolute `video_url` on the
fake (a real MP4 of the request's face speaking its audio: talking.py); `POST /train` → training_id and
`GET /training?training_id=` moving uploading → training 25 % → training 75 % → completed with `model_path`.

Faults (`inject`): "rate_limit" (429, Retry-After: 1, on a POST), "server_error" (500 {"error"} from user code,
on a POST), "job_failed" (the next call ends {"status": "failed"}), "training_failed" (the next training ends
failed).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .base import FakeServer, Received, Reply
from .talking import load_ref, talking_head_mp4

_RESOLUTIONS = ("512x512", "256x256")
_TRAINING = (("uploading", 0.0, 120.0), ("training", 0.25, 90.0), ("training", 0.75, 30.0))


@dataclass
class _Call:
    body: dict[str, Any]
    polls: int = 0
    failed: bool = False
    video: bytes = b""


@dataclass
class _Training:
    body: dict[str, Any]
    polls: int = 0
    failed: bool = False
    states: list[str] = field(default_factory=list)


class ModalAvatarFake(FakeServer):
    key = "wk-avatar-fake:ws-avatar-secret"
    vendor = "modal_avatar"

    def __init__(self, *, port: int = 0, redirects: int = 1, running_polls: int = 2) -> None:
        super().__init__(port=port)
        self.redirects = redirects
        self.running_polls = running_polls
        self.calls: dict[str, _Call] = {}
        self.trainings: dict[str, _Training] = {}
        self._ids = itertools.count(1)

    def handle(self, request: Received) -> Reply:
        token, secret = self.key.split(":", 1)
        if request.path.startswith("/files/"):
            call = self.calls.get(request.path.rsplit("/", 1)[1].removesuffix(".mp4"))
            return Reply(200, call.video, {"Content-Type": "video/mp4"}) if call else Reply.json(404, {"error": "gone"})
        if request.headers.get("modal-key") != token or request.headers.get("modal-secret") != secret:
            return Reply(401, b"modal-http: missing credentials for proxy authorization", {"Content-Type": "text/plain"})
        fault = self.take_fault("rate_limit", "server_error") if request.method == "POST" else None
        if fault == "rate_limit":
            return Reply.json(429, {"error": "too many requests"}, {"Retry-After": "1"})
        if fault == "server_error":
            return Reply.json(500, {"error": "Traceback (most recent call last): RuntimeError: model not loaded"})
        route = (request.method, request.path)
        if route == ("POST", "/submit"):
            return self._submit(request.json() or {})
        if route == ("GET", "/result"):
            return self._result(request)
        if route == ("POST", "/train"):
            return self._train(request.json() or {})
        if route == ("GET", "/training"):
            return self._training(request)
        return Reply(404, b"modal-http: invalid function call", {"Content-Type": "text/plain"})

    def _submit(self, body: dict[str, Any]) -> Reply:
        audio = body.get("audio_url") or body.get("audio_base64")
        face = body.get("face_image_url") or body.get("face_image_base64")
        if not audio or not face:
            return Reply.json(400, {"error": "audio_url/audio_base64 and face_image_url/face_image_base64 are required"})
        if body.get("resolution") not in _RESOLUTIONS or not isinstance(body.get("fps"), int):
            return Reply.json(400, {"error": f"resolution must be one of {_RESOLUTIONS} and fps an integer"})
        if not isinstance(body.get("use_fp8"), bool) or not isinstance(body.get("multi_gpu"), bool):
            return Reply.json(400, {"error": "use_fp8 and multi_gpu are booleans"})
        call_id = f"fc-{next(self._ids):08d}"
        call = _Call(body, failed=self.take_fault("job_failed") is not None)
        if not call.failed:
            side = int(body["resolution"].split("x")[0]) // 4
            call.video = talking_head_mp4(load_ref(face), load_ref(audio), size=side, fps=body["fps"])
        self.calls[call_id] = call
        return Reply.json(200, {"call_id": call_id})

    def _result(self, request: Received) -> Reply:
        call_id = (request.query.get("call_id") or [""])[0]
        call = self.calls.get(call_id)
        if call is None:
            return Reply.json(404, {"error": f"unknown call_id {call_id!r}"})
        call.polls += 1
        if call.polls <= self.redirects:
            return Reply(303, b"", {"Location": self.absolute(request, f"/result?{urlencode({'call_id': call_id})}")})
        running = call.polls - self.redirects
        if running <= self.running_polls:
            return Reply.json(202, {"status": "running", "progress": round(running / (self.running_polls + 1), 2)})
        if call.failed:
            return Reply.json(200, {"status": "failed", "error": "CUDA out of memory"})
        return Reply.json(200, {"status": "completed", "video_url": self.absolute(request, f"/files/{call_id}.mp4")})

    def _train(self, body: dict[str, Any]) -> Reply:
        if not (body.get("video_url") or body.get("video_base64")) or not body.get("avatar_name"):
            return Reply.json(400, {"error": "video_url/video_base64 and avatar_name are required"})
        if body.get("backend") not in ("infinitetalk", "sadtalker") or not isinstance(body.get("training_config"),
                                                                                      dict):
            return Reply.json(400, {"error": "backend must be infinitetalk or sadtalker; training_config an object"})
        training_id = f"tr-{next(self._ids):06d}"
        self.trainings[training_id] = _Training(body, failed=self.take_fault("training_failed") is not None)
        return Reply.json(200, {"training_id": training_id})

    def _training(self, request: Received) -> Reply:
        training_id = (request.query.get("training_id") or [""])[0]
        training = self.trainings.get(training_id)
        if training is None:
            return Reply.json(404, {"error": f"unknown training_id {training_id!r}"})
        training.polls += 1
        if training.polls <= len(_TRAINING):
            status, progress, eta = _TRAINING[training.polls - 1]
            state: dict[str, Any] = {"status": status, "progress": progress, "estimated_time_remaining": eta}
        elif training.failed:
            state = {"status": "failed", "progress": 0.75, "error": "loss diverged at epoch 3"}
        else:
            state = {"status": "completed", "progress": 1.0, "estimated_time_remaining": 0,
                     "model_path": f"/models/{training_id}/avatar.safetensors"}
        training.states.append(state["status"])
        return Reply.json(200, state)
