"""The work of an ad job: fetch the pictures and fonts, render with the scene engine, hand out the file.

References are fetched first, each through `ctx.inputs` under the request field that supplied it, so a
download failure names `bindings.assets.photo` rather than a layer path; the engine then reads the local
files through `resolve_asset`. Render warnings (a font family that fell back …) go to the job log and
the result.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from media_service.engines.scene import render_image, render_to_file, with_size
from media_service.errors import ValidationError
from media_service.jobs import JobContext
from media_service.media import image_facts

from .documents import (
    AdDocument,
    asset_sites,
    source_fields,
    template_library,
    with_template_prefix,
)
from .schemas import AdRenderResult, AdRequestBase

__all__ = ["render_ad", "warm_up"]


def _fetch_assets(ctx: JobContext, ad: AdDocument, request: AdRequestBase) -> dict[str, Path]:
    """Every reference the render uses, as a local file keyed by the reference string."""
    sites = asset_sites(ad.document, request.bindings)
    if sites:
        ctx.log(f"fetching {len(sites)} asset(s): {', '.join(site.field for site in sites)}")
    files: dict[str, Path] = {}
    for index, site in enumerate(sites):
        if site.value in files:
            continue
        ctx.progress(0.5 * index / max(1, len(sites)), "fetching assets")
        ctx.raise_if_cancelled()
        files[site.value] = ctx.inputs.fetch(site.value, field=site.field, accepts=site.accepts)
    return files


def _stem(ad: AdDocument) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", ad.template_id or "ad").strip("-") or "ad"


def render_ad(ctx: JobContext, ad: AdDocument, request: AdRequestBase) -> AdRenderResult:
    """Render `ad` with the request's bindings, size and format; the picture becomes the job's output."""
    files = _fetch_assets(ctx, ad, request)

    def resolve(ref: str) -> Path:
        # Every reference was fetched above; one the engine asks for beyond those is a bug, not user input.
        return files[ref]

    ctx.progress(0.5, "rendering")
    ctx.raise_if_cancelled()
    out = ctx.workdir / f"{_stem(ad)}.{request.format}"
    size = (request.size.width, request.size.height) if request.size is not None else None
    started = time.perf_counter()
    try:
        info = render_to_file(ad.document, out, resolve_asset=resolve, bindings=request.bindings.model_dump(),
                              format=request.format, quality=request.resolved_quality, size=size,
                              max_side=ctx.settings.max_canvas_px)
    except ValidationError as exc:  # e.g. a picture that does not decode: name the field that supplied it
        raise with_template_prefix(exc, renames=source_fields(ad.document, request.bindings)) from None
    elapsed_ms = (time.perf_counter() - started) * 1000
    for warning in info.warnings:
        ctx.log(warning, level="warning")
    ctx.log(f"rendered {info.width}x{info.height} {info.format}, {info.bytes} bytes in {elapsed_ms:.0f} ms")
    ctx.progress(0.95, "saving")
    output = ctx.outputs.save(out, request=request, facts=image_facts(info.format, info.width, info.height))
    return AdRenderResult(output=output, format=request.format, width=info.width, height=info.height,
                          template_id=ad.template_id, warnings=info.warnings)


def warm_up() -> None:
    """Render every shipped template once at 64 px: fontconfig, ICU, the typefaces and skia's shaping caches
    get loaded in this process. cpu jobs run in children forked from a forkserver that imports the job
    modules once, so doing this there (~0.3 s) saves each render job as much (a first render in a fresh
    process costs ~0.35 s more than the next one)."""
    library = template_library()
    for template in library.list():
        render_image(with_size(library.document(template.id), 64, 64))
