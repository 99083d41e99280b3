"""Script engine: short-video scripts (HOOK, BODY_n, ENDING_CTA) and what they are measured by. Pure
functions over text and arrays; no HTTP, database or settings.

    check_shape(segments, 30)              -> (repaired segments, notes) or ScriptShapeError
    write_local_script(ScriptInput(...), hooks) -> LocalScript   (the offline writer)
    script_features(segments, hook_patterns=[...]) / score_features(features) -> explained virality, 0–100
    embed_query(text) / embed_passages(texts) / cosine_top(q, matrix, k)   (multilingual-e5-small, offline)
    keywords(text) / sentences(text) / resolve_language("Bahasa Indonesia")
"""

from .embed import EMBEDDING_DIM, EMBEDDING_MODEL, cosine_top, embed_passages, embed_query
from .language import LANGUAGES, Language, phrases_for, resolve_language
from .local import WORDS_PER_SECOND, HookCandidate, LocalScript, ScriptInput, write_local_script
from .plan import SEGMENT_LIMITS, ScriptSegment, ScriptShapeError, check_shape, durations_for, segment_types
from .text import KEYWORD_METHOD, keywords, sentences, short_topic, words
from .virality import ViralityFeature, score_features, script_features

__all__ = [
    "EMBEDDING_DIM",
    "EMBEDDING_MODEL",
    "KEYWORD_METHOD",
    "LANGUAGES",
    "SEGMENT_LIMITS",
    "WORDS_PER_SECOND",
    "HookCandidate",
    "Language",
    "LocalScript",
    "ScriptInput",
    "ScriptSegment",
    "ScriptShapeError",
    "ViralityFeature",
    "check_shape",
    "cosine_top",
    "durations_for",
    "embed_passages",
    "embed_query",
    "keywords",
    "phrases_for",
    "resolve_language",
    "score_features",
    "script_features",
    "segment_types",
    "sentences",
    "short_topic",
    "words",
    "write_local_script",
]
