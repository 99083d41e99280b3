"""`/api/v1/visuals/*`: stock and UGC searches answered at once (a search is one quick, cached call per
source: no job), b-roll as a job (many searches and optional downloads). Thin: validate, call, return."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from media_service.http.auth import authorize, required_scope
from media_service.http.envelope import Envelope, success
from media_service.http.state import SettingsDep
from media_service.jobs import job_route
from media_service.providers import StockPage, StockQuery, registry_for

from . import jobs
from .catalog import MEME_TEMPLATES, UGC_FALLBACK, UGC_TEMPLATES
from .checks import sources_for
from .schemas import (
    MemeSearchRequest,
    MemeSearchResult,
    MemeTemplateInfo,
    MemeTemplateList,
    StockSearchRequest,
    StockSearchResult,
    UgcSearchRequest,
    UgcSearchResult,
)
from .service import interleave, meme_item, page_result, rank, search_all, words_of

__all__ = ["build_router"]

_TAGS: list[Any] = ["visuals"]


def build_router(prefix: str) -> APIRouter:
    """The visuals routes under `prefix` (the API prefix)."""
    router = APIRouter(prefix=f"{prefix}/visuals", tags=_TAGS)
    job_route(router, "/broll", jobs.broll, tags=_TAGS,
              description="Splits the script into segments (blank lines, else sentences), takes each segment's "
                          "most frequent content words as key phrases, searches stock videos for them (then the "
                          "topic) in the asked orientation, drops clips shorter than min_duration and ranks the "
                          "rest by tag relevance, duration fit and resolution. `download: true` stores the best "
                          "clip of each segment as an output that /video/combine takes as a segment.")
    job_route(router, "/meme", jobs.meme, tags=_TAGS,
              description="Drawn locally by the scene engine (works offline): a template from GET "
                          "/visuals/meme/templates, an Imgflip template (`imgflip:<id>`), a GIPHY GIF "
                          "(`giphy:<id>`), or your own `image` (an animated GIF moves) or `video`, with top and "
                          "bottom boxes. Each text is bold (weight 900), centred and shrunk until it fits its box; "
                          "outlined white text on pictures, dark text on light panels; any script (Noto fallback). "
                          "Stills as PNG or JPG; moving sources as a GIF (one palette for the clip) or an MP4, cut "
                          "to max_seconds. `renderer: imgflip` lets Imgflip caption its own template instead.")
    auth = [Depends(authorize)]

    @router.get("/meme/templates", response_model=Envelope[MemeTemplateList], dependencies=auth,
                summary="The meme templates drawn locally (and Imgflip's popular ones with ?source=imgflip)")
    def meme_templates(request: Request, settings: SettingsDep,
                       source: Literal["local", "imgflip"] = Query("local", description=(
                           "local: the templates drawn by code (offline); imgflip: also Imgflip's popular "
                           "templates (one cached call to Imgflip)"))) -> dict[str, Any]:
        imgflip = [] if source == "local" else [meme_item(t) for t in registry_for(settings).meme("imgflip").search(
            "", limit=100, offset=0, rating=None).items]
        return success(request, MemeTemplateList(templates=[
            MemeTemplateInfo(name=t.name, description=t.description, width=t.width, height=t.height,
                             boxes=[b.name for b in t.boxes]) for t in MEME_TEMPLATES.values()], imgflip=imgflip))

    @router.post("/meme/search", response_model=Envelope[MemeSearchResult], dependencies=auth,
                 openapi_extra=required_scope("read"),
                 summary="Search Imgflip templates or GIPHY GIFs for a meme (answers at once, no job)",
                 description="Imgflip: its ~100 popular templates whose name has every word of the query (its own "
                             "search needs a paid plan). GIPHY: GIFs or stickers (GIPHY_API_KEY), with the rating "
                             "asked; show \"Powered by GIPHY\" with the results. Cached per query "
                             "(STOCK_CACHE_TTL_SEC). Pass an item's `id` as a meme's `template`.")
    def meme_search(body: MemeSearchRequest, request: Request, settings: SettingsDep) -> dict[str, Any]:
        registry = registry_for(settings)
        registry.ensure_configured("meme", body.source, field="source")
        page = registry.meme(body.source).search(body.query, limit=body.limit, offset=body.offset, rating=body.rating,
                                                 stickers=body.stickers)
        credit = "Powered by GIPHY" if body.source == "giphy" else "Templates from Imgflip (imgflip.com)"
        return success(request, MemeSearchResult(items=[meme_item(i) for i in page.items], source=page.source,
                                                 offset=page.offset, total=page.total, cached=page.cached,
                                                 attribution=credit))

    @router.post("/stock", response_model=Envelope[StockSearchResult], dependencies=auth,
                 openapi_extra=required_scope("read"),
                 summary="Search stock photos or videos on Pexels and Pixabay (answers at once, no job)",
                 description="Results are normalised, carry their licence and the credit it asks for, and are "
                             "cached per query (STOCK_CACHE_TTL_SEC). Duration range and, where the source has no "
                             "parameter for it, orientation are filtered on the page the source answered.")
    def stock(body: StockSearchRequest, request: Request, settings: SettingsDep) -> dict[str, Any]:
        sources = sources_for(settings, body.source)
        query = StockQuery(body.query, kind=body.kind, orientation=body.orientation, size=body.size,
                           color=body.color, min_duration=body.min_duration, max_duration=body.max_duration,
                           page=body.page, per_page=body.per_page)
        return success(request, page_result(search_all(registry_for(settings), sources, query), query))

    @router.post("/ugc", response_model=Envelope[UgcSearchResult], dependencies=auth,
                 openapi_extra=required_scope("read"),
                 summary="Vertical, person-centred stock clips for UGC-style videos (answers at once, no job)",
                 description="Searches portrait-orientation videos (or photos) for exactly "
                             + " and ".join(f'"{t}"' for t in UGC_TEMPLATES)
                             + f', adds "{UGC_FALLBACK}" when those leave fewer than a page, keeps clips of at '
                             "least min_duration seconds and ranks clips tagged with people words first.")
    def ugc(body: UgcSearchRequest, request: Request, settings: SettingsDep) -> dict[str, Any]:
        sources = sources_for(settings, body.source)
        registry = registry_for(settings)
        min_duration = body.min_duration if body.kind == "video" else None
        queries = [t.format(topic=body.topic.strip()) for t in UGC_TEMPLATES] + [UGC_FALLBACK]
        pages: list[StockPage] = []
        sent: list[str] = []
        for text in queries:
            if text == UGC_FALLBACK and sum(len(p.items) for p in pages) >= body.per_page:
                break
            query = StockQuery(text, kind=body.kind, orientation="portrait", min_duration=min_duration,
                               page=body.page, per_page=body.per_page)
            pages += search_all(registry, sources, query)
            sent.append(text)
        ranked = rank(interleave([p.items for p in pages]), words_of(body.topic), min_duration=min_duration or 0.0,
                      people=True)
        answer = page_result(pages, query, [item for _, item in ranked][:body.per_page])
        return success(request, UgcSearchResult(**answer.model_dump(), queries=sent))

    return router
