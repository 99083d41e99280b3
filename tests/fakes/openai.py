"""OpenAI fake (providers.md §1.2, §1.4, §1.6, §1.7): Bearer auth; images (generations + edits answering
b64_json, retired DALL·E models as 404 model_not_found, sizes checked per model); speech (`/v1/audio/speech`:
models, voices and the 4096-character limit checked, real speech from the local Piper voice as wav/mp3/pcm);
structured JSON output through `/v1/responses` and `/v1/chat/completions` (the strict schema checked, an
answer synthesised from it).

Faults (`inject`): "rate_limit" (429 rate_limit_exceeded, retry-after: 1), "quota" (429 insufficient_quota),
"server_error" (500), "not_image" (200 whose b64_json is not an image), "bad_json" (a text answer that is not
JSON). Magic prompt FAIL_ME → 400 (images) or a refusal (text).
"""

from __future__ import annotations

import base64
import json
import time
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from .base import FakeServer, Received, Reply
from .media import NOT_AN_IMAGE, png_bytes, speech_bytes
from .schema import strict_problem, synthesise

_SIZES = {"1024x1024", "1536x1024", "1024x1536", "auto"}
SPEECH_MODELS = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15")
SPEECH_VOICES = ("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse",
                 "marin", "cedar")
_SPEECH_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav", "pcm": "audio/pcm"}
_TRANSCRIBE_MODELS = {"whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe-2025-12-15"}


def _error(status: int, message: str, type_: str, code: str | None, param: str | None = None,
           headers: dict[str, str] | None = None) -> Reply:
    return Reply.json(status, {"error": {"message": message, "type": type_, "param": param, "code": code}}, headers)


def _fields(request: Received) -> tuple[dict[str, list[str]], list[bytes]]:
    """Every form field with all its values (repeated fields such as timestamp_granularities[]), and files."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode() + request.body)
    fields: dict[str, list[str]] = {}
    files: list[bytes] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            files.append(payload)
        elif isinstance(name, str):
            fields.setdefault(name, []).append(payload.decode())
    return fields, files


def _multipart(request: Received) -> tuple[dict[str, str], list[bytes]]:
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode() + request.body)
    fields: dict[str, str] = {}
    files: list[bytes] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            files.append(payload)
        elif isinstance(name, str):
            fields[name] = payload.decode()
    return fields, files


class OpenAIFake(FakeServer):
    key = "sk-test-fake-openai"
    vendor = "openai"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    def handle(self, request: Received) -> Reply:
        if request.headers.get("authorization") != f"Bearer {self.key}":
            return _error(401, "Incorrect API key provided: sk-wro**. You can find your API key at "
                          "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")
        if request.method == "POST" and request.path == "/v1/images/generations":
            return self._generate(request.json() or {}, edits=0)
        if request.method == "POST" and request.path == "/v1/audio/speech":
            return self._speech(request.json() or {})
        if request.method == "POST" and request.path == "/v1/images/edits":
            fields, files = _multipart(request)
            if not files:
                return _error(400, "image is required", "invalid_request_error", "missing_required_parameter", "image")
            return self._generate(fields, edits=len(files))
        if request.method == "POST" and request.path == "/v1/audio/transcriptions":
            return self._transcribe(request)
        if request.method == "POST" and request.path == "/v1/responses":
            return self._respond(request.json() or {})
        if request.method == "POST" and request.path == "/v1/chat/completions":
            return self._chat(request.json() or {})
        return _error(404, f"Invalid URL ({request.method} {request.path})", "invalid_request_error", None)

    def _speech(self, body: dict[str, Any]) -> Reply:
        fault = self.take_fault("rate_limit", "quota", "server_error")
        if fault is not None:
            return self._fault_reply(fault)
        model, voice, text = body.get("model"), body.get("voice"), body.get("input")
        if model not in SPEECH_MODELS:
            return _error(404, f"The model `{model}` does not exist or you do not have access to it.",
                          "invalid_request_error", "model_not_found")
        if voice not in SPEECH_VOICES:
            return _error(400, f"Invalid value for 'voice': '{voice}' is not supported.", "invalid_request_error",
                          "invalid_value", "voice")
        if not isinstance(text, str) or not text or len(text) > 4096:
            return _error(400, "'input' must be 1 to 4096 characters.", "invalid_request_error", "invalid_value",
                          "input")
        fmt = body.get("response_format") or "mp3"
        if fmt not in _SPEECH_TYPES:
            return _error(400, f"Invalid value for 'response_format': '{fmt}'.", "invalid_request_error",
                          "invalid_value", "response_format")
        audio, _, _ = speech_bytes(text, voice="piper-en_US-joe-medium", fmt=fmt, sample_rate=24_000)
        return Reply(200, audio, {"Content-Type": _SPEECH_TYPES[fmt], "x-request-id": f"req_{len(self.requests)}"})

    def _text_answer(self, schema: Any, prompt: str) -> tuple[str | None, str | None, Reply | None]:
        """(JSON text, refusal, error reply) for a structured-output request."""
        fault = self.take_fault("rate_limit", "server_error", "bad_json")
        if fault == "rate_limit":
            return None, None, _error(429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded",
                                      headers={"retry-after": "1", "x-ratelimit-remaining-requests": "0"})
        if fault == "server_error":
            return None, None, _error(500, "The server had an error.", "server_error", None)
        if problem := strict_problem(schema):
            return None, None, _error(400, f"Invalid schema for response_format: {problem}",
                                      "invalid_request_error", "invalid_json_schema", "text.format.schema")
        if "FAIL_ME" in prompt:
            return None, "I'm sorry, I can't help with that.", None
        if fault == "bad_json":
            return "Sure! Here is your script: HOOK ...", None, None
        return json.dumps(synthesise(schema)), None, None

    def _respond(self, body: dict[str, Any]) -> Reply:
        fmt = ((body.get("text") or {}).get("format")) or {}
        if not body.get("model") or not body.get("input") or fmt.get("type") != "json_schema" or not fmt.get("name"):
            return _error(400, "model, input and text.format {type: json_schema, name, schema} are required.",
                          "invalid_request_error", "missing_required_parameter")
        text, refusal, error = self._text_answer(fmt.get("schema"), str(body.get("input")))
        if error is not None:
            return error
        part = {"type": "refusal", "refusal": refusal} if refusal else {"type": "output_text", "annotations": [],
                                                                        "text": text}
        return Reply.json(200, {"id": f"resp_{len(self.requests)}", "object": "response", "status": "completed",
                                "model": body["model"], "error": None, "incomplete_details": None,
                                "output": [{"type": "reasoning", "id": "rs_1", "summary": []},
                                           {"type": "message", "id": "msg_1", "role": "assistant",
                                            "status": "completed", "content": [part]}],
                                "usage": {"input_tokens": 100, "output_tokens": 200, "total_tokens": 300}})

    def _chat(self, body: dict[str, Any]) -> Reply:
        fmt = body.get("response_format") or {}
        messages = body.get("messages") or []
        if not body.get("model") or not messages or fmt.get("type") != "json_schema":
            return _error(400, "model, messages and response_format {type: json_schema} are required.",
                          "invalid_request_error", "missing_required_parameter")
        prompt = " ".join(str(m.get("content", "")) for m in messages if isinstance(m, dict))
        text, refusal, error = self._text_answer((fmt.get("json_schema") or {}).get("schema"), prompt)
        if error is not None:
            return error
        return Reply.json(200, {"id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion",
                                "model": body["model"], "choices": [{
                                    "index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": text, "refusal": refusal}}]})

    def _fault_reply(self, fault: str) -> Reply:
        if fault == "rate_limit":
            return _error(429, "Rate limit reached for requests per minute.", "requests", "rate_limit_exceeded",
                          headers={"retry-after": "1", "x-ratelimit-remaining-requests": "0"})
        if fault == "quota":
            return _error(429, "You exceeded your current quota, please check your plan and billing details.",
                          "insufficient_quota", "insufficient_quota")
        return _error(500, "The server had an error while processing your request.", "server_error", None)

    def _generate(self, body: dict[str, Any], *, edits: int) -> Reply:
        fault = self.take_fault("rate_limit", "quota", "server_error", "not_image")
        if fault in ("rate_limit", "quota", "server_error"):
            return self._fault_reply(fault)
        model = str(body.get("model") or "dall-e-2")
        if model.startswith("dall-e"):
            return _error(404, f"The model `{model}` does not exist or you do not have access to it.",
                          "invalid_request_error", "model_not_found")
        prompt = body.get("prompt")
        if not prompt or prompt == "FAIL_ME":
            return _error(400, "Invalid prompt.", "invalid_request_error", "invalid_value", "prompt")
        size = str(body.get("size") or "auto")
        if size not in _SIZES and not model.startswith("gpt-image-2"):
            return _error(400, f"Invalid value: '{size}'. Supported values are: '1024x1024', '1024x1536', "
                          "'1536x1024', and 'auto'.", "invalid_request_error", "invalid_value", "size")
        width, height = (1024, 1024) if size == "auto" else (int(v) for v in size.split("x"))
        data = NOT_AN_IMAGE if fault == "not_image" else png_bytes(width // 16, height // 16)
        return Reply.json(200, {"created": int(time.time()), "background": "opaque", "output_format": "png",
                                "quality": "medium", "size": size,
                                "data": [{"b64_json": base64.b64encode(data).decode()}],
                                "usage": {"input_tokens": 12 + edits, "output_tokens": 272, "total_tokens": 284}},
                          {"x-request-id": f"req_{len(self.requests)}"})

    # transcriptions (providers.md §1.3): a fixed sentence, its words spread over the first seconds
    TRANSCRIPT = "Octopuses have three hearts and blue blood."

    def _transcribe(self, request: Received) -> Reply:
        fields, files = _fields(request)
        model = (fields.get("model") or [""])[0]
        fmt = (fields.get("response_format") or ["json"])[0]
        if not files:
            return _error(400, "file is required", "invalid_request_error", "missing_required_parameter", "file")
        if model not in _TRANSCRIBE_MODELS:
            return _error(404, f"The model `{model}` does not exist.", "invalid_request_error", "model_not_found")
        if model != "whisper-1" and fmt != "json":
            return _error(400, f"response_format '{fmt}' is not compatible with model '{model}'.",
                          "invalid_request_error", "unsupported_value", "response_format")
        words = [{"word": w.strip("."), "start": round(0.4 * i, 2), "end": round(0.4 * i + 0.35, 2)}
                 for i, w in enumerate(self.TRANSCRIPT.split())]
        if fmt == "json":
            return Reply.json(200, {"text": self.TRANSCRIPT, "usage": {"type": "duration", "seconds": 3}})
        granularity = fields.get("timestamp_granularities[]") or []
        body: dict[str, Any] = {"task": "transcribe", "language": "english", "duration": 3.2,
                                "text": self.TRANSCRIPT, "usage": {"type": "duration", "seconds": 4}}
        if "segment" in granularity or not granularity:
            body["segments"] = [{"id": 0, "seek": 0, "start": 0.0, "end": 2.75, "text": " " + self.TRANSCRIPT,
                                 "tokens": [50364], "temperature": 0.0, "avg_logprob": -0.2,
                                 "compression_ratio": 0.9, "no_speech_prob": 0.01}]
        if "word" in granularity:
            body["words"] = words
        return Reply.json(200, body)
