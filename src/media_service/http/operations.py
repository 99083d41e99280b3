"""Operation ids that read as `group.verb` (`render.brief`, `jobs.get`, `tts.voice_clone`), set in one place.

The SDKs are generated from the committed OpenAPI document (`make openapi`): an operation `group.verb` is
the client method `client.group.verb`. Job endpoints (POST, `x-job-type`) are named from their path below
the API prefix (`/tts/voice-clone` → `tts.voice_clone`); every other operation is named by the table
below (by method and path) or, for a route not in it, by the same rule with the method in front
(`GET /audio/sources` → `audio.get_sources`). Paths outside the API prefix are the Sparkfluence
contract's (`/functions/v1/generate-images` → `sparkfluence.generate_images`), the OpenAI-compatible
surface (`/v1/...` → `openai.*`) or the system probes (`/health` → `system.health`).

`assign_operation_ids(app)` runs once the routers are mounted; a duplicate id is a ValueError at start-up.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI

__all__ = ["assign_operation_ids", "contract_json", "name_operations", "operation_id"]

#: Everything that is not a job submission, keyed by "METHOD path" (path below the API prefix).
NAMED: dict[str, str] = {
    "GET /health": "system.health",
    "GET /health/live": "system.live",
    "GET /health/ready": "system.ready",
    "GET /metrics": "system.metrics",
    "GET /capabilities": "system.capabilities",
    "GET /jobs": "jobs.list",
    "GET /jobs/{job_id}": "jobs.get",
    "DELETE /jobs/{job_id}": "jobs.cancel",
    "GET /jobs/{job_id}/result": "jobs.result",
    "GET /jobs/{job_id}/logs": "jobs.logs",
    "GET /jobs/{job_id}/events": "jobs.events",
    "GET /jobs/{job_id}/webhooks": "jobs.webhooks",
    "POST /jobs/{job_id}/webhooks/redeliver": "jobs.redeliver",
    "POST /uploads": "uploads.create",
    "GET /uploads/{upload_id}": "uploads.get",
    "DELETE /uploads/{upload_id}": "uploads.delete",
    "HEAD /files/{token}": "files.head",
    "GET /files/{token}": "files.download",
    "GET /audio/sfx": "audio.sfx_list",
    "GET /audio/sources": "audio.sources",
    "POST /audio/music/search": "audio.music_search",
    "GET /audio/music/tracks/{track_id}/audio": "audio.music_track_audio",
    "GET /render/templates": "render.templates",
    "GET /render/templates/{template_id}": "render.template",
    "GET /render/templates/{template_id}/preview": "render.template_preview",
    "POST /render/batch": "render.batch",
    "GET /render/batch/{batch_id}": "render.batch_status",
    "GET /render/formats": "render.formats",
    "GET /render/formats/{format_id}/preview": "render.format_preview",
    "GET /video/models": "video.models",
    "POST /video/pipeline/{job_id}/retry": "video.pipeline_retry",
    "GET /tts/voices": "tts.voices",
    "POST /tts/voices": "tts.voice_create",
    "GET /tts/voices/{profile_id}": "tts.voice_get",
    "DELETE /tts/voices/{profile_id}": "tts.voice_delete",
    "GET /tts/providers": "tts.providers",
    "POST /image/character/{character_id}/variant": "image.character_variant",
    "GET /image/characters": "image.characters",
    "GET /image/characters/{character_id}": "image.character_get",
    "GET /image/styles": "image.styles",
    "GET /image/providers": "image.providers",
    "POST /scripts/knowledge": "scripts.knowledge_add",
    "GET /scripts/knowledge": "scripts.knowledge",
    "DELETE /scripts/knowledge/{entry_id}": "scripts.knowledge_delete",
    "GET /visuals/meme/templates": "visuals.meme_templates",
    "POST /visuals/stock": "visuals.stock",
    "POST /visuals/ugc": "visuals.ugc",
    "POST /publish": "publish.create",
    "GET /publish/platforms": "publish.platforms",
    "POST /avatar/train": "avatar.train",
    "GET /avatar/training/{training_id}": "avatar.training",
    "GET /avatar/models": "avatar.models",
    "POST /api/combine-final-video": "sparkfluence.combine_final_video",
    "GET /api/job-status/{job_id}": "sparkfluence.job_status",
    "POST /v1/audio/speech": "openai.speech",
    "POST /v1/audio/transcriptions": "openai.transcriptions",
    "POST /v1/images/generations": "openai.images",
    "GET /v1/models": "openai.models",
    "GET /v1/models/{model}": "openai.model",
}

_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"}
_PARAM = re.compile(r"^\{[^}]+\}$")


def _snake(words: list[str]) -> str:
    return "_".join(w.replace("-", "_") for w in words)


def operation_id(method: str, path: str, *, prefix: str, job: bool) -> str:
    """The `group.verb` id of `method path` (see the module docstring)."""
    local = path[len(prefix):] if path.startswith(prefix + "/") else path
    named = NAMED.get(f"{method} {local}")
    if named:
        return named
    segments = [s for s in local.strip("/").split("/") if s]
    if local != path:
        group, words = segments[0], segments[1:]
    elif segments[:2] == ["functions", "v1"] or (segments[:1] == ["api"]):
        group, words = "sparkfluence", segments[2:] if segments[0] == "functions" else segments[1:]
    elif segments[:1] == ["v1"]:
        group, words = "openai", segments[1:]
    else:
        group, words = "system", segments
    words = [w for w in words if not _PARAM.match(w)]
    verb = _snake(words) if job or method == "POST" else _snake([method.lower(), *words])
    return f"{group.replace('-', '_')}.{verb or method.lower()}"


def name_operations(spec: dict[str, Any], prefix: str) -> None:
    """Give every operation of the OpenAPI document `spec` its `group.verb` id, in place; refuses two
    operations with one id (ValueError)."""
    seen: dict[str, str] = {}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method.upper() not in _METHODS:
                continue
            job = bool(operation.get("x-job-type")) and method == "post"
            op = operation_id(method.upper(), path, prefix=prefix, job=job)
            where = f"{method.upper()} {path}"
            if op in seen:
                raise ValueError(f"operation id {op!r} of {where} is already {seen[op]}'s")
            seen[op] = where
            operation["operationId"] = op


def assign_operation_ids(app: FastAPI, prefix: str) -> None:
    """Make `app.openapi()` name every operation `group.verb` (see the module docstring)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        spec = build()  # FastAPI's, cached on the app after the first call (naming again is a no-op)
        name_operations(spec, prefix)
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def contract_json(spec: dict[str, Any]) -> str:
    """The committed form: sorted keys, two-space indent, a trailing newline (stable across runs)."""
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
