"""OpenAI Images (`POST /images/generations`, `/images/edits`) as an `ImageProvider` (providers.md §1.4), and
speech (`POST /audio/speech`, §1.2) as a `SpeechProvider` (`OpenAISpeech`).

GPT image models always answer base64. DALL·E 2/3 were retired on 2026-05-12: a request naming them is
served by the configured gpt-image model and the result says so, with the DALL·E 3 sizes mapped to the
nearest gpt-image size of the same orientation.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any

import httpx

from media_service.media import MediaKind

from .errors import ProviderRejectedError
from .http import Cancelled, ProviderHttp, VendorError
from .protocols import GeneratedImage, ImageRequest, SpeechRequest, SpokenAudio, UnsupportedSize

__all__ = ["OPENAI_VOICES", "OpenAIImages", "OpenAISpeech", "read_openai_error"]

_GPT_IMAGE_SIZES = ((1024, 1024), (1536, 1024), (1024, 1536))
_DALLE3_SIZES = {(1792, 1024): (1536, 1024), (1024, 1792): (1024, 1536)}
_MAX_BYTES = 50 * 1024 * 1024


def read_openai_error(response: httpx.Response) -> VendorError:
    """`{"error": {"message", "type", "code"}}`; `insufficient_quota` is out of credits, not a rate limit."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return VendorError(response.text[:300] or response.reason_phrase)
    code = error.get("code") or error.get("type")
    return VendorError(str(error.get("message") or response.reason_phrase), code=code,
                       quota="insufficient_quota" in (error.get("code"), error.get("type")),
                       auth=code == "invalid_api_key")


class OpenAIImages:
    """gpt-image-* generations; edits with reference images."""

    name = "openai"
    takes_references = True

    def __init__(self, http: ProviderHttp, *, model: str) -> None:
        self.http = http
        self.model = model

    def check_size(self, width: int, height: int) -> tuple[int, int]:
        if self.model.startswith("gpt-image-2"):
            if width % 16 or height % 16 or max(width, height) > 3840 or width * height > 3840 * 2160 \
                    or max(width / height, height / width) > 3:
                raise UnsupportedSize(f"{self.model} needs both sides divisible by 16, at most 3840x2160 pixels "
                                      "and an aspect ratio between 1:3 and 3:1")
            return width, height
        if (width, height) in _GPT_IMAGE_SIZES:
            return width, height
        if (width, height) in _DALLE3_SIZES:
            return _DALLE3_SIZES[(width, height)]
        sizes = ", ".join(f"{w}x{h}" for w, h in (*_GPT_IMAGE_SIZES, *_DALLE3_SIZES))
        raise UnsupportedSize(f"{self.model} serves {sizes}")

    def generate(self, request: ImageRequest, stem: Path, *, cancelled: Cancelled | None = None) -> GeneratedImage:
        """One image; b64_json (or a URL, from compatible servers) saved after the magic-byte check."""
        model, notes = self._model_for(request.model)
        width, height = self.check_size(request.width, request.height)
        if (width, height) != (request.width, request.height):
            notes.append(f"{request.width}x{request.height} served as {width}x{height} by {model}")
        fields: dict[str, Any] = {"model": model, "prompt": request.prompt, "n": 1, "size": f"{width}x{height}"}
        if request.references:
            files = [("image[]", (p.name, p.read_bytes(), "image/png")) for p in request.references]
            response = self.http.send("POST", "images/edits", data={k: str(v) for k, v in fields.items()},
                                      files=files, paid=True, cancelled=cancelled)
        else:
            response = self.http.send("POST", "images/generations", json={**fields, "output_format": "png"},
                                      paid=True, cancelled=cancelled)
        item = self._first_item(response)
        if item.get("b64_json"):
            try:
                data = base64.b64decode(item["b64_json"], validate=True)
            except (binascii.Error, ValueError):
                raise ProviderRejectedError("openai returned invalid base64", provider=self.name,
                                            reason="invalid_response") from None
            saved = self.http.save_bytes(data, stem, accept={MediaKind.IMAGE}, max_bytes=_MAX_BYTES)
        else:
            saved = self.http.download(str(item["url"]), stem, accept={MediaKind.IMAGE}, max_bytes=_MAX_BYTES)
        return GeneratedImage(saved.path, saved.mime, self.name, model, item.get("revised_prompt"), tuple(notes))

    def _model_for(self, asked: str | None) -> tuple[str, list[str]]:
        if asked and asked.startswith("dall-e"):
            return self.model, [f"{asked} was retired by OpenAI on 2026-05-12; served by {self.model}"]
        return asked or self.model, []

    def _first_item(self, response: httpx.Response) -> dict[str, Any]:
        try:
            item = response.json()["data"][0]
        except (ValueError, KeyError, IndexError, TypeError):
            item = None
        if not isinstance(item, dict) or not (item.get("b64_json") or item.get("url")):
            raise ProviderRejectedError("openai answered without an image", provider=self.name,
                                        reason="invalid_response", status_code=response.status_code)
        return item


OPENAI_VOICES = ("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse",
                 "marin", "cedar")
OPENAI_MAX_INPUT = 4096


class OpenAISpeech:
    """`gpt-4o-mini-tts` class models (and `tts-1*`): WAV back, no word timings (the caller aligns them).

    `instructions` (tone) go to gpt-4o-* models only; tts-1* ignore them, so they are not sent and a note says so.
    `speed` is sent to tts-1* (documented 0.25–4); for gpt-4o-* models it is undocumented, so it is left to
    the caller (not in `honoured`).
    """

    name = "openai"

    def __init__(self, http: ProviderHttp, *, model: str) -> None:
        self.http = http
        self.model = model

    def speak(self, request: SpeechRequest, stem: Path, *, cancelled: Cancelled | None = None) -> SpokenAudio:
        """One request of at most 4096 characters (the capability chunks longer texts)."""
        model = request.model or self.model
        if len(request.text) > OPENAI_MAX_INPUT:
            raise ProviderRejectedError(f"openai speaks at most {OPENAI_MAX_INPUT} characters per request",
                                        provider=self.name)
        body: dict[str, Any] = {"model": model, "input": request.text, "voice": request.voice,
                                "response_format": "wav"}
        honoured: set[str] = set()
        notes: list[str] = []
        legacy = model.startswith("tts-1")
        if request.instructions:
            if legacy:
                notes.append(f"{model} takes no instructions; they were not sent")
            else:
                body["instructions"] = request.instructions
                honoured.add("instructions")
        if legacy:
            body["speed"] = request.speed
            honoured.add("speed")
        response = self.http.send("POST", "audio/speech", json=body, paid=True, cancelled=cancelled)
        saved = self.http.save_bytes(response.content, stem, accept={MediaKind.AUDIO}, max_bytes=_MAX_BYTES)
        return SpokenAudio(saved.path, saved.mime, self.name, model, request.voice, None, frozenset(honoured),
                           tuple(notes))
