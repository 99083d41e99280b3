"""`/api/v1/tts/*`: jobs for generate, multi-language and voice-clone; voice profiles and the voice and
provider listings answered at once. Thin: validate, submit or read, return."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool

from media_service.http.auth import authorize
from media_service.http.state import SettingsDep
from media_service.http.envelope import Envelope, success
from media_service.jobs import job_route

from . import jobs
from .schemas import ProviderList, VoiceList, VoiceProfile, VoiceProfileCreate
from .service import create_profile, delete_profile, list_providers, list_voice_infos, profile_out, voice_profiles

__all__ = ["build_router"]

_TAGS: list[Any] = ["tts"]


def build_router(prefix: str) -> APIRouter:
    """The speech routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/tts", tags=_TAGS)
    job_route(router, "/generate", jobs.generate, tags=_TAGS)
    job_route(router, "/multi-language", jobs.multi_language, tags=_TAGS)
    job_route(router, "/voice-clone", jobs.voice_clone, tags=_TAGS)
    auth = [Depends(authorize)]

    @router.get("/voices", response_model=Envelope[VoiceList], dependencies=auth,
                summary="Built-in voices (with licences) and saved voice profiles")
    def voices(request: Request, settings: SettingsDep,
               language: str | None = Query(None, max_length=12, description="Only voices of this language"),
               provider: str | None = Query(None, pattern="^(local|elevenlabs|openai|profile)$",
                                            description="local, elevenlabs, openai, or profile (saved profiles)"),
               ) -> dict[str, Any]:
        listing = list_voice_infos(settings, language=language, provider=provider)
        return success(request, listing)

    @router.post("/voices", response_model=Envelope[VoiceProfile], status_code=201, dependencies=auth,
                 summary="Create a voice profile from 1–5 references (3–30 s)")
    async def create(body: VoiceProfileCreate, request: Request, settings: SettingsDep) -> dict[str, Any]:
        row = await run_in_threadpool(create_profile, settings, body)
        return success(request, profile_out(row))

    @router.get("/voices/{profile_id}", response_model=Envelope[VoiceProfile], dependencies=auth,
                summary="A voice profile")
    def get(profile_id: str, request: Request, settings: SettingsDep) -> dict[str, Any]:
        return success(request, profile_out(voice_profiles(settings).get(profile_id)))

    @router.delete("/voices/{profile_id}", response_model=Envelope[dict[str, Any]], dependencies=auth,
                   summary="Delete a voice profile and its reference files")
    def delete(profile_id: str, request: Request, settings: SettingsDep) -> dict[str, Any]:
        delete_profile(settings, profile_id)
        return success(request, {"id": profile_id, "deleted": True})

    @router.get("/providers", response_model=Envelope[ProviderList], dependencies=auth,
                summary="Speech providers: configured or not (and what to set), languages, features, models")
    def providers(request: Request, settings: SettingsDep) -> dict[str, Any]:
        return success(request, list_providers(settings))

    return router
