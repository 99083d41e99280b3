"""The video model catalogue: every model we can route a clip to, what it can make, and the checks a request
passes before a job exists (a 400 naming the field and the model's limit).

    model = video_model("wan-2.2", field="model")          # unknown → 400 naming `field`, listing the names
    model.check(mode="i2v", duration=8, size="720x1280")     # 400 naming duration_seconds / size / image
    vendor_id = model.vendor_model(settings, mode="i2v")     # the vendor's model id or Replicate version

Capabilities come from providers.md §3.3 (Veo: 4/6/8 s, 720p/1080p, 9:16 or 16:9, always with audio),
§4 (GeminiGen Veo: 8 s clips), §6 plus the models' Replicate pages (Mochi 1: 848×480 at 30 fps, ~5.4 s;
Wan 2.2: 480p/720p, 5 s at 16 fps, no audio). Prices are not published in providers.md: `None` says so.
"""

from __future__ import annotations

import math

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from media_service.errors import ValidationError
from media_service.settings import Settings

__all__ = ["LOCAL_VIDEO_MODEL", "MODES", "Mode", "VIDEO_MODELS", "VideoModel", "video_model"]

Mode = Literal["t2v", "i2v", "v2v"]
MODES: dict[Mode, str] = {"t2v": "text-to-video", "i2v": "image-to-video", "v2v": "video-to-video"}
LOCAL_VIDEO_MODEL = "local"
_PORTRAIT_LANDSCAPE_720 = ("720x1280", "1280x720")
_PORTRAIT_LANDSCAPE_1080 = ("1080x1920", "1920x1080")


@dataclass(frozen=True, slots=True)
class VideoModel:
    """One model. `durations` are the lengths it makes (None: any length from `min_duration` to
    `max_duration`); `long_sizes` are sizes allowed only at the longest duration (Veo's 1080p)."""

    name: str
    provider: str
    modes: tuple[Mode, ...]
    sizes: tuple[str, ...]
    fps: tuple[int, ...]
    audio: bool
    durations: tuple[float, ...] | None = None
    min_duration: float = 0.5
    max_duration: float = 60.0
    long_sizes: tuple[str, ...] = ()
    price_per_second_usd: float | None = None
    vendor: Callable[[Settings, Mode], str] = field(default=lambda _s, _m: "", repr=False)
    description: str = ""

    def vendor_model(self, settings: Settings, mode: Mode) -> str:
        """The vendor's model id (or Replicate version) for `mode`, from settings."""
        return self.vendor(settings, mode)

    def check(self, *, mode: Mode, duration: float, size: str, fields: dict[str, str] | None = None) -> None:
        """Refuse what the model cannot make: a 400 naming the request's field and the model's limit."""
        names = {"mode": "image", "duration": "duration_seconds", "size": "size", **(fields or {})}
        if mode not in self.modes:
            need = "needs an image (image-to-video only)" if self.modes == ("i2v",) else \
                "makes " + " and ".join(MODES[m] for m in self.modes)
            raise ValidationError(f"model {self.name!r} {need}; asked for {MODES[mode]}", field=names["mode"])
        if self.durations is not None and not any(abs(duration - d) < 1e-6 for d in self.durations):
            allowed = ", ".join(f"{d:g}" for d in self.durations)
            raise ValidationError(f"model {self.name!r} makes clips of {allowed} s; asked for {duration:g} s",
                                  field=names["duration"])
        if self.durations is None and not self.min_duration <= duration <= self.max_duration:
            raise ValidationError(f"model {self.name!r} makes {self.min_duration:g} to {self.max_duration:g} s; "
                                  f"asked for {duration:g} s", field=names["duration"])
        if size not in self.sizes + self.long_sizes:
            raise ValidationError(f"model {self.name!r} makes {', '.join(self.sizes + self.long_sizes)}; asked for "
                                  f"{size}", field=names["size"])
        if size in self.long_sizes and self.durations and duration != max(self.durations):
            raise ValidationError(f"model {self.name!r} makes {size} only at {max(self.durations):g} s",
                                  field=names["size"])

    @property
    def longest(self) -> float:
        """The longest clip the model makes in one request."""
        return max(self.durations) if self.durations else self.max_duration

    def parts_for(self, duration: float) -> list[float]:
        """Clip lengths this model makes that together cover `duration` (`allow_extend`): the longest clip as
        often as it fits, then the shortest length that covers the rest (a model with a range: equal parts)."""
        if duration <= self.longest + 1e-6:
            return [duration]
        if self.durations is None:
            count = math.ceil(duration / self.longest - 1e-9)
            return [round(duration / count, 3)] * count
        parts: list[float] = []
        left = duration
        while left > self.longest + 1e-6:
            parts.append(self.longest)
            left -= self.longest
        parts.append(min((d for d in self.durations if d >= left - 1e-6), default=self.longest))
        return parts

    def estimated_cost(self, duration: float) -> float | None:
        """US dollars for `duration` seconds where a price is published."""
        return None if self.price_per_second_usd is None else round(self.price_per_second_usd * duration, 4)

    def describe(self) -> dict[str, Any]:
        """The catalogue entry as `/video/models` shows it (the caller adds configured/setting)."""
        return {"name": self.name, "provider": self.provider, "description": self.description,
                "modes": [MODES[m] for m in self.modes], "audio": self.audio,
                "durations_seconds": list(self.durations) if self.durations is not None else
                {"min": self.min_duration, "max": self.max_duration},
                "sizes": list(self.sizes + self.long_sizes), "fps": list(self.fps),
                "price_per_second_usd": self.price_per_second_usd}


def _wan(settings: Settings, mode: Mode) -> str:
    return settings.replicate_wan_i2v_version if mode == "i2v" else settings.replicate_wan_t2v_version


VIDEO_MODELS: dict[str, VideoModel] = {m.name: m for m in (
    VideoModel("veo-3.1", "gemini", ("t2v", "i2v"), _PORTRAIT_LANDSCAPE_720, (24,), True, durations=(4, 6, 8),
               long_sizes=_PORTRAIT_LANDSCAPE_1080, vendor=lambda s, _m: s.gemini_video_model,
               description="Google Veo 3.1 through the Gemini API (GEMINI_VIDEO_MODEL); generates audio"),
    VideoModel("veo-3.1-geminigen", "geminigen", ("t2v", "i2v"), _PORTRAIT_LANDSCAPE_720, (24,), True,
               durations=(8,), long_sizes=_PORTRAIT_LANDSCAPE_1080, vendor=lambda s, _m: s.geminigen_video_model,
               description="Veo through GeminiGen (the Sparkfluence backend's provider, GEMINIGEN_VIDEO_MODEL); "
                           "narration from the prompt"),
    VideoModel("mochi-1", "replicate", ("t2v",), ("848x480",), (30,), False, durations=(5.4,),
               vendor=lambda s, _m: s.replicate_mochi_version,
               description="Genmo Mochi 1 on Replicate (REPLICATE_MOCHI_VERSION); text-to-video, no audio"),
    VideoModel("wan-2.2", "replicate", ("t2v", "i2v"), ("832x480", "480x832", "1280x720", "720x1280"), (16,), False,
               durations=(5,), vendor=_wan,
               description="Wan 2.2 on Replicate (REPLICATE_WAN_T2V_VERSION / REPLICATE_WAN_I2V_VERSION); no audio"),
    VideoModel(LOCAL_VIDEO_MODEL, "local", ("i2v",), ("512x512", "768x512", "512x768", "720x1280", "1280x720",
               "1080x1920", "1920x1080"), tuple(range(1, 61)), False, min_duration=0.5, max_duration=60.0,
               price_per_second_usd=0.0,
               description="The local motion engine: a still image moved by a motion template (offline)"),
)}


def video_model(name: str, *, field: str = "model") -> VideoModel:
    """The catalogue entry `name`; an unknown name is a 400 naming `field` and listing the models."""
    model = VIDEO_MODELS.get(name)
    if model is None:
        raise ValidationError(f"unknown video model {name!r}; one of {', '.join(VIDEO_MODELS)}", field=field)
    return model
