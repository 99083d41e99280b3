"""ElevenLabs (providers.md §2): text to speech with timestamps, voices, instant voice cloning.

    speech = ElevenLabsSpeech(http, model="eleven_multilingual_v2")
    spoken = speech.speak(SpeechRequest("Hello there.", voice="21m00Tcm4TlvDq8ikWAM"), workdir / "speech")
    spoken.words                       # character alignment grouped into written words
    voice_id = speech.add_voice("Narrator", [ref1, ref2])       # POST /v1/voices/add (multipart)

Speech always goes through `/with-timestamps`, so every result has word timings. `speed` is sent in
`voice_settings` when it is inside the range ElevenLabs accepts (0.7–1.2); outside it the caller
applies it locally (`honoured` says which). Errors: all three `detail` shapes are read; 401
`quota_exceeded` is out of credits (never retried), 401 `invalid_api_key` a credentials error, 429
(`concurrent_limit_exceeded`, `rate_limit_exceeded`, `system_busy`) and 5xx retried by ProviderHttp.
"""

from __future__ import annotations

import base64
import binascii
import json
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from media_service.media import MediaKind

from .errors import ProviderRejectedError
from .http import Cancelled, ProviderHttp, VendorError
from .protocols import ProviderVoice, SpeechRequest, SpokenAudio, SpokenWord

__all__ = ["ELEVENLABS_SPEED", "ElevenLabsSpeech", "group_words", "read_elevenlabs_error"]

ELEVENLABS_SPEED = (0.7, 1.2)
_OUTPUT_FORMAT = "mp3_44100_128"
_MAX_BYTES = 100 * 1024 * 1024
# Models that take `language_code` (multilingual_v2 ignores it; providers.md §2.1).
_LANGUAGE_CODE_MODELS = ("eleven_flash_v2_5", "eleven_turbo_v2_5", "eleven_v3")


def read_elevenlabs_error(response: httpx.Response) -> VendorError:
    """`detail` as the new `{code, message}` object, the legacy `{status, message}` one or FastAPI's list."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return VendorError(response.text[:300] or response.reason_phrase)
    if isinstance(detail, list):
        parts = [f"{'.'.join(str(p) for p in item.get('loc', []))}: {item.get('msg')}" for item in detail
                 if isinstance(item, dict)]
        return VendorError("; ".join(parts) or "validation error", code="validation_error")
    if not isinstance(detail, dict):
        return VendorError(str(detail or response.reason_phrase))
    code = detail.get("code") or detail.get("status")
    codes = {detail.get("code"), detail.get("status")}
    return VendorError(str(detail.get("message") or response.reason_phrase), code=code,
                       quota="quota_exceeded" in codes, auth="invalid_api_key" in codes)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZ"


def group_words(characters: Sequence[str], starts: Sequence[float], ends: Sequence[float]) -> list[SpokenWord]:
    """Characters with their times → written words (split at whitespace, punctuation around a word dropped)."""
    words: list[SpokenWord] = []
    current: list[int] = []
    for index in [*range(len(characters)), -1]:
        if index >= 0 and not characters[index].isspace():
            current.append(index)
            continue
        kept = [i for i in current if not _is_mark(characters[i])] if current else []
        if kept:
            a, b = kept[0], kept[-1]
            text = "".join(characters[i] for i in range(a, b + 1))
            words.append(SpokenWord(text, float(starts[a]), float(max(ends[b], starts[a]))))
        current = []
    return words


class ElevenLabsSpeech:
    """TTS (with timestamps), the voice list and instant voice cloning of one account."""

    name = "elevenlabs"

    def __init__(self, http: ProviderHttp, *, model: str) -> None:
        self.http = http
        self.model = model

    def speak(self, request: SpeechRequest, stem: Path, *, cancelled: Cancelled | None = None) -> SpokenAudio:
        """MP3 from `/v1/text-to-speech/{voice}/with-timestamps`, with the alignment grouped into words."""
        model = request.model or self.model
        settings: dict[str, Any] = dict(request.voice_settings or {})
        honoured: set[str] = set()
        low, high = ELEVENLABS_SPEED
        if low <= request.speed <= high:
            if request.speed != 1.0:
                settings["speed"] = request.speed
            honoured.add("speed")
        body: dict[str, Any] = {"text": request.text, "model_id": model}
        if settings:
            body["voice_settings"] = settings
        if request.language and model in _LANGUAGE_CODE_MODELS:
            body["language_code"] = request.language.split("-")[0].lower()
        path = f"v1/text-to-speech/{quote(request.voice, safe='')}/with-timestamps?output_format={_OUTPUT_FORMAT}"
        response = self.http.send("POST", path, json=body, paid=True, cancelled=cancelled)
        audio, words = self._read(response)
        saved = self.http.save_bytes(audio, stem, accept={MediaKind.AUDIO}, max_bytes=_MAX_BYTES)
        return SpokenAudio(saved.path, saved.mime, self.name, model, request.voice, tuple(words), frozenset(honoured))

    def _read(self, response: httpx.Response) -> tuple[bytes, list[SpokenWord]]:
        try:
            payload = response.json()
            audio = base64.b64decode(payload["audio_base64"], validate=True)
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise ProviderRejectedError("elevenlabs answered without audio", provider=self.name,
                                        reason="invalid_response", status_code=response.status_code) from None
        alignment = payload.get("alignment") or payload.get("normalized_alignment") or {}
        try:
            chars = list(alignment.get("characters") or [])
            starts = [float(t) for t in alignment.get("character_start_times_seconds") or []]
            ends = [float(t) for t in alignment.get("character_end_times_seconds") or []]
        except (TypeError, ValueError):
            chars, starts, ends = [], [], []
        if not (len(chars) == len(starts) == len(ends)):
            raise ProviderRejectedError("elevenlabs answered an alignment of uneven lengths", provider=self.name,
                                        reason="invalid_response")
        return audio, group_words(chars, starts, ends)

    # voices ------------------------------------------------------------------------------------------
    def voices(self, *, limit: int = 500) -> list[ProviderVoice]:
        """`GET /v2/voices`, page by page until `has_more` is false (or `limit` voices)."""
        found: list[ProviderVoice] = []
        token: str | None = None
        while len(found) < limit:
            query = "page_size=100" + (f"&next_page_token={quote(token)}" if token else "")
            page = self.http.send("GET", f"v2/voices?{query}").json()
            for item in page.get("voices") or []:
                labels: Mapping[str, Any] = item.get("labels") or {}
                verified = item.get("verified_languages") or []
                language = labels.get("language") or (verified[0].get("language") if verified else None)
                found.append(ProviderVoice(str(item["voice_id"]), str(item.get("name") or item["voice_id"]),
                                           language, labels.get("gender"), item.get("category")))
            token = page.get("next_page_token")
            if not page.get("has_more") or not token:
                break
        return found[:limit]

    def add_voice(self, name: str, samples: Sequence[Path], *, description: str | None = None,
                  labels: Mapping[str, str] | None = None, cancelled: Cancelled | None = None) -> str:
        """Instant voice cloning: `POST /v1/voices/add` with every sample as a `files` part."""
        data = {"name": name, "remove_background_noise": "false"}
        if description:
            data["description"] = description
        if labels:
            data["labels"] = json.dumps(dict(labels))
        files = [("files", (path.name, path.read_bytes(), "application/octet-stream")) for path in samples]
        response = self.http.send("POST", "v1/voices/add", data=data, files=files, paid=True, cancelled=cancelled)
        try:
            return str(response.json()["voice_id"])
        except (ValueError, KeyError, TypeError):
            raise ProviderRejectedError("elevenlabs answered without a voice_id", provider=self.name,
                                        reason="invalid_response") from None

    def delete_voice(self, voice_id: str) -> None:
        """`DELETE /v1/voices/{id}`."""
        self.http.send("DELETE", f"v1/voices/{quote(voice_id, safe='')}")
