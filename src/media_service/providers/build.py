"""`build_registry(settings)`: every provider the service knows, from the typed settings.

A vendor is configured when its key is set; its base URL, model id and timeout come from settings
(`OPENAI_BASE_URL`, `OPENAI_IMAGE_MODEL`, `OPENAI_TIMEOUT_MS`, … or `providers.<name>.*` in YAML).
The local image engine is always configured. Speech providers (kind "speech"): elevenlabs, openai and
modal (MODAL_VOICE_ENDPOINT + MODAL_VOICE_API_KEY); the local voices are the speech engine itself.
Stock searches (Pexels, Pixabay) share one per-query cache (`STOCK_CACHE_TTL_SEC`). Publishing platforms
(kind "publish": youtube, tiktok, instagram) come from `publish_build.py`. Talking heads (kind "avatar"):
infinitetalk (MODAL_API_URL + MODAL_API_KEY, also the avatar trainer), sadtalker and wav2lip
(REPLICATE_API_TOKEN; versions REPLICATE_SADTALKER_VERSION, REPLICATE_WAV2LIP_VERSION). Music (kind "music"):
jamendo (JAMENDO_CLIENT_ID) and freesound (FREESOUND_API_KEY).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import SecretStr

from media_service.media.service import egress_rules
from media_service.settings import Settings

from .gemini import GeminiImages, read_gemini_error
from .geminigen import GeminiGenVideos, read_geminigen_error
from .http import Endpoint, PollSchedule, ProviderHttp, VendorError
from .freesound import FreesoundSounds, read_freesound_error
from .infinitetalk import ModalInfiniteTalk
from .jamendo import JamendoMusic, read_jamendo_error
from .huggingface import HuggingFaceImages, read_hf_error
from .elevenlabs import ElevenLabsSpeech, read_elevenlabs_error
from .local import LocalImages
from .modal import ModalVoice, modal_headers, read_modal_error
from .openai import OpenAIImages, OpenAISpeech, read_openai_error
from .pexels import PexelsStock, read_pexels_error
from .pixabay import PixabayStock, read_pixabay_error
from .giphy import GiphySearch, read_giphy_error
from .imgflip import ImgflipMemes, read_imgflip_error
from .memes import TtlCache
from .publish_build import publish_specs
from .registry import ProviderRegistry, ProviderSpec
from .replicate import ReplicateImages, read_replicate_error
from .replicate_avatar import ReplicateTalkingHead
from .replicate_video import ReplicateVideos
from .veo import VeoVideos
from .youtube import YouTubeData, read_youtube_error
from .stock import SearchCache
from .text import CompatibleText, GeminiText, LocalText, OpenAIText
from .transcription import LocalTranscriber, OpenAITranscriber

__all__ = ["build_registry", "registry_for"]


def _http(settings: Settings, name: str, *, key: SecretStr | None, setting: str, base_url: str, timeout_ms: int,
          headers: Callable[[str], dict[str, str]], read_error: Callable[[httpx.Response], VendorError]
          ) -> ProviderHttp:
    secret = key.get_secret_value() if key is not None else ""
    endpoint = Endpoint(name, base_url, headers(secret), setting, timeout=timeout_ms / 1000, secrets=(secret,),
                        max_retry_wait=settings.provider_max_retry_wait_sec)
    return ProviderHttp(endpoint, read_error=read_error, egress=egress_rules(settings))


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _close(provider: Any) -> None:
    http = getattr(provider, "http", None)
    if http is not None:
        http.close()


def build_registry(settings: Settings) -> ProviderRegistry:
    """The registry for `settings`; adapters (and their HTTP clients) are built on first use."""
    s = settings

    def openai() -> OpenAIImages:
        return OpenAIImages(_http(s, "openai", key=s.openai_api_key, setting="OPENAI_API_KEY",
                                  base_url=s.openai_base_url, timeout_ms=s.openai_timeout_ms, headers=_bearer,
                                  read_error=read_openai_error), model=s.openai_image_model)

    def gemini() -> GeminiImages:
        return GeminiImages(_http(s, "gemini", key=s.google_api_key, setting="GOOGLE_API_KEY",
                                  base_url=s.gemini_base_url, timeout_ms=s.gemini_timeout_ms,
                                  headers=lambda k: {"x-goog-api-key": k}, read_error=read_gemini_error),
                            model=s.gemini_image_model)

    def huggingface() -> HuggingFaceImages:
        return HuggingFaceImages(_http(s, "huggingface", key=s.hf_token, setting="HF_TOKEN", base_url=s.hf_base_url,
                                       timeout_ms=s.hf_timeout_ms, headers=_bearer, read_error=read_hf_error),
                                 model=s.hf_image_model)

    def replicate() -> ReplicateImages:
        return ReplicateImages(_http(s, "replicate", key=s.replicate_api_token, setting="REPLICATE_API_TOKEN",
                                     base_url=s.replicate_base_url, timeout_ms=s.replicate_timeout_ms,
                                     headers=_bearer, read_error=read_replicate_error),
                               model=s.replicate_image_model,
                               schedule=PollSchedule(first=s.provider_poll_first_sec, deadline=s.provider_poll_deadline_sec,
                                                     cap=10.0))

    cache = SearchCache(s.stock_cache_ttl_sec)

    def pexels() -> PexelsStock:
        return PexelsStock(_http(s, "pexels", key=s.pexels_api_key, setting="PEXELS_API_KEY",
                                 base_url=s.pexels_base_url, timeout_ms=s.stock_timeout_ms,
                                 headers=lambda k: {"Authorization": k}, read_error=read_pexels_error), cache=cache)

    def pixabay() -> PixabayStock:
        key = s.pixabay_api_key.get_secret_value() if s.pixabay_api_key is not None else ""
        return PixabayStock(_http(s, "pixabay", key=s.pixabay_api_key, setting="PIXABAY_API_KEY",
                                  base_url=s.pixabay_base_url, timeout_ms=s.stock_timeout_ms,
                                  headers=lambda k: {}, read_error=read_pixabay_error), key=key, cache=cache)

    memes: TtlCache[Any] = TtlCache(s.stock_cache_ttl_sec)

    def giphy() -> GiphySearch:
        key = s.giphy_api_key.get_secret_value() if s.giphy_api_key is not None else ""
        return GiphySearch(_http(s, "giphy", key=s.giphy_api_key, setting="GIPHY_API_KEY", base_url=s.giphy_base_url,
                                 timeout_ms=s.stock_timeout_ms, headers=lambda k: {}, read_error=read_giphy_error),
                           key=key, cache=memes)

    def imgflip() -> ImgflipMemes:
        password = s.imgflip_password.get_secret_value() if s.imgflip_password is not None else None
        return ImgflipMemes(_http(s, "imgflip", key=None, setting="IMGFLIP_PASSWORD", base_url=s.imgflip_base_url,
                                  timeout_ms=s.stock_timeout_ms, headers=lambda k: {}, read_error=read_imgflip_error),
                            username=s.imgflip_username, password=password, cache=memes)

    def openai_speech() -> OpenAISpeech:
        return OpenAISpeech(_http(s, "openai", key=s.openai_api_key, setting="OPENAI_API_KEY",
                                  base_url=s.openai_base_url, timeout_ms=s.openai_timeout_ms, headers=_bearer,
                                  read_error=read_openai_error), model=s.openai_tts_model)

    def elevenlabs() -> ElevenLabsSpeech:
        return ElevenLabsSpeech(_http(s, "elevenlabs", key=s.elevenlabs_api_key, setting="ELEVENLABS_API_KEY",
                                      base_url=s.elevenlabs_base_url, timeout_ms=s.elevenlabs_timeout_ms,
                                      headers=lambda k: {"xi-api-key": k}, read_error=read_elevenlabs_error),
                                model=s.elevenlabs_model)

    def modal() -> ModalVoice:
        return ModalVoice(_http(s, "modal_voice", key=s.modal_voice_api_key, setting="MODAL_VOICE_API_KEY",
                                base_url=s.modal_voice_endpoint or "", timeout_ms=s.modal_voice_timeout_ms,
                                headers=modal_headers, read_error=read_modal_error),
                          model=s.modal_voice_model,
                          schedule=PollSchedule(first=s.provider_poll_first_sec, deadline=s.provider_poll_deadline_sec,
                                                cap=10.0))

    modal_ready = s.modal_voice_endpoint is not None and s.modal_voice_api_key is not None
    video_schedule = PollSchedule(first=s.video_poll_first_sec, factor=1.5, cap=s.video_poll_cap_sec,
                                  deadline=s.video_poll_deadline_sec)

    def veo() -> VeoVideos:
        return VeoVideos(_http(s, "gemini", key=s.google_api_key, setting="GOOGLE_API_KEY",
                               base_url=s.gemini_base_url, timeout_ms=s.gemini_timeout_ms,
                               headers=lambda k: {"x-goog-api-key": k}, read_error=read_gemini_error),
                         model=s.gemini_video_model, schedule=video_schedule)

    def geminigen() -> GeminiGenVideos:
        return GeminiGenVideos(_http(s, "geminigen", key=s.geminigen_api_key, setting="GEMINIGEN_API_KEY",
                                     base_url=s.geminigen_base_url, timeout_ms=s.geminigen_timeout_ms,
                                     headers=lambda k: {"x-api-key": k}, read_error=read_geminigen_error),
                               model=s.geminigen_video_model, schedule=video_schedule)

    def replicate_video() -> ReplicateVideos:
        return ReplicateVideos(_http(s, "replicate", key=s.replicate_api_token, setting="REPLICATE_API_TOKEN",
                                     base_url=s.replicate_base_url, timeout_ms=s.replicate_timeout_ms,
                                     headers=_bearer, read_error=read_replicate_error), schedule=video_schedule)

    def openai_http() -> ProviderHttp:
        return _http(s, "openai", key=s.openai_api_key, setting="OPENAI_API_KEY", base_url=s.openai_base_url,
                     timeout_ms=s.openai_timeout_ms, headers=_bearer, read_error=read_openai_error)

    def gemini_http() -> ProviderHttp:
        return _http(s, "gemini", key=s.google_api_key, setting="GOOGLE_API_KEY", base_url=s.gemini_base_url,
                     timeout_ms=s.gemini_timeout_ms, headers=lambda k: {"x-goog-api-key": k},
                     read_error=read_gemini_error)

    def compatible() -> CompatibleText:
        key = s.openai_compatible_api_key
        return CompatibleText(_http(s, "openai_compatible", key=key, setting="OPENAI_COMPATIBLE_BASE_URL",
                                    base_url=s.openai_compatible_base_url or "", timeout_ms=s.openai_compatible_timeout_ms,
                                    headers=lambda k: _bearer(k) if k else {}, read_error=read_openai_error),
                              model=s.openai_compatible_model)

    def youtube() -> YouTubeData:
        return YouTubeData(_http(s, "youtube", key=s.youtube_api_key, setting="YOUTUBE_API_KEY",
                                 base_url=s.youtube_base_url, timeout_ms=s.youtube_timeout_ms,
                                 headers=lambda k: {"X-Goog-Api-Key": k}, read_error=read_youtube_error))

    def infinitetalk() -> ModalInfiniteTalk:
        return ModalInfiniteTalk(_http(s, "infinitetalk", key=s.modal_api_key, setting="MODAL_API_KEY",
                                       base_url=s.modal_api_url or "", timeout_ms=s.modal_avatar_timeout_ms,
                                       headers=modal_headers, read_error=read_modal_error), schedule=video_schedule)

    def replicate_head(name: str, version: str) -> Callable[[], ReplicateTalkingHead]:
        return lambda: ReplicateTalkingHead(_http(s, "replicate", key=s.replicate_api_token,
                                                  setting="REPLICATE_API_TOKEN", base_url=s.replicate_base_url,
                                                  timeout_ms=s.replicate_timeout_ms, headers=_bearer,
                                                  read_error=read_replicate_error),
                                            name=name, model=version, schedule=video_schedule)

    def jamendo() -> JamendoMusic:
        client_id = s.jamendo_client_id.get_secret_value() if s.jamendo_client_id is not None else ""
        return JamendoMusic(_http(s, "jamendo", key=s.jamendo_client_id, setting="JAMENDO_CLIENT_ID",
                                  base_url=s.jamendo_base_url, timeout_ms=s.music_timeout_ms, headers=lambda k: {},
                                  read_error=read_jamendo_error), client_id=client_id)

    def freesound() -> FreesoundSounds:
        return FreesoundSounds(_http(s, "freesound", key=s.freesound_api_key, setting="FREESOUND_API_KEY",
                                     base_url=s.freesound_base_url, timeout_ms=s.music_timeout_ms,
                                     headers=lambda k: {"Authorization": f"Token {k}"},
                                     read_error=read_freesound_error))

    avatar_ready = s.modal_api_url is not None and s.modal_api_key is not None
    specs = [
        ProviderSpec("jamendo", "music", s.jamendo_client_id is not None, jamendo, "JAMENDO_CLIENT_ID",
                     s.jamendo_base_url, close=_close),
        ProviderSpec("freesound", "music", s.freesound_api_key is not None, freesound, "FREESOUND_API_KEY",
                     s.freesound_base_url, close=_close),
        ProviderSpec("infinitetalk", "avatar", avatar_ready, infinitetalk,
                     "MODAL_API_KEY" if s.modal_api_url else "MODAL_API_URL", s.modal_api_url, "infinitetalk", _close),
        ProviderSpec("sadtalker", "avatar", s.replicate_api_token is not None,
                     replicate_head("sadtalker", s.replicate_sadtalker_version), "REPLICATE_API_TOKEN",
                     s.replicate_base_url, s.replicate_sadtalker_version, _close),
        ProviderSpec("wav2lip", "avatar", s.replicate_api_token is not None,
                     replicate_head("wav2lip", s.replicate_wav2lip_version), "REPLICATE_API_TOKEN",
                     s.replicate_base_url, s.replicate_wav2lip_version, _close),
        ProviderSpec("openai", "speech", s.openai_api_key is not None, openai_speech, "OPENAI_API_KEY",
                     s.openai_base_url, s.openai_tts_model, _close),
        ProviderSpec("elevenlabs", "speech", s.elevenlabs_api_key is not None, elevenlabs, "ELEVENLABS_API_KEY",
                     s.elevenlabs_base_url, s.elevenlabs_model, _close),
        ProviderSpec("modal_voice", "speech", modal_ready, modal,
                     "MODAL_VOICE_API_KEY" if s.modal_voice_endpoint else "MODAL_VOICE_ENDPOINT",
                     s.modal_voice_endpoint, s.modal_voice_model, _close),
        ProviderSpec("openai", "image", s.openai_api_key is not None, openai, "OPENAI_API_KEY", s.openai_base_url,
                     s.openai_image_model, _close),
        ProviderSpec("gemini", "image", s.google_api_key is not None, gemini, "GOOGLE_API_KEY", s.gemini_base_url,
                     s.gemini_image_model, _close),
        ProviderSpec("huggingface", "image", s.hf_token is not None, huggingface, "HF_TOKEN", s.hf_base_url,
                     s.hf_image_model, _close),
        ProviderSpec("replicate", "image", s.replicate_api_token is not None, replicate, "REPLICATE_API_TOKEN",
                     s.replicate_base_url, s.replicate_image_model, _close),
        ProviderSpec("pexels", "stock", s.pexels_api_key is not None, pexels, "PEXELS_API_KEY", s.pexels_base_url,
                     close=_close),
        ProviderSpec("pixabay", "stock", s.pixabay_api_key is not None, pixabay, "PIXABAY_API_KEY",
                     s.pixabay_base_url, close=_close),
        ProviderSpec("giphy", "meme", s.giphy_api_key is not None, giphy, "GIPHY_API_KEY", s.giphy_base_url,
                     close=_close),
        ProviderSpec("imgflip", "meme", True, imgflip, None, s.imgflip_base_url, close=_close),
        ProviderSpec("youtube", "metadata", s.youtube_api_key is not None, youtube, "YOUTUBE_API_KEY",
                     s.youtube_base_url, close=_close),
        ProviderSpec("local", "image", True, lambda: LocalImages(max_side=s.max_canvas_px), model="skia-card"),
        ProviderSpec("gemini", "video", s.google_api_key is not None, veo, "GOOGLE_API_KEY", s.gemini_base_url,
                     s.gemini_video_model, _close),
        ProviderSpec("geminigen", "video", s.geminigen_api_key is not None, geminigen, "GEMINIGEN_API_KEY",
                     s.geminigen_base_url, s.geminigen_video_model, _close),
        ProviderSpec("replicate", "video", s.replicate_api_token is not None, replicate_video, "REPLICATE_API_TOKEN",
                     s.replicate_base_url, f"{s.replicate_mochi_version}, {s.replicate_wan_t2v_version}, "
                     f"{s.replicate_wan_i2v_version}", _close),
        ProviderSpec("gemini", "text", s.google_api_key is not None, lambda: GeminiText(gemini_http(),
                     model=s.gemini_text_model), "GOOGLE_API_KEY", s.gemini_base_url, s.gemini_text_model, _close),
        ProviderSpec("openai", "text", s.openai_api_key is not None, lambda: OpenAIText(openai_http(),
                     model=s.openai_text_model), "OPENAI_API_KEY", s.openai_base_url, s.openai_text_model, _close),
        ProviderSpec("openai_compatible", "text", s.openai_compatible_base_url is not None, compatible,
                     "OPENAI_COMPATIBLE_BASE_URL", s.openai_compatible_base_url, s.openai_compatible_model, _close),
        ProviderSpec("local", "text", True, LocalText, model=LocalText.model),
        ProviderSpec("local", "transcription", True, LocalTranscriber, model=LocalTranscriber.model),
        ProviderSpec("openai", "transcription", s.openai_api_key is not None,
                     lambda: OpenAITranscriber(openai_http(), model=s.openai_transcribe_model), "OPENAI_API_KEY",
                     s.openai_base_url, s.openai_transcribe_model, _close),
        *publish_specs(s),
    ]
    return ProviderRegistry(specs, image_order=s.image_provider_order, text_order=s.text_provider_order)


_lock = threading.Lock()
_registries: dict[tuple[int, int], tuple[Settings, ProviderRegistry]] = {}


def registry_for(settings: Settings) -> ProviderRegistry:
    """This process's registry for `settings` (the API's and each worker's), built once per process."""
    key = (os.getpid(), id(settings))
    with _lock:
        if key not in _registries:
            _registries[key] = (settings, build_registry(settings))
        return _registries[key][1]
