"""GET /video/models: every video model, local ones included, configured or not, with what to set."""

from __future__ import annotations

from typing import Any

from media_service.providers import ENHANCERS, LOCAL_VIDEO_MODEL, VIDEO_MODELS, registry_for
from media_service.settings import Settings

from .checks import RETIREMENT
from .schemas import ModelEntry, ModelList, TransformModelEntry

__all__ = ["ENDPOINTS", "model_list"]

#: Where each model is used (the Sora route adds its fallback; generate-videos its default model).
ENDPOINTS: dict[str, list[str]] = {
    "veo-3.1": ["/video/image-to-video", "/functions/v1/generate-videos"],
    "veo-3.1-geminigen": ["/video/image-to-video", "/functions/v1/generate-videos"],
    "mochi-1": ["/video/mochi"],
    "wan-2.2": ["/video/wan2", "/video/image-to-video"],
    LOCAL_VIDEO_MODEL: ["/video/image-to-video", "/functions/v1/generate-videos"],
}


def model_list(settings: Settings) -> ModelList:
    """The catalogue with each model's configuration state, vendor ids and endpoints."""
    registry = registry_for(settings)
    fallback = (settings.sora_fallback_model or "").strip() or None
    entries = []
    for model in VIDEO_MODELS.values():
        local = model.provider == "local"
        setting = None if local else registry.spec("video", model.provider).setting
        endpoints = ENDPOINTS.get(model.name, []) + (["/video/sora"] if model.name == fallback else [])
        entries.append(ModelEntry(**model.describe(), configured=local or registry.configured("video",
                                                                                                  model.provider),
                                  setting=setting, endpoints=endpoints,
                                  provider_models={} if local else {m: model.vendor_model(settings, m)
                                                                    for m in model.modes}))
    sora: dict[str, Any] = {"name": "sora-2", "retired": "2026-09-24", "message": RETIREMENT,
                            "routed_to": fallback, "setting": "SORA_FALLBACK_MODEL"}
    replicate = registry.configured("video", "replicate")
    transforms = [TransformModelEntry(name="local", provider="local", operations=["upscale", "denoise"],
                                      configured=True, setting=None)]
    transforms += [TransformModelEntry(name=e.name, provider="replicate", operations=list(e.operations),
                                       configured=replicate, setting="REPLICATE_API_TOKEN",
                                       provider_model=str(getattr(settings, e.setting))) for e in ENHANCERS.values()]
    return ModelList(models=entries, sora=sora, transform_models=transforms)
