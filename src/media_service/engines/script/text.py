"""Plain-text helpers for scripts and transcripts: sentences, words, keywords, a short topic phrase.

The keyword extractor is documented here because results name it: words of three or more letters that are
not stopwords (English, Indonesian, Spanish, Hindi lists below), scored by frequency × (1 + 0.5 if the
word appears in the first sentence), ties broken by first appearance. It is deliberately simple and
deterministic; it never invents words that are not in the text.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["KEYWORD_METHOD", "keywords", "sentences", "short_topic", "words"]

KEYWORD_METHOD = "frequency of non-stopwords (en/id/es/hi lists), first-sentence boost"

_SENTENCE = re.compile(r"(?<=[.!?।…])\s+|\n+")
# letters, digits and Indic vowel signs (which `\w` leaves out), inner apostrophes and hyphens kept
_LETTER = r"(?:[^\W_]|[\u0900-\u0963\u0966-\u0DFF])"
_WORD = re.compile(rf"{_LETTER}+(?:['’-]{_LETTER}+)*", re.UNICODE)
_STOP = set("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he
her here hers him his how i if in into is it its itself just let me more most my no nor not now of off on once
only or other our ours out over own same she should so some such than that the their theirs them then there
these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself get got make makes made really thing things one way ways want need
people away also even still every much many lot lots something anything everything nothing
dan atau yang di ke dari ini itu untuk dengan pada adalah juga tidak nggak gak bukan ada akan sudah udah
belum bisa jadi kalau kamu aku saya kita kami mereka dia ya lagi aja saja banget sangat lebih dalam karena
tapi tetapi seperti sama buat biar supaya oleh para semua cara hal
el la los las un una unos unas de del al y o que en es por para con no se su sus lo como más pero ya muy
este esta estos estas ese esa eso hay ser son fue era tu te mi me nos le les sin sobre también
और का की के है हैं में से को पर यह वह एक भी तो ही कि लिए नहीं था थे थी आप हम
""".split())


def sentences(text: str) -> list[str]:
    """The sentences of `text` (split after . ! ? । … and at line breaks), stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s and s.strip()]


def words(text: str) -> list[str]:
    """The words of `text` in order (letters and digits, inner apostrophes and hyphens kept)."""
    return _WORD.findall(text)


def keywords(text: str, *, limit: int = 8) -> list[str]:
    """The `limit` best keywords of `text`, lowercase (see the module docstring for the method)."""
    found = [w.lower() for w in words(text)]
    first = {w.lower() for w in words(sentences(text)[0])} if text.strip() else set()
    counts = Counter(w for w in found if len(w) >= 3 and w not in _STOP and not w.isdigit())
    order = {w: i for i, w in reversed(list(enumerate(found)))}
    ranked = sorted(counts, key=lambda w: (-(counts[w] * (1.5 if w in first else 1.0)), order[w]))
    return ranked[:limit]


def short_topic(text: str, *, max_words: int = 8) -> str:
    """A short subject phrase from `text`: its first sentence, trailing punctuation dropped, cut at a word."""
    first = sentences(text)[0] if text.strip() else ""
    first = first.rstrip(".!?।… ").strip(" \"'“”")
    parts = first.split()
    return " ".join(parts[:max_words]) if len(parts) > max_words else first
