"""Requests and results of the static-ad endpoints: PRD §6.1.2 `RenderStaticAdRequest` as written, the
shipped-template variant (`template_id`), the shipped templates (`Template`: metadata, slots and a scene
document) and the template catalogue's views.

`template` is a template DSL document (docs/template-dsl.md, the scene engine's `SceneDocument`) or a
template id. The schema shows the document models, but the request keeps the document as plain JSON: it is
validated at submission by the job type's `prepare` (with the configured MAX_CANVAS_PX), so a bad document
is one 400 whose fields read `template.layers.1.font.size`, not one error per union branch.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

from media_service.engines.scene import SceneDocument
from media_service.errors import ValidationError
from media_service.jobs import JobOptions
from media_service.media import ImageRef, OutputRef

__all__ = [
    "AdBindings", "AdFormat", "AdRenderResult", "AdRequestBase", "AdSize", "AdTemplateRequest", "StaticAdRequest",
    "Template", "TemplateDetail", "TemplateList", "TemplateSlot", "TemplateSummary",
]

AdFormat = Literal["png", "jpg", "webp"]
DEFAULT_QUALITY = 90
TEMPLATE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"


class TemplateSlot(BaseModel):
    """A value a caller may set: `kind` text goes in bindings.text[name], image in bindings.assets[name]."""

    name: str
    kind: Literal["text", "image"]
    label: str
    description: str = ""
    required: bool = False
    default: str | None = Field(None, description="what renders when the slot is not bound (text slots)")


class Template(BaseModel):
    """A shipped template: metadata, slots and its scene document."""

    id: str
    name: str
    description: str
    category: str
    tags: list[str] = Field(default_factory=list)
    slots: list[TemplateSlot]
    document: SceneDocument

    @property
    def width(self) -> int:
        return self.document.canvas.width

    @property
    def height(self) -> int:
        return self.document.canvas.height

    def summary(self) -> dict[str, object]:
        """JSON for a template listing (no document)."""
        return {"id": self.id, "name": self.name, "description": self.description, "category": self.category,
                "tags": self.tags, "width": self.width, "height": self.height,
                "slots": [s.model_dump() for s in self.slots]}

    def check_required(self, text: dict[str, str], assets: dict[str, str]) -> None:
        """ValidationError naming each required slot the request leaves empty."""
        errors = []
        for slot in self.slots:
            bound = (text if slot.kind == "text" else assets).get(slot.name)
            if slot.required and bound is not None and not bound.strip():
                section = "text" if slot.kind == "text" else "assets"
                message = f"slot {slot.name!r} is required"
                errors.append({"field": f"bindings.{section}.{slot.name}", "message": message})
        if errors:
            raise ValidationError("Required template slots are empty", errors=errors)


def _document_or_id(value: Any) -> dict[str, Any] | str:
    """Accept an object (checked in full by `prepare`) or a template id; anything else is a 400 here."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise PydanticCustomError("template", "must be a template document (object) or a template id (string)")


TemplateField = Annotated[
    dict[str, Any] | str,
    PlainValidator(_document_or_id, json_schema_input_type=SceneDocument | str),
    Field(description="A template DSL document (docs/template-dsl.md; validated in full at submission, "
                      "errors name `template.<path>`), or the id of a shipped template (GET /render/templates)."),
]


class AdBindings(BaseModel):
    """Values for the template's slots; they override the document's own `bindings`."""

    text: dict[str, str] = Field(default_factory=dict, description="layer id or {{placeholder}} name → text")
    assets: dict[str, ImageRef] = Field(default_factory=dict, description="image layer id → image MediaRef")


class AdSize(BaseModel):
    """An output size; the layout is re-done at this size with the same proportions (not a pixel resize)."""

    width: int = Field(gt=0, description="px; at most MAX_CANVAS_PX")
    height: int = Field(gt=0, description="px; at most MAX_CANVAS_PX")


class AdRequestBase(JobOptions):
    """What both ad renders accept besides the template: bindings, size, format and where to write."""

    bindings: AdBindings = Field(default_factory=AdBindings)
    size: AdSize | None = Field(None, description="Re-render at this size (same layout proportions); "
                                                  "default: the template's canvas")
    format: AdFormat = Field("png", description="png (lossless), jpg (alpha flattened onto white) or webp")
    quality: int | None = Field(None, ge=1, le=100, description=f"1–100 for jpg/webp (default {DEFAULT_QUALITY}); "
                                                                "ignored for png")
    output_path: str | None = Field(None, max_length=4096, description="Also write the file here (under EXPORT_ROOTS)")
    overwrite: bool = Field(False, description="Replace an existing file at output_path")

    @property
    def resolved_quality(self) -> int:
        return self.quality if self.quality is not None else DEFAULT_QUALITY


class StaticAdRequest(AdRequestBase):
    """PRD §6.1.2 RenderStaticAdRequest: render a template (object or shipped id) with bindings."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "template": {
            "canvas": {"width": 1080, "height": 1080, "bgColor": "#F4EDE4"},
            "layers": [
                {"id": "photo", "type": "image", "x": 540, "y": 80, "width": 920, "height": 560, "anchor": "top",
                 "radius": 32},
                {"id": "headline", "type": "text", "text": "{{product}} for slow mornings", "x": 80, "y": 720,
                 "width": 920, "height": 170, "font": {"family": "Inter", "weight": 800},
                 "autoFit": {"min": 40, "max": 90}, "color": "#1E1410"},
                {"id": "cta", "type": "text", "text": "Shop now", "x": 1000, "y": 1000, "width": 300, "height": 70,
                 "anchor": "bottom-right", "align": "right", "font": {"size": 32, "weight": 700},
                 "color": "#FFFFFF", "background": {"color": "#1E1410", "padding": [18, 34], "radius": 35}},
            ],
        },
        "bindings": {"text": {"product": "Handmade mugs"}, "assets": {"photo": "https://example.com/media/mug.png"}},
        "size": {"width": 1200, "height": 628},
        "format": "webp",
        "quality": 85,
        "sync": True,
    }]})

    template: TemplateField


class AdTemplateRequest(AdRequestBase):
    """Render a shipped template by id (see GET /render/templates for ids and slots)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "template_id": "product-post",
        "bindings": {"text": {"headline": "Linen shirts", "price": "$49"},
                     "assets": {"photo": "https://example.com/shirt.jpg"}},
        "format": "png",
    }]})

    template_id: str = Field(pattern=TEMPLATE_ID_PATTERN, description="a shipped template's id")


class AdRenderResult(BaseModel):
    """The rendered picture and what the renderer noticed (e.g. a font family that fell back)."""

    output: OutputRef = Field(description="the picture: signed url, mime, width, height, size")
    format: AdFormat
    width: int
    height: int
    template_id: str | None = Field(None, description="the shipped template rendered, when one was")
    warnings: list[str] = Field(default_factory=list, description=(
        "render warnings (a font that fell back, text cut because it does not fit its box even at its smallest "
        "size, a picture upscaled past 1.25× its pixels); also in the job log"))


class TemplateSummary(BaseModel):
    """One shipped template in the listing."""

    id: str
    name: str
    description: str
    category: str
    tags: list[str]
    size: AdSize = Field(description="the template's canvas size")
    slots: list[TemplateSlot] = Field(description="what bindings may set: text slots go in bindings.text, "
                                                  "image slots in bindings.assets")
    preview_url: str = Field(description="GET (with an API key): a PNG of the template with its defaults, "
                                         "at most 540 px, rendered on first request and cached")


class TemplateDetail(TemplateSummary):
    """A shipped template with its document, so a client can start its own from it (POST /render/static-ad)."""

    document: SceneDocument


class TemplateList(BaseModel):
    templates: list[TemplateSummary]
