"""Requests and results of `/api/v1/visuals/*` (issue 17): stock search, b-roll, UGC clips and memes.

Requests refuse unknown fields. Every stock result carries its licence and the credit it asks for
(`attribution`); durations are seconds, sizes pixels.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal, TypeAlias

from media_service.models import StrictModel
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from media_service.jobs import JobOptions
from media_service.media import MediaKind, OutputRef, media_ref

__all__ = [
    "BrollClip", "BrollRequest", "BrollResult", "BrollSegment", "MemeItem", "MemeRequest", "MemeResult",
    "MemeSearchRequest", "MemeSearchResult", "MemeTemplateInfo", "MemeTemplateList", "MemeText", "StockResult", "StockSearchRequest",
    "StockSearchResult", "UgcSearchRequest", "UgcSearchResult",
]

if TYPE_CHECKING:
    PictureRef: TypeAlias = str
    ClipRef: TypeAlias = str
else:
    PictureRef = media_ref(MediaKind.IMAGE)
    ClipRef = media_ref(MediaKind.VIDEO)

Source = Literal["pexels", "pixabay"]
Orientation = Literal["landscape", "portrait", "square"]
_COLOUR = re.compile(r"^(#?[0-9a-fA-F]{6}|[a-z]{3,12})$")
_SOURCE_DOC = "pexels or pixabay; default: every configured one (results interleaved)"


class _Paged(StrictModel):
    source: Source | None = Field(None, description=_SOURCE_DOC)
    page: int = Field(1, ge=1, le=100)
    per_page: int = Field(15, ge=1, le=80, description="Per source; local filters may leave fewer")


class StockSearchRequest(_Paged):
    """POST /visuals/stock: photos or videos by query and filters."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"query": "city at night", "kind": "photo", "per_page": 5}]})

    query: str = Field(min_length=1, max_length=100)
    kind: Literal["photo", "video"] = "photo"
    orientation: Orientation | None = None
    size: Literal["small", "medium", "large"] | None = Field(
        None, description="photos: small ≥ 4 MP, medium ≥ 12 MP, large ≥ 24 MP; videos: HD, Full HD, 4K")
    color: str | None = Field(None, description="photos only: a colour name (red, orange, yellow, green, turquoise, "
                              "blue, violet, pink, brown, black, gray, white) or a hex (Pexels only)")
    min_duration: float | None = Field(None, ge=0, le=3600, description="videos only, seconds")
    max_duration: float | None = Field(None, gt=0, le=3600, description="videos only, seconds")

    @field_validator("color")
    @classmethod
    def _colour(cls, value: str | None) -> str | None:
        if value is not None and not _COLOUR.match(value):
            raise ValueError("must be a colour name or a 6-digit hex like #7E7F7B")
        return value

    @model_validator(mode="after")
    def _durations(self) -> StockSearchRequest:
        for name in ("min_duration", "max_duration"):
            if getattr(self, name) is not None and self.kind != "video":
                raise ValueError(f"{name} applies to videos only (kind: video)")
        if self.min_duration is not None and self.max_duration is not None and self.min_duration > self.max_duration:
            raise ValueError("min_duration must not exceed max_duration")
        return self


class UgcSearchRequest(_Paged):
    """POST /visuals/ugc: vertical, person-centred clips for user-generated-content style videos.

    For a `topic` it searches, in portrait orientation only, "<topic> person talking to camera" and
    "<topic> selfie" (then "person talking to camera" alone when the topic gives too few), keeps clips at
    least `min_duration` long, and ranks those whose tags or titles mention people first."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"topic": "skincare routine", "per_page": 5}]})

    topic: str = Field(min_length=1, max_length=80, description="What the creator talks about, e.g. skincare")
    kind: Literal["video", "photo"] = "video"
    min_duration: float = Field(3.0, ge=0, le=600, description="videos only, seconds")


class StockResult(BaseModel):
    """One photo or video, normalised across sources."""

    id: str
    source: str
    kind: str
    url: str = Field(description="The file (the rendition nearest Full HD for videos); Pixabay's URLs are temporary")
    preview_url: str
    width: int
    height: int
    duration: float | None = None
    author: str
    author_url: str | None = None
    licence: str
    licence_url: str
    source_page: str
    attribution: str = Field(description="The credit the licence asks for, e.g. 'Video by X on Pexels'")
    tags: list[str] = Field(default_factory=list)


class StockSearchResult(BaseModel):
    """One page from every source asked."""

    items: list[StockResult]
    page: int
    per_page: int
    next_page: int | None = Field(None, description="Ask again with this page for more; null at the end")
    sources: list[str]
    cached: bool = Field(description="True when every source answered from the search cache")
    notes: list[str] = Field(default_factory=list)


class UgcSearchResult(StockSearchResult):
    """A UGC search and the exact queries it sent."""

    queries: list[str]


class BrollRequest(JobOptions):
    """POST /visuals/broll: clips for each segment of a script (or a topic)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"topic": "morning routine", "clips_per_segment": 2}]})


    script: str | None = Field(None, max_length=20_000, description="Split into segments at blank lines (else "
                               "sentences); give `segments` to split it yourself")
    segments: list[str] | None = Field(None, min_length=1, max_length=20)
    topic: str | None = Field(None, max_length=200, description="Alone: one segment; with a script: added to each "
                              "segment's fallback query")
    orientation: Orientation = "landscape"
    min_duration: float = Field(3.0, ge=0, le=120, description="Seconds every clip must last at least")
    clips_per_segment: int = Field(3, ge=1, le=10)
    source: Source | None = Field(None, description=_SOURCE_DOC)
    download: bool = Field(False, description="Store the best clip of each segment as an output (usable as a "
                           "/video/combine segment); all of them with download_all")
    download_all: bool = False

    @field_validator("segments")
    @classmethod
    def _segments(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(not s.strip() or len(s) > 2000 for s in value):
            raise ValueError("each segment must be 1–2000 characters")
        return value

    @model_validator(mode="after")
    def _something(self) -> BrollRequest:
        if not (self.script or "").strip() and not self.segments and not (self.topic or "").strip():
            raise ValueError("give a script, segments or a topic")
        if self.script and self.segments:
            raise ValueError("give either script or segments, not both")
        return self


class BrollClip(StockResult):
    """A ranked clip and, when downloaded, the stored file."""

    score: float = Field(description="0–1: relevance of its tags/title to the segment, duration fit, resolution")
    output: OutputRef | None = None


class BrollSegment(BaseModel):
    """One segment: its text, the key phrases and queries derived from it, its ranked clips."""

    index: int
    text: str
    key_phrases: list[str]
    queries: list[str]
    clips: list[BrollClip]


class BrollResult(BaseModel):
    """Every segment's clips; `outputs` lists the downloaded files in segment order."""

    segments: list[BrollSegment]
    orientation: str
    min_duration: float
    sources: list[str]
    outputs: list[OutputRef] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class MemeText(StrictModel):
    """One text: for the template's next box, or placed yourself with x/y/width/height (fractions 0–1)."""

    text: str = Field(max_length=300)
    x: float | None = Field(None, ge=0, le=1)
    y: float | None = Field(None, ge=0, le=1)
    width: float | None = Field(None, gt=0, le=1)
    height: float | None = Field(None, gt=0, le=1)
    color: str | None = Field(None, max_length=40, description="Text colour (default: white outlined, or dark "
                              "on the template's light panels)")
    outline_color: str | None = Field(None, max_length=40)

    @model_validator(mode="after")
    def _all_or_none(self) -> MemeText:
        placed = [v is not None for v in (self.x, self.y, self.width, self.height)]
        if any(placed) and not all(placed):
            raise ValueError("give x, y, width and height together, or none of them")
        return self


MemeFormat = Literal["png", "jpg", "gif", "mp4"]


class MemeRequest(JobOptions):
    """POST /visuals/meme: a template (or your picture or clip) with top/bottom or boxed text, drawn locally."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"template": "classic", "top_text": "One does not simply", "bottom_text": "skip the tests"}]})

    template: str | None = Field(None, max_length=80, description=(
        "A local template (GET /visuals/meme/templates), `imgflip:<id>` (GET /visuals/meme/templates?source=imgflip) "
        "or `giphy:<id>` (POST /visuals/meme/search, needs GIPHY_API_KEY: an animated meme); default classic"),
        examples=["classic", "imgflip:181913649", "giphy:3o7btPCcdNniyf0ArS"])
    image: PictureRef | None = Field(None, description="Your own picture instead of a template (top/bottom boxes); "
                                     "an animated GIF makes an animated meme")
    video: ClipRef | None = Field(None, description="Your own short clip (MP4, WebM, MOV): an animated meme")
    top_text: str | None = Field(None, max_length=300)
    bottom_text: str | None = Field(None, max_length=300)
    boxes: list[MemeText] | None = Field(None, min_length=1, max_length=8, description="Texts in the template's box "
                                         "order (overrides top_text/bottom_text), or placed boxes")
    uppercase: bool | None = Field(None, description="Default: true for outlined text, false on light panels")
    font_family: str = Field("Inter", max_length=80, description="Drawn at weight 900 (a bold Impact-like face); "
                             "other scripts fall back to Noto")
    format: MemeFormat | None = Field(None, description="png or jpg for a still meme; gif or mp4 for an animated one "
                                      "(default: png, or gif when the template or input moves)")
    max_seconds: float = Field(10.0, gt=0, le=30, description="An animated meme is cut to this length")
    renderer: Literal["local", "imgflip"] = Field("local", description=(
        "local: drawn by this service (offline, any script). imgflip: Imgflip's own caption_image for an "
        "`imgflip:<id>` template (needs IMGFLIP_USERNAME and IMGFLIP_PASSWORD)"))

    @model_validator(mode="after")
    def _some_text(self) -> MemeRequest:
        texts = [b.text for b in self.boxes] if self.boxes else [self.top_text or "", self.bottom_text or ""]
        if not any(t.strip() for t in texts):
            raise ValueError("give top_text, bottom_text or boxes with some text")
        if sum(v is not None for v in (self.template, self.image, self.video)) > 1:
            raise ValueError("give one of template, image or video")
        return self


class MemeResult(BaseModel):
    """The picture or animation and what was drawn where."""

    output: OutputRef
    template: str
    width: int
    height: int
    texts: list[str]
    format: MemeFormat = "png"
    animated: bool = False
    duration_sec: float | None = Field(None, description="Animated memes: seconds")
    frames: int | None = Field(None, description="Animated memes: frames drawn")
    renderer: Literal["local", "imgflip"] = "local"
    attribution: str | None = Field(None, description="The credit the template's source asks for (show it)")
    source_page: str | None = None
    warnings: list[str] = Field(default_factory=list)


class MemeItem(BaseModel):
    """A template or GIF from Imgflip or GIPHY; pass `id` as a meme's `template`."""

    id: str
    source: Literal["imgflip", "giphy"]
    name: str
    url: str
    preview_url: str | None = None
    mp4_url: str | None = None
    width: int
    height: int
    box_count: int
    animated: bool
    rating: str | None = None
    source_page: str | None = None
    attribution: str


class MemeSearchRequest(StrictModel):
    """POST /visuals/meme/search: Imgflip's popular templates by name, or GIPHY's GIFs and stickers."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"query": "happy dance", "source": "giphy", "limit": 5}]})

    query: str = Field("", max_length=100, description="Words to match (empty: popular / trending)",
                       examples=["drake", "happy dance"])
    source: Literal["imgflip", "giphy"] = Field("imgflip", description="imgflip (templates, no key) or giphy "
                                                "(GIFs, needs GIPHY_API_KEY)")
    limit: int = Field(25, ge=1, le=50)
    offset: int = Field(0, ge=0, le=4999)
    rating: Literal["g", "pg", "pg-13", "r"] = Field("g", description="GIPHY content rating")
    stickers: bool = Field(False, description="GIPHY stickers (transparent) instead of GIFs")


class MemeSearchResult(BaseModel):
    items: list[MemeItem]
    source: str
    offset: int
    total: int
    cached: bool
    attribution: str = Field(description="Show it with the results (GIPHY requires \"Powered by GIPHY\")")


class MemeTemplateInfo(BaseModel):
    """A local template."""

    name: str
    description: str
    width: int
    height: int
    boxes: list[str]


class MemeTemplateList(BaseModel):
    templates: list[MemeTemplateInfo]
    imgflip: list[MemeItem] = Field(default_factory=list, description="With ?source=imgflip: Imgflip's popular "
                                    "templates (pass `id` as `template`)")
