"""ElevenLabs fake (providers.md §2, checklist §2.7): `xi-api-key` auth, text to speech (+ `/stream`,
`/with-timestamps` with a character alignment of the input), voices (v1, v2 paged), instant voice cloning
(`/v1/voices/add` multipart, DELETE), models. The audio is real speech from the local espeak voices.

Faults (`inject`, consumed by the next TTS or voice-add request): "quota" (401 quota_exceeded), "rate_limit"
(429 rate_limit_exceeded, Retry-After: 1), "concurrent" (429 concurrent_limit_exceeded), "system_busy"
(429), "server_error" (500). Unknown voice → 400 voice_not_found; text over the model limit → 400
text_too_long; unknown model → 400 invalid_parameters; no text → 422 list-form detail.
"""

from __future__ import annotations

import base64
import secrets
import threading
from typing import Any

from .base import FakeServer, Received, Reply
from .media import speech_bytes
from .openai import _multipart

# The PRD §6.2.3 voices (id → the local voice that plays it) and a few more for paging.
PREMADE: dict[str, tuple[str, str, str]] = {
    "21m00Tcm4TlvDq8ikWAM": ("Rachel", "en", "espeak-en-female"),
    "AZnzlk1XvdvUeBnXmlld": ("Domi", "es", "espeak-es-female"),
    "ThT5KcBeYPX3keUQqHPh": ("Dorothy", "fr", "espeak-fr-female"),
    "ErXwobaYiN019PkySvjV": ("Antoni", "de", "espeak-de"),
    "Xb7hH8MSUJpSbSDYk0k2": ("Alice", "ja", "espeak-ja-female"),
    "jBpfuIE2acCO8z3wKNLl": ("Gigi", "ko", "espeak-ko-female"),
    "GBv7mTt0atIp3Br8iCZE": ("Thomas", "pt", "espeak-pt"),
    "g5CIjZEefAph4nQFvHAz": ("Ethan", "zh", "espeak-zh"),
}
LIMITS = {"eleven_multilingual_v2": 10_000, "eleven_flash_v2_5": 40_000, "eleven_turbo_v2_5": 40_000,
          "eleven_v3": 5_000, "eleven_monolingual_v1": 10_000}


def _detail(status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any) -> Reply:
    return Reply.json(status, {"detail": {"type": "validation_error" if status == 400 else "error", "code": code,
                                          "status": code, "message": message, "request_id": "req_fake", **extra}},
                      headers)


class ElevenLabsFake(FakeServer):
    key = "xi-test-fake-elevenlabs"
    vendor = "elevenlabs"

    def __init__(self, *, port: int = 0) -> None:
        super().__init__(port=port)
        self.voices: dict[str, dict[str, Any]] = {
            vid: {"voice_id": vid, "name": name, "category": "premade", "labels": {"language": lang,
                  "gender": "female" if local.endswith("female") else "male"}, "local": local}
            for vid, (name, lang, local) in PREMADE.items()}
        self.deleted: set[str] = set()
        self.added_files: list[int] = []  # bytes of each sample received by /v1/voices/add
        self._voice_lock = threading.Lock()

    def handle(self, request: Received) -> Reply:
        if request.headers.get("xi-api-key") != self.key:
            return Reply.json(401, {"detail": {"status": "invalid_api_key", "message": "Invalid API key"}})
        parts = [p for p in request.path.split("/") if p]
        if request.method == "POST" and parts[:2] == ["v1", "text-to-speech"] and len(parts) >= 3:
            return self._tts(request, parts[2], timestamps=parts[3:] == ["with-timestamps"])
        if request.method == "GET" and request.path == "/v1/voices":
            return Reply.json(200, {"voices": [self._public(v) for v in self.voices.values()]})
        if request.method == "GET" and request.path == "/v2/voices":
            return self._page(request)
        if request.method == "POST" and request.path == "/v1/voices/add":
            return self._add(request)
        if request.method == "DELETE" and parts[:2] == ["v1", "voices"] and len(parts) == 3:
            with self._voice_lock:
                if parts[2] not in self.voices:
                    return _detail(400, "voice_not_found", f"A voice with the voice_id {parts[2]} was not found.")
                del self.voices[parts[2]]
                self.deleted.add(parts[2])
            return Reply.json(200, {"status": "ok"})
        if request.method == "GET" and request.path == "/v1/models":
            return Reply.json(200, [{"model_id": m, "name": m, "can_do_text_to_speech": True,
                                     "maximum_text_length_per_request": n, "languages": []} for m, n in LIMITS.items()])
        return Reply.json(404, {"detail": "Not Found"})

    @staticmethod
    def _public(voice: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in voice.items() if k != "local"} | {"preview_url": None, "settings": None,
                                                                     "samples": None, "some_new_field": 1}

    def _fault(self) -> Reply | None:
        fault = self.take_fault("quota", "rate_limit", "concurrent", "system_busy", "server_error")
        if fault == "quota":
            return Reply.json(401, {"detail": {"status": "quota_exceeded", "message": "This request exceeds your "
                                               "quota of 10000. You have 12 credits remaining, while 95 credits "
                                               "are required for this request."}})
        if fault == "rate_limit":
            return _detail(429, "rate_limit_exceeded", "Too many requests.", {"Retry-After": "1"})
        if fault == "concurrent":
            return _detail(429, "concurrent_limit_exceeded", "Too many concurrent requests.",
                           {"Retry-After": "1"}, status_legacy="too_many_concurrent_requests")
        if fault == "system_busy":
            return _detail(429, "system_busy", "The system is busy.", {"Retry-After": "1"})
        if fault == "server_error":
            return Reply.json(500, {"detail": {"message": "Internal server error"}})
        return None

    def _tts(self, request: Received, voice_id: str, *, timestamps: bool) -> Reply:
        fault = self._fault()
        if fault is not None:
            return fault
        body = request.json() or {}
        text = body.get("text")
        if not isinstance(text, str) or not text:
            return Reply.json(422, {"detail": [{"loc": ["body", "text"], "msg": "field required",
                                                "type": "value_error.missing"}]})
        model = body.get("model_id") or "eleven_multilingual_v2"
        if model not in LIMITS:
            return _detail(400, "invalid_parameters", f"Model '{model}' does not exist.", param="model_id")
        if len(text) > LIMITS[model]:
            return _detail(400, "text_too_long", f"Text is longer than {LIMITS[model]} characters.")
        voice = self.voices.get(voice_id)
        if voice is None:
            return _detail(400, "voice_not_found", f"A voice with the voice_id {voice_id} was not found.")
        fmt = (request.query.get("output_format") or ["mp3_44100_128"])[0]
        kind, rate = ("pcm", int(fmt.split("_")[1])) if fmt.startswith("pcm_") else ("mp3", 44_100)
        audio, words, duration = speech_bytes(text, voice=voice["local"], fmt=kind, sample_rate=rate)
        headers = {"request-id": f"req_{len(self.requests)}", "x-character-count": str(len(text))}
        if not timestamps:
            return Reply(200, audio, {"Content-Type": "audio/mpeg" if kind == "mp3" else "audio/pcm", **headers})
        alignment = _alignment(text, words, duration)
        return Reply.json(200, {"audio_base64": base64.b64encode(audio).decode(), "alignment": alignment,
                                "normalized_alignment": alignment}, headers)

    def _page(self, request: Received) -> Reply:
        size = min(int((request.query.get("page_size") or ["10"])[0]), 100)
        start = int((request.query.get("next_page_token") or ["0"])[0])
        voices = list(self.voices.values())
        page = voices[start:start + size]
        more = start + size < len(voices)
        return Reply.json(200, {"voices": [self._public(v) for v in page], "has_more": more,
                                "total_count": len(voices), "next_page_token": str(start + size) if more else None})

    def _add(self, request: Received) -> Reply:
        fault = self._fault()
        if fault is not None:
            return fault
        fields, files = _multipart(request)
        if not fields.get("name") or not files:
            return Reply.json(422, {"detail": [{"loc": ["body", "files" if fields.get("name") else "name"],
                                                "msg": "field required", "type": "value_error.missing"}]})
        voice_id = secrets.token_urlsafe(15)[:20].replace("-", "a").replace("_", "b")
        with self._voice_lock:
            self.added_files.extend(len(f) for f in files)
            self.voices[voice_id] = {"voice_id": voice_id, "name": fields["name"], "category": "cloned",
                                     "labels": {}, "local": "espeak-en-female"}
        return Reply.json(200, {"voice_id": voice_id, "requires_verification": False})


def _alignment(text: str, words: list[tuple[str, float, float]], duration: float) -> dict[str, list[Any]]:
    """One entry per input character: each whitespace-separated token takes its spoken word's span (or an
    even share of the audio when the counts differ), its characters evenly; spaces fill the gaps."""
    tokens: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < len(text) and not text[j].isspace():
            j += 1
        tokens.append((i, j))
        i = j
    if len(words) == len(tokens):
        spans = [(s, e) for _, s, e in words]
    else:
        step = duration / max(1, len(tokens))
        spans = [(k * step, (k + 1) * step) for k in range(len(tokens))]
    starts = [0.0] * len(text)
    ends = [0.0] * len(text)
    for (a, b), (s, e) in zip(tokens, spans, strict=True):
        for k in range(a, b):
            starts[k] = s + (e - s) * (k - a) / (b - a)
            ends[k] = s + (e - s) * (k - a + 1) / (b - a)
    previous = 0.0
    for k in range(len(text)):  # a space runs from the word before it to the word after it
        if text[k].isspace():
            following = next((starts[m] for m in range(k, len(text)) if not text[m].isspace()), previous)
            starts[k], ends[k] = previous, max(previous, following)
        else:
            previous = ends[k]
    return {"characters": list(text), "character_start_times_seconds": [round(t, 3) for t in starts],
            "character_end_times_seconds": [round(t, 3) for t in ends]}
