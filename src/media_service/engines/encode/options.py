"""Encode settings: what a (format, quality) pair means for codecs, size and frame rate.

Everything an encoder needs is resolved here once, up front, into a frozen `EncodeSettings`, so the
sink and the writers never branch on user input again and a bad request fails before any file exists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, get_args

from media_service.errors import ValidationError

VideoFormat = Literal["mp4", "webm", "gif"]
Quality = Literal["preview", "production"]
FpsLike = int | float | Fraction | str

#: `preview` caps the short side here: small frames draw, convert and encode several times faster.
PREVIEW_MAX_SHORT_SIDE = 720
GIF_MAX_FPS = 15.0
GIF_MAX_WIDTH = 480
PREVIEW_GIF_MAX_FPS = 10.0
PREVIEW_GIF_MAX_WIDTH = 320

# x264 presets by name; libx264 rejects anything else with a cryptic error at open time.
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
                "veryslow", "placebo")


@dataclass(frozen=True)
class EncodeSettings:
    """A fully resolved encode: output size, exact frame rate and codec options.

    `design_width`/`design_height` is the coordinate space the drawer works in; the sink scales the
    canvas by `scale` so a drawer written for 1920x1080 draws unchanged into a 1280x720 preview.
    """

    format: VideoFormat
    quality: Quality
    design_width: int
    design_height: int
    width: int
    height: int
    fps: Fraction
    video_codec: str
    pix_fmt: str
    video_options: dict[str, str] = field(default_factory=dict)
    container_options: dict[str, str] = field(default_factory=dict)
    audio_codec: str | None = None
    audio_bit_rate: int = 0

    @property
    def scale(self) -> float:
        """Output pixels per design unit (1.0 unless the output was capped)."""
        return self.width / self.design_width


def parse_fps(fps: FpsLike) -> Fraction:
    """An exact frame rate: 30, 29.97, Fraction(30000, 1001) or "30000/1001"."""
    try:
        value = Fraction(fps) if not isinstance(fps, float) else Fraction(fps).limit_denominator(1001)
    except (ValueError, ZeroDivisionError, TypeError) as exc:
        raise ValidationError(f"fps {fps!r} is not a number", field="fps") from exc
    if not 0 < value <= 240:
        raise ValidationError(f"fps must be in (0, 240], got {fps!r}", field="fps")
    return value


def resolve_settings(*, width: int, height: int, fps: FpsLike, format: VideoFormat = "mp4",
                     quality: Quality = "production", preset: str | None = None, crf: int | None = None,
                     max_width: int | None = None, max_fps: float | None = None) -> EncodeSettings:
    """Validate a request and decide every codec knob; raise ValidationError naming the bad field."""
    if format not in get_args(VideoFormat):
        raise ValidationError(f"format must be one of {get_args(VideoFormat)}, got {format!r}", field="format")
    if quality not in get_args(Quality):
        raise ValidationError(f"quality must be one of {get_args(Quality)}, got {quality!r}", field="quality")
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, int) or not 16 <= value <= 8192:
            raise ValidationError(f"{name} must be an integer in [16, 8192], got {value!r}", field=name)
    if format != "gif" and (width % 2 or height % 2):
        # 4:2:0 chroma needs even sides; silently cropping a pixel would shift the drawer's layout.
        raise ValidationError(f"{format} output needs even width and height, got {width}x{height}",
                              field="width" if width % 2 else "height")
    rate = parse_fps(fps)
    if format == "gif":
        return _gif_settings(width, height, rate, quality, max_width, max_fps)
    if max_fps is not None:
        rate = min(rate, parse_fps(max_fps))
    out_w, out_h = width, height
    if quality == "preview":
        out_w, out_h = _fit(width, height, short_side=PREVIEW_MAX_SHORT_SIDE)
    if max_width is not None and out_w > max_width:
        out_w, out_h = _fit(out_w, out_h, max_width=max_width)
    if format == "mp4":
        return EncodeSettings(format=format, quality=quality, design_width=width, design_height=height, width=out_w,
                              height=out_h, fps=rate, pix_fmt="yuv420p", video_codec="libx264",
                              video_options=_x264_options(quality, preset, crf),
                              container_options={"movflags": "+faststart"}, audio_codec="aac",
                              audio_bit_rate=192_000 if quality == "production" else 128_000)
    return EncodeSettings(format=format, quality=quality, design_width=width, design_height=height, width=out_w,
                          height=out_h, fps=rate, pix_fmt="yuv420p", video_codec="libvpx-vp9",
                          video_options=_vp9_options(quality, preset, crf, out_w), audio_codec="libopus",
                          audio_bit_rate=128_000 if quality == "production" else 96_000)


def _x264_options(quality: Quality, preset: str | None, crf: int | None) -> dict[str, str]:
    chosen = preset or ("medium" if quality == "production" else "ultrafast")
    if chosen not in X264_PRESETS:
        raise ValidationError(f"preset must be one of {X264_PRESETS}, got {preset!r}", field="preset")
    value = _check_crf(crf, default=23 if quality == "production" else 28, top=51)
    return {"preset": chosen, "crf": str(value)}


def _vp9_options(quality: Quality, preset: str | None, crf: int | None, width: int) -> dict[str, str]:
    # libvpx has no x264-style presets; "preset" picks cpu-used (0 slowest .. 8 fastest) instead.
    # Measured on the ref clip at 1080p, 2 cores: deadline "good" cost ~70 ms of CPU a frame at any cpu-used,
    # "realtime" at cpu-used 5 ~21 ms for the same file size and PSNR within 0.1 dB. row-mt and tile
    # columns are what let libvpx use more than one core at all.
    speed = 5 if quality == "production" else 8
    if preset is not None:
        if not (preset.isdigit() and 0 <= int(preset) <= 8):
            raise ValidationError(f"webm preset is libvpx cpu-used 0..8, got {preset!r}", field="preset")
        speed = int(preset)
    value = _check_crf(crf, default=32 if quality == "production" else 40, top=63)
    tiles = max(0, min(2, int(math.log2(max(1, width // 256)))))
    return {"deadline": "realtime", "cpu-used": str(speed), "crf": str(value), "b": "0", "row-mt": "1",
            "tile-columns": str(tiles)}


def _check_crf(crf: int | None, *, default: int, top: int) -> int:
    if crf is None:
        return default
    if not isinstance(crf, int) or not 0 <= crf <= top:
        raise ValidationError(f"crf must be an integer in [0, {top}], got {crf!r}", field="crf")
    return crf


def _gif_settings(width: int, height: int, rate: Fraction, quality: Quality, max_width: int | None,
                  max_fps: float | None) -> EncodeSettings:
    cap_w = max_width or (GIF_MAX_WIDTH if quality == "production" else PREVIEW_GIF_MAX_WIDTH)
    cap_fps = max_fps or (GIF_MAX_FPS if quality == "production" else PREVIEW_GIF_MAX_FPS)
    out_w, out_h = _fit(width, height, max_width=cap_w) if width > cap_w else (width, height)
    out_rate = min(rate, parse_fps(cap_fps))
    return EncodeSettings(format="gif", quality=quality, design_width=width, design_height=height, width=out_w,
                          height=out_h, fps=out_rate, video_codec="gif", pix_fmt="pal8")


def _fit(width: int, height: int, *, short_side: int | None = None, max_width: int | None = None) -> tuple[int, int]:
    """Scale down to a cap, keeping the aspect ratio and even sides (4:2:0 and GIF alike are happier)."""
    ratio = 1.0
    if short_side is not None:
        ratio = min(ratio, short_side / min(width, height))
    if max_width is not None:
        ratio = min(ratio, max_width / width)
    if ratio >= 1.0:
        return width, height
    return max(2, 2 * round(width * ratio / 2)), max(2, 2 * round(height * ratio / 2))
