"""The transform engine: local video-to-video transforms (PRD §6.3.3) through PyAV's FFmpeg filters.

    result = transform_video("in.mp4", "out.mp4", operation="upscale", resolution="1080p", strength=0.5)
    result = transform_video("in.mp4", "clean.mp4", operation="denoise", strength=0.6, method="nlmeans")

Local where honest: `upscale` (Lanczos + unsharp) and `denoise` (fftdnoiz or nlmeans). Colorize, style
transfer and super-resolution need models and are not here. The input's audio is copied unchanged;
motion is preserved by construction (every input frame gives exactly one output frame, same timing).
Errors: ValidationError naming output_resolution / strength / method, UnsupportedMediaError for an
unreadable video (field `video`), JobCancelledError from `cancelled()`. No partial output is left.
"""

from .filters import DENOISE_METHODS, RESOLUTIONS, DenoiseMethod, Operation, Resolution, chain, target_size
from .run import TransformResult, transform_video

__all__ = ["DENOISE_METHODS", "RESOLUTIONS", "DenoiseMethod", "Operation", "Resolution", "TransformResult", "chain",
           "target_size", "transform_video"]
