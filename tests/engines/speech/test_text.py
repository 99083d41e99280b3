"""Chunking at sentence boundaries and the written words that timings are reported for."""

from __future__ import annotations

from media_service.engines.speech import MAX_CHUNK_CHARS, split_chunks, written_words


def test_sentences_become_chunks_with_their_offsets():
    text = "First one. Second one!  Third?\nFourth line"
    chunks = split_chunks(text)
    assert [c.text for c in chunks] == ["First one.", "Second one!", "Third?", "Fourth line"]
    assert all(text[c.offset:c.offset + len(c.text)] == c.text for c in chunks)


def test_cjk_and_devanagari_sentence_marks_split_without_spaces():
    assert [c.text for c in split_chunks("你好。今天很好！再见")] == ["你好。", "今天很好！", "再见"]
    assert len(split_chunks("आज अच्छा दिन है। कल मिलेंगे।")) == 2


def test_an_over_long_sentence_is_cut_at_clauses_then_spaces():
    clause = "word " * 60  # 300 characters
    text = f"{clause.strip()}, {clause.strip()}, {clause.strip()}."
    chunks = split_chunks(text)
    assert len(chunks) == 3 and all(len(c.text) <= MAX_CHUNK_CHARS for c in chunks)
    unbroken = "word " * 200
    pieces = split_chunks(unbroken)
    assert all(len(p.text) <= MAX_CHUNK_CHARS for p in pieces)
    assert sum(len(p.text.split()) for p in pieces) == 200  # no word lost or cut


def test_blank_and_punctuation_only_text_has_nothing_to_speak():
    assert split_chunks("  ... !! \n ") == []
    assert written_words("(Hello), world... «ça» — 23!") == ["Hello", "world", "ça", "23"]
