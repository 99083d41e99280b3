"""The shipped-template catalogue as the API shows it: listing, details and previews.

Previews are served by `GET /render/templates/{id}/preview` (not a signed /files URL, which would expire
and would put service files among job outputs): the PNG is rendered by the scene engine on the first
request into DATA_DIR/cache/template-previews/ and served from there afterwards. Its name carries a hash of
the template, so an edited template gets a fresh preview.
"""

from __future__ import annotations

from pathlib import Path

from media_service.capabilities.render.template_library import Template
from media_service.settings import Settings

from .documents import template_library
from .schemas import AdSize, TemplateDetail, TemplateList, TemplateSummary

__all__ = ["PREVIEW_MAX_SIDE", "get_template", "list_templates", "preview_dir", "template_preview"]

PREVIEW_MAX_SIDE = 540


def preview_dir(settings: Settings) -> Path:
    """Where rendered previews are kept."""
    return Path(settings.data_dir) / "cache" / "template-previews"


def _preview_url(settings: Settings, template_id: str) -> str:
    base = (settings.public_base_url or "").rstrip("/")
    return f"{base}{settings.api_prefix}/render/templates/{template_id}/preview"


def _summary(template: Template, settings: Settings) -> TemplateSummary:
    return TemplateSummary(id=template.id, name=template.name, description=template.description,
                           category=template.category, tags=template.tags,
                           size=AdSize(width=template.width, height=template.height), slots=template.slots,
                           preview_url=_preview_url(settings, template.id))


def list_templates(settings: Settings) -> TemplateList:
    """Every shipped template, sorted by id, without documents."""
    return TemplateList(templates=[_summary(t, settings) for t in template_library().list()])


def get_template(settings: Settings, template_id: str) -> TemplateDetail:
    """One template with its document; NotFoundError (404) for an unknown id."""
    template = template_library().get(template_id)
    return TemplateDetail(**_summary(template, settings).model_dump(), document=template.document)


def template_preview(settings: Settings, template_id: str) -> Path:
    """The template's preview PNG, rendered now if it is not cached yet; NotFoundError for an unknown id."""
    return template_library().preview(template_id, preview_dir(settings), max_side=PREVIEW_MAX_SIDE)
