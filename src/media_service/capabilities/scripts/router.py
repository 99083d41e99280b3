"""Script routes. Thin: validate, submit or read, return.

- `POST /functions/v1/generate-script` (Sparkfluence Endpoint 1): answered when the `scripts.generate` job is
  done, in the contract's shape; errors on `/functions/v1/*` are rendered in the contract's envelope by the
  error style the Sparkfluence group registers for that path prefix.
- `POST /api/v1/scripts/generate`: the same job with the service's job API (202, `?wait=true`, webhooks).
- `POST|GET /api/v1/scripts/knowledge`, `DELETE /api/v1/scripts/knowledge/{id}`: the knowledge base.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from media_service.engines.script import resolve_language
from media_service.errors import ValidationError
from media_service.http.auth import Principal, authorize
from media_service.http.envelope import Envelope, success
from media_service.http.state import SettingsDep
from media_service.jobs import job_route
from media_service.jobs.service import JobsDep
from media_service.jobs.submit import submit_and_finish

from . import jobs
from .repository import knowledge_repository
from .schemas import GenerateScriptData, GenerateScriptResponse, GenerateScriptRequest, KnowledgeEntry, \
    KnowledgeEntryRequest, KnowledgeList
from .service import to_entry

__all__ = ["build_router"]

_TAGS: list[Any] = ["scripts"]


def _code(language: str | None, field: str) -> str | None:
    if language is None:
        return None
    found = resolve_language(language)
    if found is None:
        raise ValidationError(f"unknown language {language!r}", field=field)
    return found.code


def build_router(prefix: str) -> APIRouter:
    """The scripts routes: the contract's path and ours under `prefix`."""
    router = APIRouter(tags=_TAGS)
    ours = APIRouter(prefix=f"{prefix}/scripts", tags=_TAGS)
    job_route(ours, "/generate", jobs.generate_script, tags=_TAGS)
    auth = [Depends(authorize)]

    @router.post("/functions/v1/generate-script", response_model=GenerateScriptResponse,
                 summary="Sparkfluence generate-script (Endpoint 1): a script with retrieval, answered when done",
                 openapi_extra={"x-job-type": jobs.generate_script.name})
    async def generate_script(body: GenerateScriptRequest, jobs_service: JobsDep, settings: SettingsDep,
                              principal: Annotated[Principal, Depends(authorize)]) -> JSONResponse:
        job = await submit_and_finish(jobs_service, jobs.generate_script, body, principal=principal,
                                      timeout=settings.sparkfluence_sync_timeout_sec, still_running="the script is still being written")
        data = GenerateScriptData.model_validate(job.result)
        return JSONResponse(GenerateScriptResponse(data=data).model_dump(mode="json"))

    @ours.post("/knowledge", status_code=201, response_model=Envelope[KnowledgeEntry], dependencies=auth,
               summary="Add a hook pattern or example script to the knowledge base (embedded at once)")
    async def add_knowledge(body: KnowledgeEntryRequest, request: Request, settings: SettingsDep) -> JSONResponse:
        code = _code(body.language, "language")
        assert code is not None
        record = await run_in_threadpool(lambda: knowledge_repository(settings).add(
            kind=body.kind, pattern=body.pattern, language=code, text=body.text, example=body.example,
            tags=tuple(body.tags)))
        return JSONResponse(success(request, to_entry(record).model_dump(mode="json")), status_code=201)

    @ours.get("/knowledge", response_model=Envelope[KnowledgeList], dependencies=auth,
              summary="The knowledge base: starter and added entries, oldest first")
    async def list_knowledge(request: Request, settings: SettingsDep,
                             kind: Annotated[str | None, Query(pattern="^(hook|script|cta)$")] = None,
                             language: Annotated[str | None, Query(max_length=40)] = None) -> dict[str, Any]:
        code = _code(language, "language")
        records = await run_in_threadpool(lambda: knowledge_repository(settings).list(kind=kind, language=code))
        return success(request, KnowledgeList(entries=[to_entry(r) for r in records], total=len(records)))

    @ours.delete("/knowledge/{entry_id}", response_model=Envelope[dict[str, Any]], dependencies=auth,
                 summary="Remove an entry from the knowledge base")
    async def delete_knowledge(entry_id: str, request: Request, settings: SettingsDep) -> dict[str, Any]:
        await run_in_threadpool(lambda: knowledge_repository(settings).delete(entry_id))
        return success(request, {"id": entry_id, "deleted": True})

    router.include_router(ours)
    return router
