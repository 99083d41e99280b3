"""Cloud providers behind small per-capability Protocols, one registry and one HTTP policy.

    registry = build_registry(settings)                  # start-up; `registry.close()` at shutdown
    name = registry.image_provider_for(request.provider) # checked; 503 naming the variable when unset
    image = registry.image(name).generate(ImageRequest(prompt, 1024, 1024), workdir / "img", cancelled=...)

- `http.py`: timeouts, the retry table (providers.md §0), polling, magic-byte-checked downloads, egress;
- `errors.py`: the shared failure set every vendor maps to (PROVIDER_ERROR / SERVICE_UNAVAILABLE);
- `protocols.py`: `ImageProvider` and the values it exchanges; `registry.py` / `build.py`: names → adapters;
- vendors: `openai.py`, `gemini.py`, `huggingface.py`, `replicate.py`; `local.py` draws title cards offline;
- video: `video.py` (`VideoProvider`), `video_models.py` (the model catalogue and its request checks),
  `veo.py` (Veo on the Gemini API), `geminigen.py` (GeminiGen Veo), `replicate_video.py` (Mochi, Wan).
- stock search: `stock.py` (`StockSource`, query/result values, the TTL cache), `pexels.py`, `pixabay.py`.
- meme sources: `memes.py` (`MemeSource`, `MemeTemplate`), `imgflip.py`, `giphy.py`.
- publishing: `publishing.py` (`Publisher`, `Post`, `Published`), `youtube_upload.py`, `tiktok.py`, `instagram.py`,
  `oauth.py` (access tokens refreshed once), `publish_build.py` (their registry specs).
"""

from .build import build_registry, registry_for
from .errors import (
    ProviderAuthError,
    ProviderError,
    ProviderNotConfiguredError,
    ProviderQuotaError,
    ProviderRejectedError,
    ProviderRetryableError,
    ProviderUnavailableError,
)
from .http import Endpoint, PollSchedule, ProviderHttp, SavedMedia, VendorError
from .memes import MemePage, MemeSource, MemeTemplate
from .replicate_enhance import ENHANCERS, EnhanceSettings, Enhancer
from .protocols import ASPECT_RATIOS, GeneratedImage, ImageProvider, ImageRequest, UnsupportedSize, nearest_aspect
from .publishing import PLATFORMS, Platform, Post, Published, Publisher
from .registry import ProviderInfo, ProviderRegistry, ProviderSpec
from .stock import StockItem, StockPage, StockQuery, StockSource, orientation_of
from .video import GeneratedVideo, VideoProgress, VideoProvider, VideoRequest
from .video_models import LOCAL_VIDEO_MODEL, VIDEO_MODELS, VideoModel, video_model

__all__ = [
    "ASPECT_RATIOS",
    "PLATFORMS",
    "Platform",
    "Post",
    "Published",
    "Publisher",
    "ENHANCERS",
    "EnhanceSettings",
    "Enhancer",
    "Endpoint",
    "MemePage",
    "MemeSource",
    "MemeTemplate",
    "GeneratedVideo",
    "LOCAL_VIDEO_MODEL",
    "GeneratedImage",
    "ImageProvider",
    "ImageRequest",
    "PollSchedule",
    "ProviderAuthError",
    "ProviderError",
    "ProviderHttp",
    "ProviderInfo",
    "ProviderNotConfiguredError",
    "ProviderQuotaError",
    "ProviderRegistry",
    "ProviderRejectedError",
    "ProviderRetryableError",
    "ProviderSpec",
    "ProviderUnavailableError",
    "SavedMedia",
    "StockItem",
    "StockPage",
    "StockQuery",
    "StockSource",
    "UnsupportedSize",
    "VIDEO_MODELS",
    "VendorError",
    "VideoModel",
    "VideoProgress",
    "VideoProvider",
    "VideoRequest",
    "build_registry",
    "nearest_aspect",
    "orientation_of",
    "registry_for",
    "video_model",
]
