"""Brief formats: a PRD ContentBrief compiled by its format into a Timeline and rendered by the video engine.

- schemas.py     ContentBrief (typed section contents), StyleConfig, VideoSettings, AudioConfig, the requests
                 (RenderBriefRequest, GeneratorInput, BatchRenderRequest) and results;
- themes/        dark / light / neon / minimal: palettes and type, with the brief's colour and font overrides;
- formats/       one compiler per format (explainer_v1, listicle_v1, comparison_v1, shorts_v1, devvlog_v1),
                 the layout, motion and code-window helpers they share, and generator.py: GeneratorInput →
                 ContentBrief (POST /render/explainer, batches);
- service.py     submission checks, the render step every brief handler shares, and BRIEF_INPUT (what
                 `media-service render FILE` accepts of briefs);
- batch.py       batches: a coordinating job and its child jobs (ctx.jobs), and their view;
- catalog.py     GET /render/formats and the cached preview pictures;
- jobs.py        render.brief, render.explainer, render.batch-item (cpu), render.batch (io); router.py.
"""

from .formats import FORMATS, compile_brief, example_brief
from .formats.generator import brief_from_input
from .schemas import ContentBrief, GeneratorInput, RenderBriefRequest

__all__ = ["FORMATS", "ContentBrief", "GeneratorInput", "RenderBriefRequest", "brief_from_input", "compile_brief",
           "example_brief"]
