"""`/v1/*` — OpenAI's paths and wire format, served by our jobs. Thin: check, submit by type name, wait, answer.
Errors on these paths use OpenAI's error shape (service.openai_error), the gateway's 401 and 429 included."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from media_service.errors import NotFoundError
from media_service.http.auth import Principal, authorize
from media_service.http.envelope import absolute_file_urls, register_error_style
from media_service.http.state import SettingsDep
from media_service.jobs.service import JobsDep
from media_service.media.service import MediaDep

from . import jobs
from .catalog import AUDIO_TYPES
from .checks import list_models, plan_images, plan_speech, read_transcription_form
from .schemas import ImageData, ImagesRequest, ImagesResponse, ModelList, ModelObject, OpenAIError, SpeechRequest
from .service import PATH_PREFIX, encode_speech, file_b64, openai_error, run_job, transcript_body

__all__ = ["build_router"]

_TAGS: list[Any] = ["openai"]
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": OpenAIError}, 401: {"model": OpenAIError}, 403: {"model": OpenAIError},
    503: {"model": OpenAIError}, 504: {"model": OpenAIError, "description": "Still running: error.details.job_id"}}
_SPEECH_FIELDS = {"text": "input", "voice_id": "voice", "model_id": "model", "output_format": "response_format"}
_TRANSCRIPTION_BODY = {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "model"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "The audio (or video) to transcribe"},
        "model": {"type": "string", "enum": ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"]},
        "language": {"type": "string", "description": "ISO 639-1 code, e.g. en"},
        "prompt": {"type": "string", "description": "Accepted; the local engine does not take a prompt"},
        "response_format": {"type": "string", "enum": ["json", "text", "srt", "verbose_json", "vtt"]},
        "temperature": {"type": "number", "minimum": 0, "maximum": 1},
        "timestamp_granularities[]": {"type": "array", "items": {"type": "string", "enum": ["word", "segment"]}}}},
    "example": {"model": "whisper-1", "response_format": "verbose_json", "timestamp_granularities[]": ["word"]}}}


def build_router(prefix: str) -> APIRouter:  # noqa: ARG001 - OpenAI's paths sit at the root, outside the API prefix
    """The OpenAI-compatible routes; errors on them use OpenAI's error shape."""
    register_error_style(PATH_PREFIX, openai_error)
    router = APIRouter(prefix=PATH_PREFIX.rstrip("/"), tags=_TAGS)

    @router.post("/audio/speech", response_class=Response, operation_id="openai.speech", responses={
                     200: {"description": "The audio file", "content": {t: {} for t in AUDIO_TYPES.values()}},
                     **_ERRORS},
                 summary="OpenAI createSpeech: text to audio with a local voice or OpenAI's (tts.generate)",
                 openapi_extra={"x-job-type": "tts.generate"})
    async def speech(body: SpeechRequest, jobs_service: JobsDep, settings: SettingsDep,
                     principal: Annotated[Principal, Depends(authorize)]) -> Response:
        plan = await run_in_threadpool(plan_speech, body, settings)
        job = await run_job(jobs_service, "tts.generate", plan.body, principal=principal,
                            timeout=settings.openai_compat_timeout_sec, fields=_SPEECH_FIELDS)
        result = job.result or {}
        audio = await run_in_threadpool(encode_speech, Path(result["output"]["path"]), body.response_format)
        return Response(audio, media_type=AUDIO_TYPES[body.response_format], headers={
            "x-media-service-voice": plan.voice, "x-media-service-job": job.id})

    @router.post("/audio/transcriptions", operation_id="openai.transcribe", responses={
                     200: {"description": "json / verbose_json: an object; text, srt, vtt: text",
                           "content": {"application/json": {}, "text/plain": {}, "text/vtt": {}}}, **_ERRORS},
                 summary="OpenAI createTranscription: speech to text, words, SRT or WebVTT (analyze.transcript)",
                 openapi_extra={"x-job-type": "analyze.transcript", "requestBody": {
                     "required": True, "content": _TRANSCRIPTION_BODY}})
    async def transcribe(request: Request, jobs_service: JobsDep, settings: SettingsDep, media: MediaDep,
                         principal: Annotated[Principal, Depends(authorize)]) -> Response:
        form = await request.form(max_files=2, max_fields=32)
        try:
            upload, fields = read_transcription_form(form)
            info = await media.uploads.save_stream(upload.file, filename=upload.filename)
        finally:
            await form.close()
        job = await run_job(jobs_service, "analyze.transcript", {"media": info.id, "language": fields.language},
                            principal=principal, timeout=settings.openai_compat_timeout_sec,
                            fields={"media": "file"})
        body, media_type = transcript_body(job.result or {}, fields.response_format,
                                           granularities=fields.timestamp_granularities, temperature=fields.temperature)
        if isinstance(body, dict):
            return JSONResponse(body, headers={"x-media-service-job": job.id})
        return PlainTextResponse(body, media_type=media_type, headers={"x-media-service-job": job.id})

    @router.post("/images/generations", response_model=ImagesResponse, operation_id="openai.images",
                 responses=_ERRORS, openapi_extra={"x-job-type": jobs.images.name},
                 summary="OpenAI createImage: images of a prompt from the image provider chain (b64_json or url)")
    async def generate_images(body: ImagesRequest, request: Request, jobs_service: JobsDep, settings: SettingsDep,
                              principal: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        planned = await run_in_threadpool(plan_images, body, settings)
        job = await run_job(jobs_service, jobs.images.name, planned.model_dump(mode="json"), principal=principal,
                            timeout=settings.openai_compat_timeout_sec)
        made = (job.result or {}).get("images", [])
        as_url = (body.response_format or ("b64_json" if body.model == "gpt-image-1" else "url")) == "url"
        base = str(request.base_url).rstrip("/")
        data = [ImageData(url=absolute_file_urls(img["url"], base), revised_prompt=img.get("revised_prompt"))
                if as_url else ImageData(b64_json=await run_in_threadpool(file_b64, img["path"]),
                                         revised_prompt=img.get("revised_prompt")) for img in made]
        answer = ImagesResponse(created=int(time.time()), data=data, output_format=body.output_format,
                                size=f"{planned.width}x{planned.height}")
        return JSONResponse(answer.model_dump(mode="json", exclude_none=True), headers={
            "x-media-service-provider": str((job.result or {}).get("provider", "")), "x-media-service-job": job.id})

    @router.get("/models", response_model=ModelList, operation_id="openai.models", responses=_ERRORS,
                summary="OpenAI listModels: the model names served here and what serves each")
    async def models(settings: SettingsDep, _: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        listed = await run_in_threadpool(list_models, settings)
        return JSONResponse(ModelList(data=listed).model_dump(mode="json"))

    @router.get("/models/{model}", response_model=ModelObject, operation_id="openai.model",
                responses={**_ERRORS, 404: {"model": OpenAIError}},
                summary="OpenAI retrieveModel: one served model name")
    async def model(model: str, settings: SettingsDep, _: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        found = next((m for m in await run_in_threadpool(list_models, settings) if m.id == model), None)
        if found is None:
            raise NotFoundError(f"The model '{model}' does not exist or is not served here",
                                details={"openai_code": "model_not_found"})
        return JSONResponse(found.model_dump(mode="json"))

    return router
