"""Gemini image models (`POST models/{model}:generateContent`, `responseModalities: ["IMAGE"]`) as an
`ImageProvider` (providers.md §3.2, §3.4).

Gemini takes an aspect ratio, not pixels, so a size is served when its ratio is one Gemini names. A bad
key is a 400 with `ErrorInfo.reason = API_KEY_INVALID`; 429 carries `RetryInfo.retryDelay` ("23s").
Responses are camelCase; `inline_data` is read too.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any

import httpx

from media_service.media import MediaKind, sniff_bytes

from .errors import ProviderRejectedError
from .http import Cancelled, ProviderHttp, VendorError
from .protocols import GeneratedImage, ImageRequest, UnsupportedSize, nearest_aspect

__all__ = ["GeminiImages", "read_gemini_error"]

_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9")
_MAX_BYTES = 50 * 1024 * 1024


def _seconds(delay: Any) -> float | None:
    try:
        return float(str(delay).rstrip("s")) if delay is not None else None
    except ValueError:
        return None


def read_gemini_error(response: httpx.Response) -> VendorError:
    """Google's `{"error": {code, message, status, details[]}}`."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return VendorError(response.text[:300] or response.reason_phrase)
    details = [d for d in error.get("details") or [] if isinstance(d, dict)]
    reasons = {d.get("reason") for d in details}
    retry = next((_seconds(d.get("retryDelay")) for d in details if str(d.get("@type", "")).endswith("RetryInfo")),
                 None)
    return VendorError(str(error.get("message") or response.reason_phrase), code=error.get("status"),
                       retry_after=retry, auth="API_KEY_INVALID" in reasons)


class GeminiImages:
    """One image per call; reference images go in as inline parts."""

    name = "gemini"
    takes_references = True

    def __init__(self, http: ProviderHttp, *, model: str) -> None:
        self.http = http
        self.model = model

    def check_size(self, width: int, height: int) -> tuple[int, int]:
        if nearest_aspect(width, height, allowed=_RATIOS) is None:
            raise UnsupportedSize(f"gemini serves the aspect ratios {', '.join(_RATIOS)}")
        return width, height

    def generate(self, request: ImageRequest, stem: Path, *, cancelled: Cancelled | None = None) -> GeneratedImage:
        """Ask for an IMAGE part; a refusal (no image, a finishReason) is a rejected request."""
        self.check_size(request.width, request.height)
        ratio = nearest_aspect(request.width, request.height, allowed=_RATIOS)
        parts: list[dict[str, Any]] = [{"text": request.prompt}]
        for ref in request.references:
            data = ref.read_bytes()
            detected = sniff_bytes(data[:64])
            parts.append({"inlineData": {"mimeType": detected.mime if detected else "image/png",
                                         "data": base64.b64encode(data).decode()}})
        body = {"contents": [{"parts": parts}],
                "generationConfig": {"responseModalities": ["IMAGE"], "imageConfig": {"aspectRatio": ratio}}}
        model = request.model or self.model
        response = self.http.send("POST", f"models/{model}:generateContent", json=body, paid=True,
                                  cancelled=cancelled)
        data, text = self._image_part(response)
        saved = self.http.save_bytes(data, stem, accept={MediaKind.IMAGE}, max_bytes=_MAX_BYTES)
        return GeneratedImage(saved.path, saved.mime, self.name, model, text, (f"aspect ratio {ratio}",))

    def _image_part(self, response: httpx.Response) -> tuple[bytes, str | None]:
        try:
            candidate = (response.json().get("candidates") or [{}])[0]
        except (ValueError, AttributeError):
            candidate = {}
        parts = (candidate.get("content") or {}).get("parts") or []
        text = " ".join(p["text"] for p in parts if isinstance(p.get("text"), str)) or None
        for part in parts:
            inline = part.get("inlineData") or part.get("inline_data")
            if inline and inline.get("data"):
                try:
                    return base64.b64decode(inline["data"], validate=True), text
                except (binascii.Error, ValueError):
                    break
        reason = candidate.get("finishReason") or "no image in the answer"
        raise ProviderRejectedError(f"gemini made no image ({reason})", provider=self.name,
                                    status_code=response.status_code, provider_message=text or str(reason))
