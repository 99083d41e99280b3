"""Visuals job types.

- `visuals.broll` (queue `io`: waiting on the stock APIs and downloads): script → segments → key phrases
  → stock queries → clips ranked per segment (service.py); `download` stores the best clip of each
  segment (all with `download_all`) as outputs that `/video/combine` takes as segments;
- `visuals.meme` (queue `cpu`): a local template, an Imgflip template, a GIPHY GIF, the caller's picture or
  clip, and its texts: a still drawn by the scene engine (PNG/JPG), or an animation drawn frame by frame by
  the video engine (GIF/MP4); or, when asked, Imgflip's own captioning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import skia

from media_service.engines.encode import extract_poster
from media_service.engines.scene import render_to_file
from media_service.engines.video import load_timeline, render_timeline
from media_service.errors import ProviderError, ValidationError
from media_service.jobs import JobContext, job_type
from media_service.media import MediaKind, OutputRef
from media_service.media.probe import MediaFacts, probe_media
from media_service.providers import StockItem, StockQuery

from .catalog import MemeBox

from .checks import prepare_broll, prepare_meme
from .schemas import BrollClip, BrollRequest, BrollResult, BrollSegment, MemeRequest, MemeResult, MemeText
from .service import (
    interleave,
    key_phrases,
    meme_boxes,
    meme_document,
    meme_size,
    meme_template,
    meme_timeline,
    prefer_unused,
    queries_for,
    rank,
    search_all,
    segments_of,
    split_template,
    to_result,
)

__all__ = ["broll", "meme"]

_PER_QUERY = 15
_STILL_SEC = 0.05  # a GIF with a single frame reports no (or a tiny) duration: a still picture
_ANIMATED_SIDE = 720  # animated memes: the long side, px (GIF and chat-app sized)


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


@job_type("visuals.meme", request=MemeRequest, result=MemeResult, queue="cpu", default_timeout_sec=300.0,
          estimate=lambda r: 8.0 if r.video is not None or ":" in (r.template or "") else 1.0, prepare=prepare_meme,
          summary="A meme drawn locally: template, Imgflip template, GIPHY GIF, picture or clip; PNG/JPG, GIF or MP4")
def meme(ctx: JobContext, request: MemeRequest) -> MemeResult:
    """Find the template or input, lay out the boxes, draw a still with the scene engine or an animation with the
    video engine (or let Imgflip caption it when asked), store the file."""
    source, remote_id = split_template(request.template)
    if request.renderer == "imgflip":
        return _imgflip_caption(ctx, request, remote_id)
    template, picture, credit = None, None, (None, None)
    if source is not None:
        provider = ctx.providers.meme(source)
        item = _remote(ctx, provider, remote_id)
        ctx.progress(0.05, f"Downloading {item.id}")
        picture = provider.download(item, ctx.workdir / "template", video=True).path
        credit = (item.attribution, item.source_page)
    elif request.image is not None:
        picture = ctx.inputs.fetch(request.image, field="image", accepts=MediaKind.IMAGE)
    elif request.video is not None:
        picture = ctx.inputs.fetch(request.video, field="video", accepts=MediaKind.VIDEO)
    else:
        template = meme_template(request.template)
    facts = probe_media(picture) if picture is not None else None
    moving = facts is not None and (facts.duration_seconds or 0.0) > _STILL_SEC
    fmt = request.format or ("gif" if moving else "png")
    if fmt in ("gif", "mp4") and not moving:
        raise ValidationError(f"format {fmt} needs something that moves (an animated GIF, a clip or a giphy: "
                              "template); this one is a still picture", field="format")
    placed = meme_boxes(request, template)
    name = template.name if template else request.template or ("video" if request.video else "image")
    if moving and fmt in ("gif", "mp4"):
        assert picture is not None and facts is not None
        return _animate(ctx, request, picture, facts, placed, fmt, name, credit)
    if picture is not None and facts is not None and (moving or facts.format == "gif"):  # a still of its first frame
        still = ctx.workdir / "first-frame.png"
        extract_poster(picture, still, seconds=0.0)
        picture = still
    size = meme_size(template, None) if picture is None else meme_size(None, _decoded_size(picture))
    ctx.progress(0.3, "Drawing")
    doc = meme_document(template, placed, size=size, image=str(picture) if picture else None,
                        uppercase=request.uppercase, family=request.font_family)
    out = ctx.workdir / f"meme.{fmt}"
    info = render_to_file(doc, out, format="jpg" if fmt == "jpg" else "png")
    ref: OutputRef = ctx.outputs.save(out)
    for warning in info.warnings:
        ctx.log(warning, "warning")
    return MemeResult(output=ref, template=name, width=info.width, height=info.height,
                      texts=[t.text for _, t in placed], format=fmt, attribution=credit[0], source_page=credit[1],
                      warnings=list(info.warnings))


def _remote(ctx: JobContext, provider: Any, item_id: str) -> Any:
    """The source's template; one it does not have is a 400 on `template`."""
    try:
        return provider.get(item_id, cancelled=ctx.cancelled)
    except ProviderError as exc:
        if exc.details.get("status_code") == 404:
            raise ValidationError(exc.message, field="template") from None
        raise


def _decoded_size(picture: Path) -> tuple[int, int]:
    decoded = skia.Image.open(str(picture))
    return decoded.width(), decoded.height()


def _animate(ctx: JobContext, request: MemeRequest, clip: Path, facts: MediaFacts,
             placed: list[tuple[MemeBox, MemeText]], fmt: str, name: str,
             credit: tuple[str | None, str | None]) -> MemeResult:
    """The clip under the texts, as a GIF or an MP4 of at most `max_seconds`."""
    width, height = meme_size(None, (facts.width or 480, facts.height or 480))
    factor = min(1.0, _ANIMATED_SIDE / max(width, height))
    width, height = (max(2, round(width * factor / 2) * 2), max(2, round(height * factor / 2) * 2))
    seconds = min(float(facts.duration_seconds or request.max_seconds), request.max_seconds)
    fps = min(max(facts.fps or 15.0, 5.0), 30.0)
    timeline = load_timeline(meme_timeline(placed, clip=str(clip), size=(width, height), fps=round(fps, 3),
                                           seconds=round(seconds, 3), uppercase=request.uppercase,
                                           family=request.font_family))
    out = ctx.workdir / f"meme.{fmt}"
    ctx.progress(0.1, "Drawing frames")
    rendered = render_timeline(timeline, out, format="gif" if fmt == "gif" else "mp4", workdir=ctx.workdir / "render",
                               progress=lambda done, total: ctx.progress(0.1 + 0.85 * done / max(1, total)),
                               cancelled=ctx.cancelled)
    ref: OutputRef = ctx.outputs.save(out)
    ctx.log(f"animated meme: {rendered.frames} frames, {rendered.duration_seconds:.2f} s, {fmt}")
    return MemeResult(output=ref, template=name, width=rendered.width, height=rendered.height,
                      texts=[t.text for _, t in placed], format=fmt, animated=True,
                      duration_sec=round(rendered.duration_seconds, 3), frames=rendered.frames,
                      attribution=credit[0], source_page=credit[1])


def _imgflip_caption(ctx: JobContext, request: MemeRequest, item_id: str) -> MemeResult:
    """Imgflip draws the texts itself (`caption_image`); the picture it answers is stored as the output."""
    imgflip = ctx.providers.meme("imgflip")
    item = _remote(ctx, imgflip, item_id)
    texts = request.boxes or [MemeText(text=t or "") for t in (request.top_text, request.bottom_text)]
    boxes = [{"text": t.text, **({"color": t.color} if t.color else {}),
              **({"outline_color": t.outline_color} if t.outline_color else {})} for t in texts]
    ctx.progress(0.2, "Captioning on Imgflip")
    url = imgflip.caption(item_id, boxes, cancelled=ctx.cancelled)
    saved = imgflip.save(url, ctx.workdir / "imgflip")
    facts = probe_media(saved.path)
    ref: OutputRef = ctx.outputs.save(saved.path, name=f"meme{saved.path.suffix}")
    return MemeResult(output=ref, template=item.id, width=facts.width or 0, height=facts.height or 0,
                      texts=[t.text for t in texts], format="jpg", renderer="imgflip",
                      attribution=item.attribution, source_page=url)
