"""Modal voice endpoint (providers.md §8): IndexTTS2 / XTTS voice cloning on our own deployed GPU app.

The transport is Modal's (proxy-auth headers `Modal-Key`/`Modal-Secret`, a 303 loop for calls past its
150 s HTTP limit, 404 when undeployed); the bodies are ours, chosen once and kept (MODAL_VOICE_ENDPOINT):

    POST   /voices   {name, model, references: [{filename, audio_base64}]}       → {voice_id}
    DELETE /voices/{voice_id}                                                     → {status: "ok"}
    POST   /submit   {model, text, language?, voice_id | references, speed?, emotion?, emotion_weight?}
                                                                                  → {call_id}
    GET    /result?call_id=…   → 202 {status: "running"} | 200 {status: "done", audio_base64, format}
                                 | 200 {status: "failed", error}   (the call failed: not retried)
    errors: 4xx/5xx {"error": "..."}

MODAL_VOICE_API_KEY is `<Modal-Key>:<Modal-Secret>` (proxy auth); a value without a colon is sent as
`Authorization: Bearer` for endpoints with their own check. IndexTTS2 takes an emotion and its weight;
XTTS takes a speed. What a model cannot do is left to the caller (`honoured`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from media_service.media import MediaKind

from .errors import ProviderRejectedError, ProviderUnavailableError, scrub
from .http import Cancelled, PollSchedule, ProviderHttp, VendorError
from .protocols import SpeechRequest, SpokenAudio

__all__ = ["MODAL_MODELS", "ModalVoice", "json_object", "modal_headers", "read_modal_error"]

MODAL_MODELS = ("indextts2", "xtts")
_REDIRECTS = 20
_MAX_BYTES = 100 * 1024 * 1024


def modal_headers(key: str) -> dict[str, str]:
    """Proxy-auth headers from `key:secret`, else a Bearer header."""
    if ":" in key:
        token, secret = key.split(":", 1)
        return {"Modal-Key": token, "Modal-Secret": secret}
    return {"Authorization": f"Bearer {key}"}


def read_modal_error(response: httpx.Response) -> VendorError:
    """`{"error": "..."}` from our app, or Modal's own text body (401 proxy auth, 404 undeployed)."""
    try:
        payload = response.json()
        message = payload.get("error") if isinstance(payload, dict) else None
    except ValueError:
        message = None
    text = str(message or response.text[:300] or response.reason_phrase)
    return VendorError(text, auth=response.status_code == 401)


class ModalVoice:
    """Cloned speech from a stored voice (`voice_id`) or from reference recordings sent with the request."""

    name = "modal_voice"

    def __init__(self, http: ProviderHttp, *, model: str, schedule: PollSchedule) -> None:
        self.http = http
        self.model = model
        self.schedule = schedule

    def speak(self, request: SpeechRequest, stem: Path, *, cancelled: Cancelled | None = None) -> SpokenAudio:
        """Submit, poll the result (following Modal's 303s), save the checked audio."""
        model = request.model or self.model
        body: dict[str, Any] = {"model": model, "text": request.text}
        if request.language:
            body["language"] = request.language
        if request.references:
            body["references"] = _encoded(request.references)
        else:
            body["voice_id"] = request.voice
        honoured: set[str] = set()
        if model == "xtts":
            body["speed"] = request.speed
            honoured.add("speed")
        elif request.emotion is not None:
            body["emotion"] = request.emotion
            body["emotion_weight"] = request.emotion_weight if request.emotion_weight is not None else 0.5
            honoured.add("emotion")
        submitted = self.http.send("POST", "submit", json=body, paid=True, cancelled=cancelled)
        call_id = _field(submitted, "call_id", self.name)
        path = f"result?call_id={quote(call_id, safe='')}"
        done = self.http.poll(lambda: self.http.send("GET", path, follow=_REDIRECTS, cancelled=cancelled),
                              done=lambda r: r.status_code != 202, schedule=self.schedule, cancelled=cancelled)
        state = json_object(done)
        if state.get("status") == "failed":
            raise ProviderUnavailableError(f"{self.name}: the voice call failed", provider=self.name,
                                           provider_message=scrub(str(state.get("error")), self.http.endpoint.secrets))
        try:
            audio = base64.b64decode(_field(done, "audio_base64", self.name), validate=True)
        except (binascii.Error, ValueError):
            raise ProviderRejectedError("modal returned invalid base64", provider=self.name,
                                        reason="invalid_response") from None
        saved = self.http.save_bytes(audio, stem, accept={MediaKind.AUDIO}, max_bytes=_MAX_BYTES)
        return SpokenAudio(saved.path, saved.mime, self.name, model, request.voice, None, frozenset(honoured))

    def add_voice(self, name: str, samples: Sequence[Path], *, description: str | None = None,
                  labels: Mapping[str, str] | None = None, cancelled: Cancelled | None = None) -> str:
        """Store the speaker embedding of `samples` on the endpoint; returns its voice id."""
        body = {"name": name, "model": self.model, "references": _encoded(samples)}
        return _field(self.http.send("POST", "voices", json=body, paid=True, cancelled=cancelled), "voice_id",
                      self.name)

    def delete_voice(self, voice_id: str) -> None:
        """Forget a stored voice."""
        self.http.send("DELETE", f"voices/{quote(voice_id, safe='')}")


def _encoded(paths: Sequence[Path]) -> list[dict[str, str]]:
    return [{"filename": p.name, "audio_base64": base64.b64encode(p.read_bytes()).decode()} for p in paths]


def json_object(response: httpx.Response) -> dict[str, Any]:
    """The response body when it is a JSON object, else {}."""
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _field(response: httpx.Response, name: str, provider: str) -> str:
    try:
        value = response.json()[name]
    except (ValueError, KeyError, TypeError):
        value = None
    if not isinstance(value, str) or not value:
        raise ProviderRejectedError(f"{provider} answered without {name}", provider=provider,
                                    reason="invalid_response", status_code=response.status_code)
    return value
