"""One registry maps provider names to implementations; nothing outside `providers/` switches on a vendor.

    registry = build_registry(settings)
    registry.image("openai")            # an ImageProvider, or ProviderNotConfiguredError naming OPENAI_API_KEY
    registry.speech("elevenlabs")       # a SpeechProvider (the capability owns its chain: TTS_PROVIDER_CHAIN)
    registry.image_provider_for(None)   # the first configured in IMAGE_PROVIDER_ORDER (local last by default)
    registry.text(registry.text_provider_for(None))  # a TextProvider: first configured in TEXT_PROVIDER_ORDER
    registry.stock("pexels")            # a StockSource (photo/video search); 503 naming PEXELS_API_KEY if unset
    registry.describe()                 # every provider: configured or not, what to set, base URL, models
    registry.video("replicate")         # a VideoProvider (Veo on Gemini, GeminiGen, Replicate predictions)
    registry.publisher("youtube")       # a Publisher (YouTube, TikTok, Instagram); 503 naming what to set
    registry.avatar("infinitetalk")     # an AvatarProvider (InfiniteTalk on Modal; sadtalker, wav2lip on Replicate)
    registry.avatar_trainer()           # the AvatarTrainer (the Modal avatar endpoint)
    registry.music("jamendo")           # a MusicSource (Jamendo, Freesound); 503 naming JAMENDO_CLIENT_ID if unset

Adapters are built on first use (one shared `ProviderHttp` per vendor) and closed by `close()`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from media_service.errors import ValidationError

from .avatar import AvatarProvider, AvatarTrainer
from .errors import ProviderNotConfiguredError
from .memes import MemeSource
from .music import MusicSource
from .protocols import ImageProvider, SpeechProvider
from .publishing import Publisher
from .stock import StockSource
from .text import TextProvider
from .transcription import Transcriber
from .video import VideoProvider
from .youtube import YouTubeData

__all__ = ["ProviderInfo", "ProviderRegistry", "ProviderSpec"]

Kind = Literal["avatar", "image", "meme", "metadata", "music", "publish", "speech", "stock", "text",
               "transcription", "video"]


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    """How to build one provider for one capability kind. `setting` is the variable that enables it
    (None for local engines); `build` is called once, when the provider is first used."""

    name: str
    kind: Kind
    configured: bool
    build: Callable[[], Any] = field(repr=False)
    setting: str | None = None
    base_url: str | None = None
    model: str | None = None
    close: Callable[[Any], None] | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """What `/image/providers`, `/capabilities` and `/health/ready` say about a provider."""

    name: str
    kind: Kind
    configured: bool
    local: bool
    setting: str | None
    base_url: str | None
    model: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "configured": self.configured, "local": self.local,
                "setting": self.setting, "base_url": self.base_url, "model": self.model}


class ProviderRegistry:
    """Provider specs by kind and name, built lazily and thread-safely."""

    def __init__(self, specs: Iterable[ProviderSpec], *, image_order: Iterable[str] = (),
                 text_order: Iterable[str] = ()) -> None:
        self._specs: dict[tuple[Kind, str], ProviderSpec] = {(s.kind, s.name): s for s in specs}
        self._built: dict[tuple[Kind, str], Any] = {}
        self._lock = threading.Lock()
        self._orders: dict[Kind, tuple[str, ...]] = {"image": self._order("image", image_order),
                                                     "text": self._order("text", text_order)}
        self.image_order = self._orders["image"]

    def _order(self, kind: Kind, preferred: Iterable[str]) -> tuple[str, ...]:
        known = [n for n in preferred if (kind, n) in self._specs]
        return tuple(known + [k[1] for k in self._specs if k[0] == kind and k[1] not in known])

    def names(self, kind: Kind) -> list[str]:
        """Every provider of `kind`, configured or not, in preference order."""
        return list(self._orders.get(kind, ())) or [k[1] for k in self._specs if k[0] == kind]

    def spec(self, kind: Kind, name: str, *, field: str = "provider") -> ProviderSpec:
        """The spec of `name`; an unknown name is a 400 naming `field` and listing the known ones."""
        spec = self._specs.get((kind, name))
        if spec is None:
            raise ValidationError(f"unknown {kind} provider {name!r}; one of {', '.join(self.names(kind))}",
                                  field=field)
        return spec

    def ensure_configured(self, kind: Kind, name: str, *, field: str = "provider") -> ProviderSpec:
        """The spec when it can be used; 503 naming the variable to set when it cannot."""
        spec = self.spec(kind, name, field=field)
        if not spec.configured:
            raise ProviderNotConfiguredError(name, spec.setting or name)
        return spec

    def image(self, name: str) -> ImageProvider:
        """The image provider `name`, built on first use."""
        provider: ImageProvider = self._get("image", name)
        return provider

    def speech(self, name: str) -> SpeechProvider:
        """The speech provider `name`, built on first use."""
        provider: SpeechProvider = self._get("speech", name)
        return provider

    def video(self, name: str) -> VideoProvider:
        """The video provider `name`, built on first use."""
        provider: VideoProvider = self._get("video", name)
        return provider

    def publisher(self, name: str) -> Publisher:
        """The publishing platform `name` (youtube, tiktok, instagram), built on first use."""
        provider: Publisher = self._get("publish", name)
        return provider

    def avatar(self, name: str) -> AvatarProvider:
        """The talking-head provider `name` (infinitetalk, sadtalker, wav2lip), built on first use."""
        provider: AvatarProvider = self._get("avatar", name)
        return provider

    def avatar_trainer(self) -> AvatarTrainer:
        """The avatar trainer (the InfiniteTalk endpoint on Modal); 503 naming what to set when unset."""
        trainer: AvatarTrainer = self._get("avatar", "infinitetalk")
        return trainer

    def music(self, name: str) -> MusicSource:
        """The cloud music source `name` (jamendo, freesound), built on first use."""
        source: MusicSource = self._get("music", name)
        return source

    def meme(self, name: str) -> MemeSource:
        """The meme source `name` (imgflip, giphy), built on first use."""
        source: MemeSource = self._get("meme", name)
        return source

    def metadata(self, name: str) -> YouTubeData:
        """The video-metadata source `name` (youtube), built on first use."""
        source: YouTubeData = self._get("metadata", name)
        return source

    def configured(self, kind: Kind, name: str) -> bool:
        """Whether `name` of `kind` is known and has its credentials."""
        spec = self._specs.get((kind, name))
        return spec is not None and spec.configured

    def stock(self, name: str) -> StockSource:
        """The stock library `name` (pexels, pixabay), built on first use."""
        source: StockSource = self._get("stock", name)
        return source

    def stock_sources(self, name: str | None = None, *, field: str = "source") -> list[str]:
        """`[name]` when given (checked), else every configured stock library; none configured → 503
        naming every variable that would enable one."""
        if name is not None:
            return [self.ensure_configured("stock", name, field=field).name]
        names = [n for n in self.names("stock") if self._specs[("stock", n)].configured]
        if not names:
            settings = " or ".join(s.setting or s.name for s in self._specs.values() if s.kind == "stock")
            raise ProviderNotConfiguredError("stock", settings or "a stock provider")
        return names

    def image_provider_for(self, name: str | None, *, field: str = "provider") -> str:
        """`name` when given (checked), else the first configured image provider in the documented order."""
        return self._provider_for("image", name, field=field)

    def text(self, name: str) -> TextProvider:
        """The text provider `name`, built on first use."""
        provider: TextProvider = self._get("text", name)
        return provider

    def text_provider_for(self, name: str | None, *, field: str = "provider") -> str:
        """`name` when given (checked), else the first configured text provider in TEXT_PROVIDER_ORDER."""
        return self._provider_for("text", name, field=field)

    def transcriber(self, name: str) -> Transcriber:
        """The transcription provider `name` (`local` or `openai`), built on first use."""
        provider: Transcriber = self._get("transcription", name)
        return provider

    def _provider_for(self, kind: Kind, name: str | None, *, field: str) -> str:
        if name is not None:
            return self.ensure_configured(kind, name, field=field).name
        order = self._orders[kind]
        for candidate in order:
            if self._specs[(kind, candidate)].configured:
                return candidate
        first = self._specs[(kind, order[0])]
        raise ProviderNotConfiguredError(first.name, first.setting or first.name)

    def describe(self, kind: Kind | None = None) -> list[ProviderInfo]:
        """Every provider, configured or not, with the variable that enables it."""
        return [ProviderInfo(s.name, s.kind, s.configured, s.setting is None, s.setting, s.base_url, s.model)
                for s in self._specs.values() if kind is None or s.kind == kind]

    def close(self) -> None:
        """Close every built provider's HTTP client."""
        with self._lock:
            for key, provider in self._built.items():
                closer = self._specs[key].close
                if closer is not None:
                    closer(provider)
            self._built.clear()

    def _get(self, kind: Kind, name: str) -> Any:
        spec = self.ensure_configured(kind, name)
        with self._lock:
            if (kind, name) not in self._built:
                self._built[(kind, name)] = spec.build()
            return self._built[(kind, name)]
