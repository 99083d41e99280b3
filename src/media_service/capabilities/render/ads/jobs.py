"""Static-ad job types (queue `cpu`): `render.static_ad` (a template object or id) and `render.ad_template`
(a shipped template by id). Submission validates everything knowable (`checks.py`); the handler fetches
the media, renders with the scene engine and returns the picture as an OutputRef (`service.py`).
"""

from __future__ import annotations

from media_service.jobs import JobContext, job_type

from .catalog import template_library
from .checks import prepare_ad_template, prepare_static_ad
from .schemas import AdRenderResult, AdRequestBase, AdTemplateRequest, StaticAdRequest
from .service import AdDocument, load_ad_document, render_ad, warm_up

__all__ = ["render_ad_template", "render_static_ad"]

_TIMEOUT = 120.0

def _estimate(request: AdRequestBase) -> float:
    """About 0.1 s per megapixel drawn and encoded, plus fetching; a render is well under a second."""
    pixels = request.size.width * request.size.height if request.size is not None else 1080 * 1080
    return round(0.2 + 0.1 * pixels / 1e6, 2)


# warm_up: the forkserver renders each template small once, so a job does not pay ~0.5 s of font and cache set-up.
@job_type("render.static_ad", request=StaticAdRequest, result=AdRenderResult, queue="cpu", warm_up=warm_up,
          default_timeout_sec=_TIMEOUT, estimate=_estimate, prepare=prepare_static_ad,
          summary="Render a static ad from a template (object or shipped id) with text and image bindings")
def render_static_ad(ctx: JobContext, request: StaticAdRequest) -> AdRenderResult:
    """Render the request's template (validated and normalised at submission)."""
    ctx.progress(0.0, "loading template")
    ad = load_ad_document(request.template, max_side=ctx.settings.max_canvas_px)
    return render_ad(ctx, ad, request)


@job_type("render.ad_template", request=AdTemplateRequest, result=AdRenderResult, queue="cpu", warm_up=warm_up,
          default_timeout_sec=_TIMEOUT, estimate=_estimate, prepare=prepare_ad_template,
          summary="Render a shipped ad template by id with text and image bindings")
def render_ad_template(ctx: JobContext, request: AdTemplateRequest) -> AdRenderResult:
    """Render the shipped template `template_id`."""
    ctx.progress(0.0, "loading template")
    library = template_library()
    ad = AdDocument(library.document(request.template_id), library.get(request.template_id))
    return render_ad(ctx, ad, request)
