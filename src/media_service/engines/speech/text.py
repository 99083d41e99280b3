"""Text handling shared by every voice: sentence chunks, written words and syllable weights.

Long texts are spoken sentence by sentence (each sentence a chunk, over-long sentences cut at
clause marks, then at spaces) so synthesis can report progress and be cancelled between chunks;
the chunks are joined with one even pause, so the result sounds like one take.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CHUNK_CHARS = 400

# A sentence ends at . ! ? … (Latin), 。！？ (CJK), । (Devanagari) or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[。！？।])\s*|\n+")
_CLAUSE_END = re.compile(r"(?<=[,;:、，；：])\s*")
_VOWELS = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]+", re.IGNORECASE)


@dataclass(frozen=True)
class Chunk:
    """A piece of the text to speak on its own, with its offset (in characters) in the whole text."""

    text: str
    offset: int


def split_chunks(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Cut `text` at sentence ends (and, inside over-long sentences, at clause marks and spaces)."""
    chunks: list[Chunk] = []
    for start, end in _spans(text, _SENTENCE_END, 0, len(text)):
        if end - start <= max_chars:
            chunks.append(Chunk(text[start:end], start))
            continue
        for c_start, c_end in _spans(text, _CLAUSE_END, start, end):
            chunks.extend(_cut_at_spaces(text, c_start, c_end, max_chars))
    return [chunk for chunk in chunks if any(ch.isalnum() for ch in chunk.text)]


def _spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank spans of text[start:end] between matches of `pattern`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    position = start
    for match in pattern.finditer(text, start, end):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, end))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _cut_at_spaces(text: str, start: int, end: int, max_chars: int) -> list[Chunk]:
    """Pieces of at most `max_chars`, cut at the last space before the limit (hard cut when none)."""
    pieces: list[Chunk] = []
    while end - start > max_chars:
        cut = text.rfind(" ", start + 1, start + max_chars + 1)
        cut = cut if cut > start else start + max_chars
        pieces.append(Chunk(text[start:cut], start))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append(Chunk(text[start:end], start))
    return pieces


def strip_punctuation(token: str) -> str:
    """A written word without the punctuation and symbols around it ("(hello," → "hello")."""
    a, b = 0, len(token)
    while a < b and _is_mark(token[a]):
        a += 1
    while b > a and _is_mark(token[b - 1]):
        b -= 1
    return token[a:b]


def _is_mark(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PSZ"


def written_words(text: str) -> list[str]:
    """The words of `text` as a reader sees them: whitespace-separated, punctuation stripped."""
    return [word for word in (strip_punctuation(token) for token in text.split()) if word]


def syllable_weight(word: str) -> float:
    """A rough speaking-time weight of a word: vowel groups for alphabetic scripts, one per character
    for CJK and kana, one per two characters otherwise (Hangul, Devanagari...), at least one."""
    cjk = sum(1 for ch in word if _is_cjk(ch))
    vowels = len(_VOWELS.findall(word))
    other = sum(1 for ch in word if ch.isalpha() and not _is_cjk(ch) and not ch.isascii()
                and not _VOWELS.fullmatch(ch))
    digits = sum(1 for ch in word if ch.isdigit())
    return max(1.0, cjk + vowels + other / 2 + digits * 1.5)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0xAC00 <= code <= 0xD7AF)
