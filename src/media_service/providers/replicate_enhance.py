"""The Replicate models `/video/transform` routes to (PRD §6.3.3; issue 16): what each takes and makes.

Each is a community model run by version (a setting), with its own input names, read from the model's API
schema on replicate.com:

    real-esrgan      lucataco/real-esrgan-video   video_path, resolution FHD|2k|4k, model RealESRGAN_x4plus
    gfpgan           pbarker/gfpgan-video         video, scale 2|4, version v1.4          (faces restored)
    deoldify         arielreplicate/deoldify_video input_video, render_factor 7–40         (colour)
    lcm-video2video  fofr/lcm-video2video         video, prompt, prompt_strength, max_width (style)

The video travels as a base64 data: URI (up to `MAX_INLINE_BYTES`) or, when the caller gave a public http(s)
URL, as that URL (Replicate fetches it). Every model answers one video URL; `run_prediction` follows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["ENHANCERS", "MAX_INLINE_BYTES", "Enhancer", "EnhanceSettings"]

MAX_INLINE_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class EnhanceSettings:
    """What a request asks of an enhancement model."""

    resolution: str  # 720p | 1080p | 4K
    strength: float  # 0–1
    style_prompt: str | None


@dataclass(frozen=True, slots=True)
class Enhancer:
    """One model: the setting holding its version, the input its video goes in, what it does, its other inputs."""

    name: str
    setting: str
    video_input: str
    operations: tuple[str, ...]
    inputs: Callable[[EnhanceSettings], dict[str, Any]]
    needs_prompt: bool = False


def _esrgan(s: EnhanceSettings) -> dict[str, Any]:
    return {"resolution": "4k" if s.resolution == "4K" else "FHD", "model": "RealESRGAN_x4plus"}


def _gfpgan(s: EnhanceSettings) -> dict[str, Any]:
    return {"scale": 4 if s.resolution == "4K" else 2, "version": "v1.4"}


def _deoldify(s: EnhanceSettings) -> dict[str, Any]:
    return {"render_factor": round(7 + 28 * s.strength)}  # 0.5 → 21, the model's default


def _video2video(s: EnhanceSettings) -> dict[str, Any]:
    width = {"720p": 1280, "1080p": 1920, "4K": 1920}.get(s.resolution, 1280)
    return {"prompt": s.style_prompt or "", "prompt_strength": round(0.2 + 0.7 * s.strength, 3), "max_width": width,
            "extract_all_frames": True, "return_frames": False}


ENHANCERS: dict[str, Enhancer] = {e.name: e for e in (
    Enhancer("real-esrgan", "replicate_esrgan_version", "video_path", ("super-resolution", "upscale"), _esrgan),
    Enhancer("gfpgan", "replicate_gfpgan_version", "video", ("super-resolution", "upscale", "denoise"), _gfpgan),
    Enhancer("deoldify", "replicate_deoldify_version", "input_video", ("colorize",), _deoldify),
    Enhancer("lcm-video2video", "replicate_video2video_version", "video", ("style-transfer",), _video2video,
             needs_prompt=True),
)}
"""By the `model` name a transform request uses."""
