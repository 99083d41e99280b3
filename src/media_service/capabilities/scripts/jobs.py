"""`scripts.generate` (queue `io`): a short-video script from a transcript, title or topic."""

from __future__ import annotations

from media_service.jobs import JobContext, job_type

from .checks import prepare_script
from .repository import knowledge_repository
from .schemas import GenerateScriptData, GenerateScriptRequest
from .service import write_script

__all__ = ["generate_script"]


@job_type("scripts.generate", request=GenerateScriptRequest, result=GenerateScriptData, queue="io",
          default_timeout_sec=300.0, estimate=lambda r: 2.0 if r.provider == "local" else 20.0,
          prepare=prepare_script, summary="A short-video script (HOOK, BODY_n, ENDING_CTA) with retrieval")
def generate_script(ctx: JobContext, request: GenerateScriptRequest) -> GenerateScriptData:
    """Retrieve, write (provider or offline), check and score the script."""
    name = request.provider or "local"
    ctx.progress(0.1, "retrieving knowledge")
    provider = ctx.providers.text(name)
    data = write_script(request, provider, knowledge_repository(ctx.settings), cancelled=ctx.cancelled)
    ctx.log(f"script written by {data.provider} ({data.model}): {len(data.segments)} segments, "
            f"{len(data.knowledge_ids)} knowledge entries retrieved")
    return data
