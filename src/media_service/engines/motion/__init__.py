"""The motion engine: image-to-video with the PRD's motion templates, all local (skia + the encode engine).

    motion = match_template(None, "slow push in toward the product")   # Match(template="zoomIn", ...)
    result = animate_image("photo.jpg", "clip.mp4", motion=motion, width=1080, height=1920, fps=24,
                           duration_seconds=5, quality="balanced", progress=report, cancelled=stop)

Templates: panLeft, panRight, zoomIn, zoomOut, parallax (a documented saliency split, no model), floating,
shimmer, productShowcase; see templates.py for the camera paths and the prompt matching, parallax.py for
the foreground split, render.py for the sub-pixel drawing and the quality tiers.
Errors: ValidationError naming duration_seconds / fps / resolution / quality, UnsupportedMediaError for a
picture skia cannot decode (field `image`), JobCancelledError from `cancelled()`.
"""

from .parallax import foreground_mask, split_layers
from .render import QUALITY, MotionQuality, MotionResult, Tier, animate_image, view_matrix
from .templates import (DESCRIPTIONS, GENTLE, KEYWORDS, TEMPLATES, Match, TemplateName, View, match_template,
                        sweep_at, views_at)

__all__ = [
    "DESCRIPTIONS", "GENTLE", "KEYWORDS", "QUALITY", "TEMPLATES", "Match", "MotionQuality", "MotionResult",
    "TemplateName", "Tier", "View", "animate_image", "foreground_mask", "match_template", "split_layers",
    "sweep_at", "view_matrix", "views_at",
]
