"""The script engine: the shape every script has, repairs of drafts, the offline writer in the contract's
languages, the explained virality score and retrieval embeddings."""

from __future__ import annotations

import numpy as np
import pytest

from media_service.engines.script import (
    HookCandidate,
    ScriptInput,
    ScriptSegment,
    ScriptShapeError,
    check_shape,
    cosine_top,
    durations_for,
    embed_passages,
    embed_query,
    keywords,
    resolve_language,
    score_features,
    script_features,
    write_local_script,
)


@pytest.mark.parametrize(("total", "count"), [(30, 4), (60, 4), (60, 6), (60, 8)])
def test_durations_sum_to_the_total(total: int, count: int) -> None:
    seconds = durations_for(total, count)
    assert len(seconds) == count and sum(seconds) == total and seconds[0] == 6 and min(seconds) >= 6


def _seg(kind: str, seconds: int, text: str = "Words to say here.") -> ScriptSegment:
    return ScriptSegment(kind, seconds, text, "a visual", "Hope")


def test_check_shape_repairs_names_and_durations() -> None:
    draft = [_seg("intro", 5), _seg("BODY", 5), _seg("BODY", 5), _seg("cta", 5)]
    fixed, notes = check_shape(draft, 30)
    assert [s.type for s in fixed] == ["HOOK", "BODY_1", "BODY_2", "ENDING_CTA"]
    assert sum(s.duration_seconds for s in fixed) == 30 and fixed[0].emotion == "hope" and len(notes) == 2


@pytest.mark.parametrize(("draft", "total", "message"), [
    ([_seg("HOOK", 10)] * 3, 30, "4 segments, not 3"),
    ([_seg("HOOK", 6)] * 9, 60, "4 to 8 segments, not 9"),
    ([_seg("HOOK", 6), _seg("B", 8, " "), _seg("B", 8), _seg("E", 8)], 30, "segment 2 has no script_text"),
])
def test_unusable_drafts_say_why(draft: list[ScriptSegment], total: int, message: str) -> None:
    with pytest.raises(ScriptShapeError, match=message):
        check_shape(draft, total)


@pytest.mark.parametrize(("name", "code"), [("Indonesian", "id"), ("bahasa indonesia", "id"), ("en-US", "en"),
                                            ("hindi", "hi"), ("ES", "es"), ("klingon", None)])
def test_languages(name: str, code: str | None) -> None:
    found = resolve_language(name)
    assert (found.code if found else None) == code


@pytest.mark.parametrize(("language", "cta"), [("id", "Follow"), ("en", "follow"), ("es", "sígueme"), ("hi", "फ़ॉलो")])
def test_offline_writer_speaks_the_language(language: str, cta: str) -> None:
    lang = resolve_language(language)
    assert lang is not None
    script = write_local_script(ScriptInput("topic", "5 cara menabung", 60, lang, "tiktok"), [])
    assert len(script.segments) == 8 and sum(s.duration_seconds for s in script.segments) == 60
    assert cta in script.segments[-1].script_text and not script.notes
    assert all(s.script_text and s.visual_direction for s in script.segments)
    assert "5 cara menabung" in script.segments[0].script_text  # the topic is in the hook


def test_a_retrieved_hook_in_the_language_is_used() -> None:
    lang = resolve_language("en")
    assert lang is not None
    hooks = [HookCandidate("kb_x", "mirror", "Cek ini soal {topic}.", "id"),
             HookCandidate("kb_y", "confession", "I wasted two years on {topic}. Don't.", "en")]
    script = write_local_script(ScriptInput("title", "Learning Guitar", 30, lang, "tiktok"), hooks)
    assert script.segments[0].script_text == "I wasted two years on learning Guitar. Don't."
    assert script.hooks_used == ["confession"] and script.knowledge_ids == ["kb_y"]


def test_virality_features_explain_the_score() -> None:
    lang = resolve_language("en")
    assert lang is not None
    good = write_local_script(ScriptInput("topic", "saving money", 30, lang, "tiktok"), [])
    flat = [_seg("HOOK", 6, "This video is about a subject that I would like to talk about with some detail today "
                           "and maybe tomorrow as well."), _seg("BODY_1", 8, "Okay."), _seg("BODY_2", 8, "Yes."),
            _seg("ENDING_CTA", 8, "Bye.")]
    strong = score_features(script_features(good.segments, hook_patterns=good.hooks_used))
    weak = script_features(flat, hook_patterns=[])
    assert strong > score_features(weak) + 30 and 0 <= score_features(weak) <= 100
    assert {f.name for f in weak} >= {"hook_question_or_number", "pacing", "call_to_action"}
    assert all(f.weight > 0 and f.measured for f in weak)


def test_keywords_are_words_of_the_text() -> None:
    text = "Sleep matters. Sleep clears the brain, and the brain files memories during sleep."
    assert keywords(text, limit=2) == ["sleep", "brain"]


def test_retrieval_is_cross_lingual() -> None:
    passages = embed_passages(["Kerja seharian tapi nggak produktif? Ini yang salah!",
                               "Receta fácil de pan casero sin horno", "How to train a puppy to sit"])
    assert passages.shape == (3, 384) and np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    top = cosine_top(embed_query("why am I not productive at work"), passages, 1)
    assert top[0][0] == 0
