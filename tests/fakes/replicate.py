"""Replicate fake (providers.md §6.5): Bearer `r8_` token (else 401), predictions created with 201
`starting` and moving `starting → processing → succeeded` on successive polls of `urls.get`, output
PNG URLs served by the fake itself.

Video models (`POST /v1/predictions` with a `version`, or a model whose name says mochi/wan/video) answer
an MP4 and print tqdm-style percentages in `logs` while processing. Magic prompt SLOW_ME keeps a prediction
`processing` until it is cancelled (`POST .../cancel`, recorded in `requests` and `cancelled`).

Enhancement models (real-esrgan, gfpgan, deoldify, lcm-video2video) take their video as `video_path`, `video`
or `input_video` (a data: URI or a URL; else 422) and no prompt except lcm-video2video; they answer an MP4.

Talking-head models (a model/version whose name says sadtalker or wav2lip) take no prompt: SadTalker needs
`source_image` + `driven_audio`, Wav2Lip `face` + `audio` (else 422 naming the input); their output is a real
MP4 of the given face speaking the given audio (talking.py).

Output URLs use `delivery_host` (default "localhost": another origin than the 127.0.0.1 base URL, like
replicate.delivery) so adapters must download them through the egress guard. Missing `input.prompt`
→ 422; magic prompt FAIL_ME → the prediction ends `failed`. Faults: "rate_limit" (429 "resets in ~1s"),
"quota" (402).
"""

from __future__ import annotations

import itertools
from typing import Any

from .base import FakeServer, Received, Reply
from .media import mp4_bytes, png_bytes
from .talking import load_ref, talking_head_mp4

_STATES = ("starting", "processing", "succeeded")
#: talking-head models: (face input, audio input)
TALKING_INPUTS = {"sadtalker": ("source_image", "driven_audio"), "wav2lip": ("face", "audio")}
#: enhancement models of /video/transform: the inputs each requires (the video first)
ENHANCE_INPUTS = {"real-esrgan": ("video_path",), "gfpgan": ("video",), "deoldify": ("input_video",),
                  "video2video": ("video", "prompt")}


class ReplicateFake(FakeServer):
    key = "r8_testfakereplicate"
    vendor = "replicate"

    def __init__(self, *, port: int = 0, delivery_host: str = "localhost") -> None:
        super().__init__(port=port)
        self.delivery_host = delivery_host
        self.predictions: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self.cancelled: list[str] = []

    @property
    def delivery_origins(self) -> tuple[str, ...]:
        return (f"{self.delivery_host}:{self.port}",)

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    def handle(self, request: Received) -> Reply:
        if request.path.startswith("/files/") and request.path.endswith(".mp4"):
            made = self.predictions.get(request.path.rsplit("/", 1)[1].removesuffix(".mp4"), {}).get("_file")
            return Reply(200, made or mp4_bytes(audio=False), {"Content-Type": "video/mp4"})  # Mochi, Wan: silent
        if request.path.startswith("/files/"):
            return Reply(200, png_bytes(64, 64), {"Content-Type": "image/png"})
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return Reply.json(401, {"title": "Unauthenticated", "detail": "You did not pass a valid authentication "
                                    "token", "status": 401})
        parts = request.path.strip("/").split("/")
        if request.method == "POST" and parts[:2] == ["v1", "models"] and parts[-1] == "predictions":
            return self._create(request, "/".join(parts[2:4]))
        if request.method == "POST" and parts == ["v1", "predictions"]:
            version = (request.json() or {}).get("version")
            if not version:
                return Reply.json(422, {"title": "Input validation failed", "detail": "- version: version is "
                                        "required", "status": 422})
            return self._create(request, str(version).split(":")[0])
        if request.method == "GET" and parts[:2] == ["v1", "predictions"] and len(parts) == 3:
            return self._advance(parts[2])
        if request.method == "POST" and parts[:2] == ["v1", "predictions"] and parts[-1] == "cancel":
            prediction = self.predictions.get(parts[2])
            if prediction is None:
                return Reply.json(404, {"title": "Not found", "detail": "Prediction not found", "status": 404})
            prediction["status"] = "canceled"
            self.cancelled.append(parts[2])
            return Reply.json(200, prediction)
        return Reply.json(404, {"title": "Not found", "detail": "Not found", "status": 404})

    def _create(self, request: Received, model: str) -> Reply:
        fault = self.take_fault("rate_limit", "quota")
        if fault == "rate_limit":
            return Reply.json(429, {"detail": "Request was throttled. Your rate limit resets in ~1s.", "status": 429})
        if fault == "quota":
            return Reply.json(402, {"title": "Insufficient credit", "detail": "You have insufficient credit to run "
                                    "this model. Go to https://replicate.com/account/billing to add credit.",
                                    "status": 402})
        body = request.json() or {}
        inputs = body.get("input") or {}
        talking = next((names for key, names in TALKING_INPUTS.items() if key in model), None)
        required = talking or next((names for key, names in ENHANCE_INPUTS.items() if key in model), None)
        if required is not None:
            missing = [name for name in required if not inputs.get(name)]
            if not missing and required[0] in ("video_path", "video", "input_video") and not str(
                    inputs[required[0]]).startswith(("data:video/", "http")):
                missing = [required[0]]
            if missing:
                return Reply.json(422, {"title": "Input validation failed", "detail": f"- input.{missing[0]}: "
                                        f"{missing[0]} is required", "status": 422,
                                        "invalid_fields": [{"field": f"input.{m}"} for m in missing]})
        elif not inputs.get("prompt"):
            return Reply.json(422, {"title": "Input validation failed", "detail": "- input.prompt: prompt is "
                                    "required", "status": 422, "invalid_fields": [{"field": "input.prompt"}]})
        pid = f"p{next(self._ids):08d}fake"
        prediction = {"id": pid, "model": model, "version": "hidden", "input": inputs, "logs": "", "output": None,
                      "error": None, "status": "starting", "data_removed": False, "metrics": {},
                      "urls": {"get": self.absolute(request, f"/v1/predictions/{pid}"),
                               "cancel": self.absolute(request, f"/v1/predictions/{pid}/cancel")},
                      "_polls": 0, "_fail": "FAIL_ME" in str(inputs.get("prompt")),
                      "_slow": "SLOW_ME" in str(inputs.get("prompt")),
                      "_video": any(word in model for word in ("mochi", "wan", "video", "sadtalker", "wav2lip")),
                      "_file": talking_head_mp4(load_ref(inputs[talking[0]]), load_ref(inputs[talking[1]]))
                      if talking else None}
        self.predictions[pid] = prediction
        return Reply.json(201, self._public(prediction))

    def _advance(self, pid: str) -> Reply:
        prediction = self.predictions.get(pid)
        if prediction is None:
            return Reply.json(404, {"title": "Not found", "detail": "Prediction not found", "status": 404})
        if prediction["status"] in ("starting", "processing"):
            prediction["_polls"] += 1
            state = "processing" if prediction["_slow"] else _STATES[min(prediction["_polls"], 2)]
            if state == "processing" and prediction["_video"]:
                prediction["logs"] += f"{min(99, 40 * prediction['_polls'])}%|####      | {prediction['_polls']}/3\n"
            if state == "succeeded" and prediction["_fail"]:
                prediction.update(status="failed", error="NSFW content detected. Try running it again.")
            elif state == "succeeded":
                prediction.update(status="succeeded", metrics={"predict_time": 0.8},
                                  output=[f"http://{self.delivery_host}:{self.port}/files/{pid}."
                                          f"{'mp4' if prediction['_video'] else 'png'}"])
            else:
                prediction["status"] = state
        return Reply.json(200, self._public(prediction))

    @staticmethod
    def _public(prediction: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in prediction.items() if not k.startswith("_")}
