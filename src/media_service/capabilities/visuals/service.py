"""What the visuals routes and handlers share: searching several stock sources as one, the script → key
phrases → queries steps of b-roll, and ranking.

Ranking (0–1) = 0.5 × relevance (share of the segment's key words found in the clip's tags or page title)
+ 0.2 × duration fit (1 between the minimum and four times it) + 0.15 × resolution (long side / 1920, at most 1)
+ 0.15 × the source's own order. Clips already chosen for an earlier segment are used again only when
nothing else fits.

Memes: a local template's drawing (or the caller's picture, or an Imgflip template) plus one auto-fitting text
layer per box, drawn by the scene engine (HarfBuzz shaping and Noto fallback: any script). A moving source (an
animated GIF, a clip, a GIPHY MP4) becomes a one-scene timeline: the clip as a video layer under the same
text layers, encoded by the video engine (GIF with one palette for the clip, or H.264 MP4).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from media_service.errors import ValidationError
from media_service.jobs.context import ProviderRegistry as Providers
from media_service.providers import MemeTemplate as SourceTemplate
from media_service.providers import StockItem, StockPage, StockQuery

from .catalog import IMAGE_BOXES, MEME_TEMPLATES, PEOPLE_WORDS, STOPWORDS, MemeBox, MemeTemplate, TextStyle
from .schemas import BrollRequest, MemeItem, MemeRequest, MemeText, StockResult, StockSearchResult

__all__ = ["interleave", "key_phrases", "meme_boxes", "meme_document", "meme_item", "meme_size", "meme_template",
           "meme_timeline", "page_result", "prefer_unused", "queries_for", "rank", "search_all", "segments_of",
           "split_segments", "split_template", "to_result", "words_of"]

_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")


def to_result(item: StockItem) -> StockResult:
    """The API model of a stock item."""
    return StockResult(id=item.id, source=item.source, kind=item.kind, url=item.url, preview_url=item.preview_url,
                       width=item.width, height=item.height, duration=item.duration, author=item.author,
                       author_url=item.author_url, licence=item.licence, licence_url=item.licence_url,
                       source_page=item.source_page, attribution=item.attribution, tags=list(item.tags))


def interleave(lists: Sequence[Sequence[StockItem]]) -> list[StockItem]:
    """First of each list, then the second of each, …; an id seen before is skipped."""
    seen: set[str] = set()
    out: list[StockItem] = []
    for k in range(max((len(x) for x in lists), default=0)):
        for items in lists:
            if k < len(items) and items[k].id not in seen:
                seen.add(items[k].id)
                out.append(items[k])
    return out


def search_all(providers: Providers, sources: Sequence[str], query: StockQuery) -> list[StockPage]:
    """One page from each source, in order (a failing source fails the search: its error names it)."""
    return [providers.stock(name).search(query) for name in sources]


def page_result(pages: Sequence[StockPage], query: StockQuery, items: Sequence[StockItem] | None = None
                ) -> StockSearchResult:
    """The API answer for one page of every source."""
    chosen = interleave([p.items for p in pages]) if items is None else list(items)
    notes = [n for p in pages for n in p.notes]
    return StockSearchResult(items=[to_result(i) for i in chosen], page=query.page, per_page=query.per_page,
                             next_page=query.page + 1 if any(p.has_more for p in pages) else None,
                             sources=[p.source for p in pages], cached=all(p.cached for p in pages), notes=notes)


def words_of(text: str) -> list[str]:
    """Lower-case words of `text` (any script) without English function words."""
    return [w for w in (m.group(0).lower().strip("'-") for m in _WORD.finditer(text))
            if w and w not in STOPWORDS and (len(w) > 2 or not w.isascii())]


def split_segments(script: str) -> list[str]:
    """Paragraphs (blank-line separated) when there are several, else sentences."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", script) if p.strip()]
    if len(paragraphs) > 1:
        return paragraphs
    return [s.strip() for s in _SENTENCE.split(script.strip()) if s.strip()]


def key_phrases(text: str, *, limit: int = 3) -> list[str]:
    """The segment's most frequent content words (ties: first seen), as adjacent pairs where they stand
    together in the text ("ocean waves"), else alone."""
    words = words_of(text)
    if not words:
        return []
    counts = Counter(words)
    order = {w: i for i, w in reversed(list(enumerate(words)))}
    top = sorted(counts, key=lambda w: (-counts[w], order[w]))[:limit]
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:])}
    phrases: list[str] = []
    used: set[str] = set()
    for word in top:
        if word in used:
            continue
        partner = next((o for o in top if o not in used and o != word and
                        (f"{word} {o}" in pairs or f"{o} {word}" in pairs)), None)
        if partner is not None:
            a, b = (word, partner) if f"{word} {partner}" in pairs else (partner, word)
            phrases.append(f"{a} {b}")
            used |= {word, partner}
        else:
            phrases.append(word)
            used.add(word)
    return phrases


def rank(items: Iterable[StockItem], keywords: Iterable[str], *, min_duration: float,
         people: bool = False) -> list[tuple[float, StockItem]]:
    """(score, item), best first; items shorter than `min_duration` are dropped."""
    wanted = {w for k in keywords for w in k.split()}
    scored: list[tuple[float, StockItem]] = []
    for position, item in enumerate(items):
        if item.duration is not None and item.duration < min_duration:
            continue
        tags = set(item.tags)
        relevance = len(wanted & tags) / len(wanted) if wanted else 0.5
        if people:
            relevance = 0.5 * relevance + 0.5 * (1.0 if tags & PEOPLE_WORDS else 0.0)
        too_long = item.duration is not None and item.duration > max(4 * min_duration, min_duration + 5)
        fit = 0.7 if too_long else 1.0
        resolution = min(1.0, max(item.width, item.height) / 1920)
        order = 1.0 / (1.0 + 0.1 * position)
        score = 0.5 * relevance + 0.2 * fit + 0.15 * resolution + 0.15 * order
        scored.append((round(score, 3), item))
    scored.sort(key=lambda pair: -pair[0])
    return scored


def prefer_unused(scored: list[tuple[float, StockItem]], used: set[str], count: int) -> list[tuple[float, StockItem]]:
    """The best `count`, taking clips not in `used` first."""
    fresh = [p for p in scored if p[1].id not in used]
    again = [p for p in scored if p[1].id in used]
    return (fresh + again)[:count]


def segments_of(request: BrollRequest) -> list[str]:
    """The request's segments: given, split from the script, or the topic alone."""
    if request.segments:
        return [s.strip() for s in request.segments]
    if request.script and request.script.strip():
        return split_segments(request.script)
    return [str(request.topic).strip()]


def queries_for(text: str, phrases: list[str], topic: str | None) -> list[str]:
    """The segment's first query (its two best key phrases) and the fallback (the topic, else the best one)."""
    queries = [" ".join(phrases[:2])[:100]] if phrases else []
    fallback = (topic or "").strip() or (phrases[0] if phrases else text[:100])
    if fallback[:100] not in queries:
        queries.append(fallback[:100])
    return queries


# --- memes ------------------------------------------------------------------------------------------------

_MAX_SIDE = 2048


def meme_boxes(request: MemeRequest, template: MemeTemplate | None) -> list[tuple[MemeBox, MemeText]]:
    """Each text with the box it goes in; a 400 on `boxes` when there are more texts than boxes."""
    slots = template.boxes if template is not None else IMAGE_BOXES
    texts = request.boxes or [MemeText(text=t or "") for t in (request.top_text, request.bottom_text)][:len(slots)]
    if request.boxes is None and len(slots) == 1:
        texts = [MemeText(text="\n".join(t for t in (request.top_text, request.bottom_text) if t))]
    placed: list[tuple[MemeBox, MemeText]] = []
    free = iter(slots)
    for n, text in enumerate(texts):
        if text.x is not None and text.y is not None and text.width is not None and text.height is not None:
            style: TextStyle = "outline" if template is None else template.boxes[0].style
            placed.append((MemeBox(f"box{n}", text.x, text.y, text.width, text.height, style), text))
            continue
        box = next(free, None)
        if box is None:
            raise ValidationError(f"this template has {len(slots)} text boxes; place the others with x, y, width "
                                  "and height", field=f"boxes[{n}]")
        placed.append((box, text))
    return placed


def _line_height(text: str) -> float:
    """Tight leading for Latin/Greek/Cyrillic caps; room for the taller marks of other scripts (Arabic,
    Devanagari, Thai, …), whose ink reaches past a tight line box."""
    tall = any(ord(c) > 0x52F and c.isalpha() for c in text)
    return 1.3 if tall else 1.05


def _font_guess(text: str, width: float, height: float) -> float:
    """Roughly the size auto-fit will settle on (for the outline width): the text's area filling the box."""
    chars = max(4, len(text))
    filled: float = (width * height / (chars * 0.62 * 1.1)) ** 0.5
    return max(12.0, min(height * 0.42, filled))


def meme_document(template: MemeTemplate | None, placed: list[tuple[MemeBox, MemeText]], *, size: tuple[int, int],
                  image: str | None = None, uppercase: bool | None = None, family: str = "Inter") -> dict[str, Any]:
    """The scene document of one meme: the template's drawing (or the picture), then one auto-fitting text
    layer per box — bold, centred, white with a black outline (or dark on light panels)."""
    width, height = size
    scale = width / template.width if template is not None else 1.0
    layers: list[dict[str, Any]] = []
    if image is not None:
        layers.append({"id": "picture", "type": "image", "src": image, "width": width, "height": height,
                       "fit": "cover"})
    elif template is not None:
        layers.append({"id": "drawing", "type": "group", "width": template.width, "height": template.height,
                       "scale": scale, "children": list(template.layers)})
    for n, (box, text) in enumerate(placed):
        if not text.text.strip():
            continue
        bw, bh = box.width * width, box.height * height
        outline = box.style == "outline"
        upper = uppercase if uppercase is not None else outline
        shown = text.text.upper() if upper else text.text
        layer: dict[str, Any] = {
            "id": f"text{n}", "type": "text", "text": shown, "x": box.x * width, "y": box.y * height,
            "width": bw, "height": bh, "align": "center", "valign": box.valign, "lineHeight": _line_height(shown),
            "font": {"family": family, "weight": 900, "size": bh * 0.4},
            "autoFit": {"min": max(6.0, bh * 0.05), "max": max(8.0, bh * 0.45)},
            "color": text.color or ("#FFFFFF" if outline else "#111111"),
        }
        if outline or text.outline_color:
            stroke = max(1.5, min(10.0, _font_guess(shown, bw, bh) * 0.09))
            layer["stroke"] = {"color": text.outline_color or "#000000", "width": round(stroke, 1)}
        layers.append(layer)
    background = template.background if template is not None and image is None else "#000000"
    return {"canvas": {"width": width, "height": height, "bgColor": background}, "layers": layers}


def meme_size(template: MemeTemplate | None, picture: tuple[int, int] | None) -> tuple[int, int]:
    """The template's size, or the picture's scaled so its long side is at most 2048 px."""
    if template is not None:
        return template.width, template.height
    assert picture is not None
    w, h = picture
    factor = min(1.0, _MAX_SIDE / max(w, h))
    return max(1, round(w * factor)), max(1, round(h * factor))


def meme_template(name: str | None) -> MemeTemplate:
    """The named local template (default classic); 400 on `template` listing them."""
    template = MEME_TEMPLATES.get(name or "classic")
    if template is None:
        raise ValidationError(f"unknown template {name!r}; one of {', '.join(MEME_TEMPLATES)}", field="template")
    return template


_REMOTE = ("imgflip", "giphy")


def split_template(value: str | None) -> tuple[str | None, str]:
    """("imgflip" | "giphy", its id) for a remote template, (None, name) for a local one; 400 on an empty id."""
    if value is not None and ":" in value:
        source, _, item_id = value.partition(":")
        if source not in _REMOTE or not item_id.strip():
            raise ValidationError(f"{value!r}: remote templates are imgflip:<id> or giphy:<id>", field="template")
        return source, item_id.strip()
    return None, value or "classic"


def meme_item(item: SourceTemplate) -> MemeItem:
    """The API model of an Imgflip template or a GIPHY GIF."""
    return MemeItem(id=item.id, source=item.source, name=item.name, url=item.url, preview_url=item.preview_url,
                    mp4_url=item.mp4_url, width=item.width, height=item.height, box_count=item.box_count,
                    animated=item.animated, rating=item.rating, source_page=item.source_page,
                    attribution=item.attribution)


def meme_timeline(placed: list[tuple[MemeBox, MemeText]], *, clip: str, size: tuple[int, int], fps: float,
                  seconds: float, uppercase: bool | None, family: str) -> dict[str, Any]:
    """An animated meme as a video-engine timeline: `clip` fills the frame, the texts of `meme_document` on top."""
    width, height = size
    texts = meme_document(None, placed, size=size, uppercase=uppercase, family=family)["layers"]
    layers = [{"id": "clip", "type": "video", "src": clip, "width": width, "height": height, "fit": "cover"}, *texts]
    return {"width": width, "height": height, "fps": fps, "duration": seconds, "background": "#000000",
            "scenes": [{"id": "meme", "start": 0, "duration": seconds, "layers": layers}]}
