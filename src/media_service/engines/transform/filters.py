"""The FFmpeg filter chains behind each local transform, and the output size a resolution name means.

`upscale`: Lanczos scaling to the target's short side (720p → 720, 1080p → 1080, 4K → 2160, aspect kept,
even sides), then an unsharp mask on luma (amount 0.3 + 0.9·strength) to restore the edge contrast
interpolation softens; its window grows with the scale ratio (5×5 at 2×, up to 13×13 at 4× and
beyond), since the softened edges are that much wider. `denoise`: `fftdnoiz` (frequency-domain, sigma 2 + 18·strength; the default: fast)
or `nlmeans` (non-local means, s 1 + 9·strength; several times slower, better on fine texture).
FFmpeg's `hqdn3d` is not in PyAV's bundled (LGPL-filter) build, so it is not offered.
"""

from __future__ import annotations

from typing import Literal, get_args

from media_service.errors import ValidationError

__all__ = ["DENOISE_METHODS", "RESOLUTIONS", "DenoiseMethod", "Operation", "Resolution", "chain", "target_size"]

Operation = Literal["upscale", "denoise"]
Resolution = Literal["720p", "1080p", "4K"]
DenoiseMethod = Literal["fftdnoiz", "nlmeans"]
RESOLUTIONS: dict[Resolution, int] = {"720p": 720, "1080p": 1080, "4K": 2160}
DENOISE_METHODS: tuple[DenoiseMethod, ...] = get_args(DenoiseMethod)


def target_size(width: int, height: int, resolution: Resolution) -> tuple[int, int]:
    """The output size for `resolution`: the short side at its line count, the aspect kept, sides even."""
    if resolution not in RESOLUTIONS:
        raise ValidationError(f"output_resolution must be one of {', '.join(RESOLUTIONS)}", field="output_resolution")
    short = RESOLUTIONS[resolution]
    ratio = short / min(width, height)
    return max(2, 2 * round(width * ratio / 2)), max(2, 2 * round(height * ratio / 2))


def chain(operation: Operation, *, size: tuple[int, int] | None, strength: float,
          method: DenoiseMethod = "fftdnoiz", ratio: float = 1.0) -> list[tuple[str, str]]:
    """The (filter, arguments) steps for one operation."""
    if not 0.0 <= strength <= 1.0:
        raise ValidationError("strength must be between 0 and 1", field="strength")
    if operation == "upscale":
        assert size is not None
        amount = 0.3 + 0.9 * strength
        window = min(13, max(5, 2 * round(1.5 * ratio) + 1))
        return [("scale", f"{size[0]}:{size[1]}:flags=lanczos"),
                ("unsharp", f"luma_msize_x={window}:luma_msize_y={window}:luma_amount={amount:.3f}")]
    if operation == "denoise":
        if method == "nlmeans":
            return [("nlmeans", f"s={1 + 9 * strength:.3f}")]
        if method == "fftdnoiz":
            return [("fftdnoiz", f"sigma={2 + 18 * strength:.3f}")]
        raise ValidationError(f"method must be one of {', '.join(DENOISE_METHODS)}", field="method")
    raise ValidationError(f"unknown local transform {operation!r}", field="enhancement_type")
