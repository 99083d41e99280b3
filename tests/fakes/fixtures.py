"""Pytest fixtures over the fake vendor servers, shared by the provider and capability tests.

A conftest imports the ones it needs: `from tests.fakes.fixtures import start_fake, openai_fake`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.fakes import (
    ElevenLabsFake,
    FakeServer,
    FreesoundFake,
    GeminiFake,
    GeminiGenFake,
    GiphyFake,
    HuggingFaceFake,
    ImgflipFake,
    InstagramFake,
    JamendoFake,
    ModalAvatarFake,
    ModalVoiceFake,
    OpenAIFake,
    PexelsFake,
    PixabayFake,
    ReplicateFake,
    TikTokFake,
    YouTubeUploadFake,
)

ENV = {"openai": ("OPENAI_BASE_URL", "OPENAI_API_KEY"), "gemini": ("GEMINI_BASE_URL", "GOOGLE_API_KEY"),
       "huggingface": ("HF_BASE_URL", "HF_TOKEN"), "replicate": ("REPLICATE_BASE_URL", "REPLICATE_API_TOKEN"),
       "elevenlabs": ("ELEVENLABS_BASE_URL", "ELEVENLABS_API_KEY"),
       "modal_voice": ("MODAL_VOICE_ENDPOINT", "MODAL_VOICE_API_KEY"),
       "modal_avatar": ("MODAL_API_URL", "MODAL_API_KEY"),
       "jamendo": ("JAMENDO_BASE_URL", "JAMENDO_CLIENT_ID"), "freesound": ("FREESOUND_BASE_URL", "FREESOUND_API_KEY"),
       "geminigen": ("GEMINIGEN_BASE_URL", "GEMINIGEN_API_KEY"),
       "pexels": ("PEXELS_BASE_URL", "PEXELS_API_KEY"), "pixabay": ("PIXABAY_BASE_URL", "PIXABAY_API_KEY"),
       "youtube_upload": ("YOUTUBE_UPLOAD_BASE_URL", "YOUTUBE_ACCESS_TOKEN"), "tiktok": ("TIKTOK_BASE_URL", "TIKTOK_ACCESS_TOKEN"),
       "instagram": ("INSTAGRAM_BASE_URL", "INSTAGRAM_ACCESS_TOKEN"),
       "youtube": ("YOUTUBE_BASE_URL", "YOUTUBE_API_KEY"), "giphy": ("GIPHY_BASE_URL", "GIPHY_API_KEY"),
       "imgflip": ("IMGFLIP_BASE_URL", "IMGFLIP_PASSWORD")}


def fake_env(fake: FakeServer, *, key: str | None = None) -> dict[str, str]:
    """The settings that point the vendor's adapter at `fake` (with its key unless `key` is given)."""
    url_var, key_var = ENV[fake.vendor]
    return {url_var: fake.base_url, key_var: key if key is not None else fake.key, **fake.extra_env}


def fakes_env(*fakes: FakeServer, key: str | None = None, trust_delivery: bool = True,
              **extra: str) -> dict[str, str]:
    """`extra` plus every fake's settings; their file origins join EGRESS_ALLOW_HOSTS unless `trust_delivery`
    is off (the base URLs are trusted by the service itself, like a real vendor's)."""
    env = dict(extra)
    hosts = [h for h in env.get("EGRESS_ALLOW_HOSTS", "").split(",") if h]
    for fake in fakes:
        env.update(fake_env(fake, key=key))
        if trust_delivery:
            hosts.extend(fake.delivery_origins)
    if hosts:
        env["EGRESS_ALLOW_HOSTS"] = ",".join(dict.fromkeys(hosts))
    return env


@pytest.fixture
def start_fake() -> Iterator[Callable[..., Any]]:
    """`start_fake(FakeClass, **options)`: a started fake, stopped when the test ends."""
    started: list[FakeServer] = []

    def start(cls: type[FakeServer], **kwargs: Any) -> Any:
        fake = cls(**kwargs).start()
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.stop()


@pytest.fixture
def openai_fake(start_fake: Callable[..., Any]) -> OpenAIFake:
    fake: OpenAIFake = start_fake(OpenAIFake)
    return fake


@pytest.fixture
def gemini_fake(start_fake: Callable[..., Any]) -> GeminiFake:
    fake: GeminiFake = start_fake(GeminiFake)
    return fake


@pytest.fixture
def hf_fake(start_fake: Callable[..., Any]) -> HuggingFaceFake:
    fake: HuggingFaceFake = start_fake(HuggingFaceFake)
    return fake


@pytest.fixture
def replicate_fake(start_fake: Callable[..., Any]) -> ReplicateFake:
    fake: ReplicateFake = start_fake(ReplicateFake)
    return fake


@pytest.fixture
def elevenlabs_fake(start_fake: Callable[..., Any]) -> ElevenLabsFake:
    fake: ElevenLabsFake = start_fake(ElevenLabsFake)
    return fake


@pytest.fixture
def modal_voice_fake(start_fake: Callable[..., Any]) -> ModalVoiceFake:
    fake: ModalVoiceFake = start_fake(ModalVoiceFake)
    return fake


@pytest.fixture
def geminigen_fake(start_fake: Callable[..., Any]) -> GeminiGenFake:
    fake: GeminiGenFake = start_fake(GeminiGenFake)
    return fake


@pytest.fixture
def pexels_fake(start_fake: Callable[..., Any]) -> PexelsFake:
    fake: PexelsFake = start_fake(PexelsFake)
    return fake


@pytest.fixture
def pixabay_fake(start_fake: Callable[..., Any]) -> PixabayFake:
    fake: PixabayFake = start_fake(PixabayFake)
    return fake


@pytest.fixture
def youtube_upload_fake(start_fake: Callable[..., Any]) -> YouTubeUploadFake:
    fake: YouTubeUploadFake = start_fake(YouTubeUploadFake)
    return fake


@pytest.fixture
def tiktok_fake(start_fake: Callable[..., Any]) -> TikTokFake:
    fake: TikTokFake = start_fake(TikTokFake)
    return fake


@pytest.fixture
def instagram_fake(start_fake: Callable[..., Any]) -> InstagramFake:
    fake: InstagramFake = start_fake(InstagramFake)
    return fake


@pytest.fixture
def modal_avatar_fake(start_fake: Callable[..., Any]) -> ModalAvatarFake:
    fake: ModalAvatarFake = start_fake(ModalAvatarFake)
    return fake


@pytest.fixture
def jamendo_fake(start_fake: Callable[..., Any]) -> JamendoFake:
    fake: JamendoFake = start_fake(JamendoFake)
    return fake


@pytest.fixture
def freesound_fake(start_fake: Callable[..., Any]) -> FreesoundFake:
    fake: FreesoundFake = start_fake(FreesoundFake)
    return fake


@pytest.fixture
def imgflip_fake(start_fake: Callable[..., Any]) -> ImgflipFake:
    fake: ImgflipFake = start_fake(ImgflipFake)
    return fake


@pytest.fixture
def giphy_fake(start_fake: Callable[..., Any]) -> GiphyFake:
    fake: GiphyFake = start_fake(GiphyFake)
    return fake
