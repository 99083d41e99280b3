"""Text generation with JSON-schema output (script writing): one `TextProvider` Protocol and its adapters.

- `OpenAIText`: the Responses API, `text.format = {type: json_schema, strict: true}` (providers.md §1.6);
- `CompatibleText`: any OpenAI-compatible server by base URL (llama.cpp, Ollama, vLLM, …) through Chat
  Completions with `response_format = {type: json_schema}`;
- `GeminiText`: `models/{model}:generateContent` with `responseMimeType: application/json` and
  `responseJsonSchema` (providers.md §3.1);
- `LocalText`: the name `local` in listings; it has no language model (the caller writes offline itself).

`generate_checked(provider, request, check)` parses the answer (repairing code fences and prose around the
object), runs the caller's `check` on it, and asks once more, saying what was wrong, when either fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar, runtime_checkable

import httpx

from .errors import ProviderRejectedError
from .http import Cancelled, ProviderHttp

__all__ = ["CompatibleText", "GeminiText", "LocalText", "OpenAIText", "TextProvider", "TextRequest", "TextResult",
           "generate_checked", "parse_json_object"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TextRequest:
    """One JSON answer to ask for: instructions, the prompt and the JSON Schema the answer must match
    (written in the strict subset: every object closed and listing all its properties as required)."""

    system: str
    prompt: str
    schema: dict[str, Any]
    schema_name: str = "result"
    temperature: float = 0.7
    max_output_tokens: int = 4096


@dataclass(frozen=True, slots=True)
class TextResult:
    data: dict[str, Any]
    provider: str
    model: str


@runtime_checkable
class TextProvider(Protocol):
    """Answers a prompt with one JSON object."""

    name: str
    model: str

    def generate_json(self, request: TextRequest, *, cancelled: Cancelled | None = None) -> TextResult:
        """The parsed JSON object; ProviderRejectedError (reason invalid_response) when it is not one."""
        ...


def parse_json_object(text: str, *, provider: str) -> dict[str, Any]:
    """The JSON object in `text`, tolerating code fences and prose around it."""
    body = text.strip()
    start, end = body.find("{"), body.rfind("}")
    if start >= 0 and end > start:
        body = body[start:end + 1]
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ProviderRejectedError(f"{provider} did not answer a JSON object", provider=provider,
                                    reason="invalid_response")
    return data


def _json(response: httpx.Response, provider: str) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ProviderRejectedError(f"{provider} answered something that is not JSON", provider=provider,
                                    reason="invalid_response", status_code=response.status_code)
    return data


class OpenAIText:
    """OpenAI Responses API with a strict JSON schema."""

    name = "openai"

    def __init__(self, http: ProviderHttp, *, model: str) -> None:
        self.http = http
        self.model = model

    def generate_json(self, request: TextRequest, *, cancelled: Cancelled | None = None) -> TextResult:
        body = {"model": self.model, "instructions": request.system, "input": request.prompt, "store": False,
                "max_output_tokens": request.max_output_tokens,
                "text": {"format": {"type": "json_schema", "name": request.schema_name, "strict": True,
                                    "schema": request.schema}}}
        data = _json(self.http.send("POST", "responses", json=body, paid=True, cancelled=cancelled), self.name)
        if data.get("status") == "incomplete":
            reason = (data.get("incomplete_details") or {}).get("reason", "incomplete")
            raise ProviderRejectedError(f"openai stopped early ({reason})", provider=self.name,
                                        reason="invalid_response")
        texts: list[str] = []
        for item in data.get("output") or []:
            if not isinstance(item, dict) or item.get("type") != "message":
                continue
            for part in item.get("content") or []:
                if part.get("type") == "refusal":
                    raise ProviderRejectedError("openai refused the request", provider=self.name,
                                                provider_message=str(part.get("refusal"))[:300])
                if part.get("type") == "output_text":
                    texts.append(str(part.get("text", "")))
        return TextResult(parse_json_object("".join(texts), provider=self.name), self.name, self.model)


class CompatibleText:
    """Chat Completions with `response_format: json_schema`, for any OpenAI-compatible server."""

    name = "openai_compatible"

    def __init__(self, http: ProviderHttp, *, model: str) -> None:
        self.http = http
        self.model = model

    def generate_json(self, request: TextRequest, *, cancelled: Cancelled | None = None) -> TextResult:
        body = {"model": self.model, "temperature": request.temperature, "max_tokens": request.max_output_tokens,
                "messages": [{"role": "system", "content": request.system},
                             {"role": "user", "content": request.prompt}],
                "response_format": {"type": "json_schema", "json_schema": {
                    "name": request.schema_name, "strict": True, "schema": request.schema}}}
        data = _json(self.http.send("POST", "chat/completions", json=body, paid=True, cancelled=cancelled),
                     self.name)
        choice = (data.get("choices") or [{}])[0]
        message = choice.get("message") or {}
        if message.get("refusal"):
            raise ProviderRejectedError(f"{self.name} refused the request", provider=self.name,
                                        provider_message=str(message["refusal"])[:300])
        if choice.get("finish_reason") in ("length", "content_filter"):
            raise ProviderRejectedError(f"{self.name} stopped early ({choice['finish_reason']})",
                                        provider=self.name, reason="invalid_response")
        return TextResult(parse_json_object(str(message.get("content") or ""), provider=self.name), self.name,
                          str(data.get("model") or self.model))


class GeminiText:
    """Gemini generateContent with `responseJsonSchema`."""

    name = "gemini"

    def __init__(self, http: ProviderHttp, *, model: str) -> None:
        self.http = http
        self.model = model

    def generate_json(self, request: TextRequest, *, cancelled: Cancelled | None = None) -> TextResult:
        body = {"systemInstruction": {"parts": [{"text": request.system}]},
                "contents": [{"role": "user", "parts": [{"text": request.prompt}]}],
                "generationConfig": {"temperature": request.temperature,
                                     "maxOutputTokens": request.max_output_tokens,
                                     "responseMimeType": "application/json",
                                     "responseJsonSchema": request.schema}}
        data = _json(self.http.send("POST", f"models/{self.model}:generateContent", json=body, paid=True,
                                    cancelled=cancelled), self.name)
        candidates = data.get("candidates") or []
        if not candidates:
            reason = (data.get("promptFeedback") or {}).get("blockReason", "no candidates")
            raise ProviderRejectedError(f"gemini blocked the prompt ({reason})", provider=self.name,
                                        provider_message=str(reason))
        candidate = candidates[0]
        if candidate.get("finishReason", "STOP") != "STOP":
            raise ProviderRejectedError(f"gemini stopped early ({candidate['finishReason']})", provider=self.name,
                                        reason="invalid_response")
        parts = (candidate.get("content") or {}).get("parts") or []
        text = "".join(str(p.get("text", "")) for p in parts if isinstance(p, dict) and not p.get("thought"))
        return TextResult(parse_json_object(text, provider=self.name), self.name,
                          str(data.get("modelVersion") or self.model))


class LocalText:
    """`local`: no language model runs here; callers write offline themselves when they are given this one."""

    name = "local"
    model = "offline-writer"

    def generate_json(self, request: TextRequest, *, cancelled: Cancelled | None = None) -> TextResult:
        raise ProviderRejectedError("the local text provider has no language model", provider=self.name)


def generate_checked(provider: TextProvider, request: TextRequest, check: Callable[[dict[str, Any]], T], *,
                     cancelled: Cancelled | None = None) -> tuple[T, TextResult, int]:
    """`check(answer)` of the provider's answer, asking once more when the answer is not JSON or `check`
    raises ValueError; returns (checked value, the answer, attempts made)."""
    problem = ""
    for attempt in (1, 2):
        asked = request if attempt == 1 else replace(
            request, prompt=f"{request.prompt}\n\nYour previous answer was not usable: {problem}. "
                            "Answer again with one JSON object that matches the schema exactly.")
        try:
            result = provider.generate_json(asked, cancelled=cancelled)
            return check(result.data), result, attempt
        except ProviderRejectedError as exc:
            if exc.details.get("reason") != "invalid_response":
                raise
            problem = exc.message
        except ValueError as exc:
            problem = str(exc)[:500]
    raise ProviderRejectedError(f"{provider.name} answered unusable JSON twice: {problem}", provider=provider.name,
                                reason="invalid_response")
