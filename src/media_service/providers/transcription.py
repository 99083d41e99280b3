"""Speech-to-text behind one `Transcriber` Protocol: the local engine (faster-whisper `tiny.en`, English)
and OpenAI transcriptions (providers.md §1.3), for every other language.

OpenAI word times need `whisper-1` with `response_format=verbose_json` and `timestamp_granularities[]` sent
once per value (`word`, `segment`); the gpt-4o transcribe models answer `json` text only, so their results
carry one segment for the whole file and no word times (the result's notes say so). `language` in
verbose_json is the full lowercase name (`english`); it is mapped back to an ISO code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from media_service.engines.transcribe import (
    LOCAL_MODEL,
    Transcript,
    TranscriptSegment,
    TranscriptWord,
    transcribe_local,
)

from .errors import ProviderRejectedError
from .http import Cancelled, ProviderHttp

__all__ = ["LocalTranscriber", "OpenAITranscriber", "Transcriber"]

_MAX_BYTES = 25 * 1024 * 1024
_NAMES = {"english": "en", "indonesian": "id", "spanish": "es", "hindi": "hi", "portuguese": "pt",
          "french": "fr", "german": "de", "japanese": "ja", "korean": "ko", "chinese": "zh", "italian": "it",
          "dutch": "nl", "russian": "ru", "turkish": "tr", "arabic": "ar", "vietnamese": "vi", "thai": "th",
          "malay": "ms", "tagalog": "tl", "polish": "pl", "ukrainian": "uk"}


@runtime_checkable
class Transcriber(Protocol):
    """Transcribes one audio or video file."""

    name: str
    model: str
    languages: tuple[str, ...] | None  # ISO codes it can transcribe; None: any

    def transcribe(self, path: Path, *, language: str | None = None, cancelled: Cancelled | None = None) -> Transcript:
        """The transcript of `path`; `language` (ISO 639-1) when known, else detected where the engine can."""
        ...


class LocalTranscriber:
    """faster-whisper tiny.en in this process."""

    name = "local"
    model = LOCAL_MODEL
    languages: tuple[str, ...] | None = ("en",)

    def __init__(self, *, threads: int = 2) -> None:
        self.threads = threads

    def transcribe(self, path: Path, *, language: str | None = None, cancelled: Cancelled | None = None) -> Transcript:
        return transcribe_local(path, threads=self.threads, cancelled=cancelled)


class OpenAITranscriber:
    """`POST /audio/transcriptions` (multipart)."""

    name = "openai"
    languages: tuple[str, ...] | None = None

    def __init__(self, http: ProviderHttp, *, model: str) -> None:
        self.http = http
        self.model = model

    def transcribe(self, path: Path, *, language: str | None = None, cancelled: Cancelled | None = None) -> Transcript:
        if path.stat().st_size > _MAX_BYTES:
            raise ProviderRejectedError("openai transcribes files up to 25 MB", provider=self.name)
        verbose = self.model == "whisper-1"
        data: dict[str, Any] = {"model": self.model, "response_format": "verbose_json" if verbose else "json"}
        if verbose:  # a list value is sent as the same field once per value
            data["timestamp_granularities[]"] = ["word", "segment"]
        if language:
            data["language"] = language
        files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
        response = self.http.send("POST", "audio/transcriptions", data=data, files=files, paid=True,
                                  cancelled=cancelled)
        try:
            body: dict[str, Any] = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise ProviderRejectedError("openai answered without a transcript", provider=self.name,
                                        reason="invalid_response", status_code=response.status_code)
        return self._read(body, language)

    def _read(self, body: dict[str, Any], language: str | None) -> Transcript:
        text = body["text"].strip()
        code = _NAMES.get(str(body.get("language", "")).lower(), language or str(body.get("language") or "und"))
        duration = float(body.get("duration") or (body.get("usage") or {}).get("seconds") or 0.0)
        segments = tuple(TranscriptSegment(float(s["start"]), float(s["end"]), str(s["text"]).strip())
                         for s in body.get("segments") or [] if str(s.get("text", "")).strip())
        words = tuple(TranscriptWord(str(w["word"]).strip(), float(w["start"]), float(w["end"]))
                      for w in body.get("words") or [] if str(w.get("word", "")).strip())
        notes: tuple[str, ...] = ()
        if not words:
            notes = (f"{self.model} gives no word times (whisper-1 does)",)
            segments = segments or (TranscriptSegment(0.0, duration, text),)
        return Transcript(text, code, duration, segments, words, self.name, self.model, notes)
