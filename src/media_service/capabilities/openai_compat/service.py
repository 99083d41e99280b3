"""What the `/v1/*` routes share: OpenAI's error shape for every error on these paths, submitting another group's
job type by name and waiting for it, the speech file in the asked format (PyAV), and the transcript in each of
OpenAI's response formats.

Errors (`{"error": {"message", "type", "param", "code"}}`, so the `openai` package raises its usual exceptions):

    ValidationError        → 400 invalid_request_error  param: the first field, code: invalid_value
    AuthenticationError    → 401 invalid_request_error  code: invalid_api_key
    AuthorizationError     → 403 invalid_request_error  code: insufficient_scope
    NotFoundError          → 404 invalid_request_error  (model_not_found for an unknown model)
    RateLimitError         → 429 requests               code: rate_limit_exceeded (Retry-After kept)
    ProviderError          → 502 server_error
    ServiceUnavailable     → 503 server_error           details.setting: what to configure
    JobTimeoutError        → 504 server_error           details.job_id, poll_url: the work goes on
    anything else          → 500 server_error
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from media_service.errors import ServiceError, ValidationError
from media_service.http.auth import Principal
from media_service.jobs import Job
from media_service.jobs.registry import registry
from media_service.jobs.service import JobsService
from media_service.jobs.submit import submit_and_finish

from .catalog import LANGUAGE_NAMES, PCM_RATE

__all__ = ["PATH_PREFIX", "encode_speech", "file_b64", "openai_error", "run_job", "transcript_body"]

PATH_PREFIX = "/v1/"

_TYPES: dict[str, tuple[str, str | None]] = {
    "VALIDATION_ERROR": ("invalid_request_error", "invalid_value"),
    "AUTHENTICATION_ERROR": ("invalid_request_error", "invalid_api_key"),
    "AUTHORIZATION_ERROR": ("invalid_request_error", "insufficient_scope"),
    "NOT_FOUND": ("invalid_request_error", None), "METHOD_NOT_ALLOWED": ("invalid_request_error", None),
    "PAYLOAD_TOO_LARGE": ("invalid_request_error", "file_too_large"),
    "RATE_LIMIT_EXCEEDED": ("requests", "rate_limit_exceeded"),
    "PROVIDER_ERROR": ("server_error", "provider_error"), "DOWNLOAD_FAILED": ("server_error", None),
    "SERVICE_UNAVAILABLE": ("server_error", "service_unavailable"), "JOB_TIMEOUT": ("server_error", "timeout"),
}


def openai_error(err: ServiceError, state: dict[str, Any]) -> tuple[int, dict[str, Any]]:  # noqa: ARG001
    """OpenAI's status and error body for `err` (an error style for `register_error_style`)."""
    kind, code = _TYPES.get(err.code, ("server_error", None))
    details = dict(err.details)
    errors = details.pop("errors", None)
    param = None
    message = err.message
    if isinstance(errors, list) and errors:
        param = str(errors[0].get("field") or "") or None
        if len(errors) > 1 or errors[0].get("message") != err.message:
            message = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in errors)
    code = details.pop("openai_code", None) or code
    status = err.status if err.status in (400, 401, 403, 404, 405, 409, 413, 429, 502, 503, 504) else 500
    if status == 500:
        message, details = "Internal server error; see the service log for this request id", {}
    body: dict[str, Any] = {"message": message, "type": kind, "param": param, "code": code}
    if details:
        body["details"] = details
    return status, {"error": body}


def renamed(err: ValidationError, fields: Mapping[str, str]) -> ValidationError:
    """`err` with our field names (`text`) as OpenAI's (`input`), for errors a submitted job type raises."""
    errors = [{**e, "field": fields.get(e.get("field", ""), e.get("field", ""))}
              for e in err.details.get("errors", [])]
    return ValidationError(err.message, errors=errors) if errors else err


async def run_job(jobs: JobsService, name: str, body: dict[str, Any], *, principal: Principal, timeout: float,
                  fields: Mapping[str, str] = {}) -> Job:
    """Submit a job of the type called `name` (another group's: found by name, never imported) and wait up to
    `timeout` s for it: its job, completed; 504 naming the job to poll when it runs on; its error when it failed."""
    jt = registry.get(name)
    try:
        request = jt.request_model.model_validate(body)
        return await submit_and_finish(jobs, jt, request, principal=principal, timeout=timeout,
                                       still_running=f"the {name} job is still running")
    except ValidationError as err:
        raise renamed(err, fields) from err


def encode_speech(source: Path, fmt: str) -> bytes:
    """The speech file as OpenAI serves `fmt`: mp3, opus (Ogg), aac (ADTS), flac, wav (16-bit), or pcm (raw
    s16le 24 kHz mono). Decoded and encoded with PyAV; mono at 24 kHz (48 kHz for Opus) like OpenAI's."""
    from media_service.engines.audio import Encoding, load_audio, save_audio

    samples = load_audio(source, sample_rate=PCM_RATE, channels=1)
    if fmt == "pcm":
        clipped = np.clip(samples[0], -1.0, 1.0)
        return bytes((clipped * 32767.0).round().astype("<i2").tobytes())
    suffix = {"opus": ".ogg", "aac": ".aac"}.get(fmt, f".{fmt}")
    target = source.with_name(f"{source.stem}.openai{suffix}")
    try:
        save_audio(samples, target, sample_rate=PCM_RATE, encoding=Encoding(format=fmt))  # type: ignore[arg-type]
        return target.read_bytes()
    finally:
        target.unlink(missing_ok=True)


def file_b64(path: str | Path) -> str:
    """A file's bytes as base64 text."""
    return base64.b64encode(Path(path).read_bytes()).decode("ascii")


def _segments(result: Mapping[str, Any], temperature: float) -> list[dict[str, Any]]:
    """Whisper's segment objects; the decoder statistics we do not measure are neutral values."""
    return [{"id": i, "seek": 0, "start": s["start"], "end": s["end"], "text": s["text"], "tokens": [],
             "temperature": temperature, "avg_logprob": 0.0, "compression_ratio": 1.0, "no_speech_prob": 0.0}
            for i, s in enumerate(result.get("segments", []))]


def transcript_body(result: Mapping[str, Any], fmt: str, *, granularities: Sequence[str],
                    temperature: float) -> tuple[str | dict[str, Any], str]:
    """The answer for `response_format` and its content type: a JSON object for json/verbose_json, else text."""
    if fmt == "json":
        return {"text": result["text"]}, "application/json"
    if fmt == "text":
        return str(result["text"]) + "\n", "text/plain; charset=utf-8"
    if fmt == "srt":
        return str(result["srt_text"]), "text/plain; charset=utf-8"
    if fmt == "vtt":
        return str(result["vtt_text"]), "text/vtt; charset=utf-8"
    language = str(result.get("language", ""))
    body: dict[str, Any] = {"task": "transcribe", "language": LANGUAGE_NAMES.get(language, language),
                            "duration": result["duration_sec"], "text": result["text"]}
    if not granularities or "segment" in granularities:
        body["segments"] = _segments(result, temperature)
    if "word" in granularities:
        body["words"] = [{"word": w["word"].strip(), "start": w["start"], "end": w["end"]}
                         for w in result.get("words", [])]
    return body, "application/json"

