"""Writing a script: retrieve knowledge, ask the text provider for JSON (checked, repaired, asked again once)
or write offline, then score it.

    write_script(request, provider, repository) -> GenerateScriptData

Retrieval embeds the request (content, platform, language) as a query, takes the `RETRIEVE` most similar
knowledge entries (its own language first among equals), puts them into the prompt as examples and their
ids into the answer. The offline writer uses the best hook among them in the script's language.
"""

from __future__ import annotations

from typing import Any

from media_service.engines.script import (
    HookCandidate,
    ScriptInput,
    ScriptSegment,
    check_shape,
    embed_query,
    resolve_language,
    score_features,
    script_features,
    write_local_script,
)
from media_service.providers.http import Cancelled
from media_service.providers.text import TextProvider, TextRequest, generate_checked

from .repository import KnowledgeRecord, KnowledgeRepository
from .schemas import GenerateScriptData, GenerateScriptRequest, KnowledgeEntry, ScriptMetadata, ScriptSegmentOut

__all__ = ["RETRIEVE", "script_schema", "to_entry", "write_script"]

RETRIEVE = 4
_SEGMENT = {"type": "object", "additionalProperties": False,
            "required": ["type", "duration_seconds", "script_text", "visual_direction", "emotion"],
            "properties": {"type": {"type": "string"}, "duration_seconds": {"type": "number"},
                           "script_text": {"type": "string"}, "visual_direction": {"type": "string"},
                           "emotion": {"type": "string"}}}


def script_schema(fewest: int, most: int) -> dict[str, Any]:
    """The JSON Schema a text provider answers with (OpenAI's strict subset, also read by Gemini)."""
    return {"type": "object", "additionalProperties": False, "required": ["segments", "hooks_used"],
            "properties": {"segments": {"type": "array", "minItems": fewest, "maxItems": most, "items": _SEGMENT},
                           "hooks_used": {"type": "array", "items": {"type": "string"}}}}


def to_entry(record: KnowledgeRecord) -> KnowledgeEntry:
    return KnowledgeEntry(id=record.id, kind=record.kind, pattern=record.pattern, language=record.language,
                          text=record.text, example=record.example, tags=list(record.tags),
                          source=record.source, created_at=record.created_at)


def _spec(request: GenerateScriptRequest) -> ScriptInput:
    language = resolve_language(request.language)
    assert language is not None  # the request model resolved it
    return ScriptInput(request.input_type, request.content, request.total_seconds, language, request.platform)


def _prompt(spec: ScriptInput, retrieved: list[KnowledgeRecord], fewest: int, most: int) -> TextRequest:
    examples = "\n".join(f"- [{r.id}] {r.pattern}: {r.example or r.text}" for r in retrieved)
    count = f"exactly {fewest}" if fewest == most else f"{fewest} to {most}"
    system = (f"You write short vertical video scripts for {spec.platform} that hold attention from the first "
              f"second. Write script_text in {spec.language.name}; write visual_direction in English for an "
              "image model. Emotions are single lowercase words (shock, curiosity, hope, excitement, …).")
    prompt = (f"Input ({spec.input_type}):\n{spec.content}\n\n"
              f"Write a {spec.total_seconds}-second script of {count} segments: HOOK, then BODY_1, BODY_2, …, "
              f"then ENDING_CTA. duration_seconds are whole seconds and add up to {spec.total_seconds}; each "
              "segment's script_text must be speakable in its seconds (about 2.5 words a second).\n"
              f"Hook patterns that work (use one or two; list their names in hooks_used):\n{examples}")
    return TextRequest(system=system, prompt=prompt, schema=script_schema(fewest, most), schema_name="video_script")


def _checker(total: int) -> Any:
    def check(data: dict[str, Any]) -> tuple[list[ScriptSegment], list[str], list[str]]:
        try:
            segments = [ScriptSegment(str(s["type"]), round(float(s["duration_seconds"])), str(s["script_text"]),
                                      str(s["visual_direction"]), str(s["emotion"])) for s in data["segments"]]
            hooks = [str(h) for h in data.get("hooks_used") or [] if str(h).strip()]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"segments do not follow the schema ({exc})") from None
        fixed, notes = check_shape(segments, total)
        return fixed, hooks, notes
    return check


def write_script(request: GenerateScriptRequest, provider: TextProvider, repository: KnowledgeRepository, *,
                 cancelled: Cancelled | None = None) -> GenerateScriptData:
    """The script for `request`, written by `provider` (offline when it is `local`)."""
    spec = _spec(request)
    query = embed_query(f"{spec.content} ({spec.platform}, {spec.language.name})")
    retrieved = [r for r, _ in repository.search(query, k=RETRIEVE, language=spec.language.code)]
    fewest, most = (4, 4) if spec.total_seconds == 30 else (4, 8)
    notes: list[str] = []
    if provider.name == "local":
        hooks = [HookCandidate(r.id, r.pattern, r.text, r.language) for r in retrieved if r.kind == "hook"]
        local = write_local_script(spec, hooks)
        segments, hooks_used, model = local.segments, local.hooks_used, provider.model
        notes += local.notes
    else:
        (segments, hooks_used, repairs), answer, attempts = generate_checked(
            provider, _prompt(spec, retrieved, fewest, most), _checker(spec.total_seconds), cancelled=cancelled)
        model = answer.model
        notes += repairs + ([f"asked {provider.name} again: its first answer was unusable"] if attempts > 1 else [])
    score = score_features(script_features(segments, hook_patterns=hooks_used)) / 10
    metadata = ScriptMetadata(virality_score=round(score, 1), hooks_used=hooks_used,
                              total_duration=sum(s.duration_seconds for s in segments), language=spec.language.name)
    return GenerateScriptData(
        segments=[ScriptSegmentOut(type=s.type, duration_seconds=s.duration_seconds, script_text=s.script_text,
                                   visual_direction=s.visual_direction, emotion=s.emotion) for s in segments],
        metadata=metadata, provider=provider.name, model=model, knowledge_ids=[r.id for r in retrieved],
        notes=notes)
