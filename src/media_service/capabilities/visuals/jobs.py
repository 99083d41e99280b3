"""Visuals job types.

- `visuals.broll` (queue `io`: waiting on the stock APIs and downloads): script → segments → key phrases
  → stock queries → clips ranked per segment (service.py); `download` stores the best clip of each
  segment (all with `download_all`) as outputs that `/video/combine` takes as segments;
- `visuals.meme` (queue `cpu`): a local template (or the caller's picture) and its texts drawn by the scene
  engine into a PNG.
"""

from __future__ import annotations

import skia

from media_service.engines.scene import render_to_file
from media_service.jobs import JobContext, job_type
from media_service.media import MediaKind, OutputRef
from media_service.providers import StockItem, StockQuery

from .checks import prepare_broll, prepare_meme
from .schemas import BrollClip, BrollRequest, BrollResult, BrollSegment, MemeRequest, MemeResult
from .service import (
    interleave,
    key_phrases,
    meme_boxes,
    meme_document,
    meme_size,
    meme_template,
    prefer_unused,
    queries_for,
    rank,
    search_all,
    segments_of,
    to_result,
)

__all__ = ["broll", "meme"]

_PER_QUERY = 15


@job_type("visuals.broll", request=BrollRequest, result=BrollResult, queue="io", default_timeout_sec=600.0,
          estimate=lambda r: 2.0 + 3.0 * len(r.segments or []) + (10.0 if r.download else 0.0),
          prepare=prepare_broll, summary="B-roll: stock clips ranked per script segment (optionally downloaded)")
def broll(ctx: JobContext, request: BrollRequest) -> BrollResult:
    """Search every segment's queries, rank the clips, download the chosen ones when asked."""
    sources = ctx.providers.stock_sources(request.source, field="source")
    texts = segments_of(request)
    used: set[str] = set()
    segments: list[BrollSegment] = []
    outputs: list[OutputRef] = []
    notes: list[str] = []
    for index, text in enumerate(texts):
        ctx.raise_if_cancelled()
        ctx.progress(index / len(texts) * (0.5 if request.download else 1.0), f"Searching segment {index + 1}")
        phrases = key_phrases(text)
        queries = queries_for(text, phrases, request.topic)
        found: list[StockItem] = []
        sent: list[str] = []
        for query in queries:
            stock = StockQuery(query, kind="video", orientation=request.orientation,
                               min_duration=request.min_duration, per_page=_PER_QUERY)
            pages = search_all(ctx.providers, sources, stock)
            sent.append(query)
            notes += [n for p in pages for n in p.notes if n not in notes]
            found = interleave([found, interleave([p.items for p in pages])])
            if len(found) >= request.clips_per_segment * 2:
                break
        keywords = phrases + ([request.topic] if request.topic else [])
        chosen = prefer_unused(rank(found, keywords, min_duration=request.min_duration), used,
                               request.clips_per_segment)
        used |= {item.id for _, item in chosen}
        ctx.log(f"segment {index + 1}: {len(found)} clips for {sent!r}, kept {len(chosen)}")
        if not chosen:
            notes.append(f"segment {index + 1}: no {request.orientation} clip of at least "
                          f"{request.min_duration:g} s for {sent!r}")
        clips = [BrollClip(**to_result(item).model_dump(), score=score) for score, item in chosen]
        segments.append(BrollSegment(index=index, text=text, key_phrases=phrases, queries=sent, clips=clips))
    if request.download:
        outputs = _download(ctx, request, segments)
    return BrollResult(segments=segments, orientation=request.orientation, min_duration=request.min_duration,
                       sources=sources, outputs=outputs, notes=notes)


def _download(ctx: JobContext, request: BrollRequest, segments: list[BrollSegment]) -> list[OutputRef]:
    """Store the chosen clips (the first of each segment, or all) as outputs, in segment order."""
    outputs: list[OutputRef] = []
    wanted = [(s, k) for s in segments for k in range(len(s.clips) if request.download_all else min(1, len(s.clips)))]
    for n, (segment, k) in enumerate(wanted):
        ctx.raise_if_cancelled()
        ctx.progress(0.5 + 0.5 * n / len(wanted), f"Downloading clip {n + 1}/{len(wanted)}")
        clip = segment.clips[k]
        item = StockItem(clip.id, clip.source, "video", clip.url, clip.preview_url, clip.width, clip.height,
                         clip.duration, clip.author, clip.author_url, clip.licence, clip.licence_url,
                         clip.source_page, clip.attribution, tuple(clip.tags))
        saved = ctx.providers.stock(clip.source).download(item, ctx.workdir / f"segment{segment.index}_{k}")
        ref: OutputRef = ctx.outputs.save(saved.path, name=f"broll_{segment.index:02d}_{k}{saved.path.suffix}")
        clip.output = ref
        outputs.append(ref)
        ctx.log(f"downloaded {clip.id} ({clip.attribution}) for segment {segment.index + 1}")
    return outputs


@job_type("visuals.meme", request=MemeRequest, result=MemeResult, queue="cpu", default_timeout_sec=120.0,
          estimate=lambda r: 1.0, prepare=prepare_meme,
          summary="A meme rendered locally: template or picture, top/bottom or boxed text, PNG")
def meme(ctx: JobContext, request: MemeRequest) -> MemeResult:
    """Fetch the picture (if any), lay out the boxes, draw with the scene engine, store the PNG."""
    template = None if request.image is not None else meme_template(request.template)
    picture = None
    size: tuple[int, int] | None = None
    if request.image is not None:
        picture = ctx.inputs.fetch(request.image, field="image", accepts=MediaKind.IMAGE)
        decoded = skia.Image.open(str(picture))
        size = meme_size(None, (decoded.width(), decoded.height()))
    else:
        size = meme_size(template, None)
    placed = meme_boxes(request, template)
    ctx.progress(0.3, "Drawing")
    doc = meme_document(template, placed, size=size, image=str(picture) if picture else None,
                        uppercase=request.uppercase, family=request.font_family)
    out = ctx.workdir / "meme.png"
    info = render_to_file(doc, out, format="png")
    ref: OutputRef = ctx.outputs.save(out)
    for warning in info.warnings:
        ctx.log(warning, "warning")
    return MemeResult(output=ref, template=template.name if template else "image", width=info.width,
                      height=info.height, texts=[t.text for _, t in placed], warnings=list(info.warnings))
