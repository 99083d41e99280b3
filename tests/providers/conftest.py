"""Fixtures: fake vendor servers on loopback and registries pointed at them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from media_service.providers import ProviderRegistry, build_registry
from media_service.settings import Settings
from tests.fakes import FakeServer
from tests.fakes.fixtures import (  # noqa: F401  (fixtures for the provider tests)
    elevenlabs_fake, fakes_env, gemini_fake, geminigen_fake, hf_fake, modal_voice_fake, openai_fake, pexels_fake, pixabay_fake, replicate_fake,
    jamendo_fake, freesound_fake, start_fake)
from tests.fakes.fixtures import instagram_fake, tiktok_fake, youtube_upload_fake  # noqa: F401  (publishing)

@pytest.fixture
def registry_for(make_settings: Callable[..., Settings]) -> Iterator[Callable[..., ProviderRegistry]]:
    """`registry_for(fake, key=..., **env)`: a registry whose vendor points at the fake."""
    built: list[ProviderRegistry] = []

    def factory(*fakes: FakeServer, key: str | None = None, trust_delivery: bool = True,
                **env: str) -> ProviderRegistry:
        merged = fakes_env(*fakes, key=key, trust_delivery=trust_delivery, PROVIDER_POLL_FIRST_SEC="0.05",
                           VIDEO_POLL_FIRST_SEC="0.05", VIDEO_POLL_CAP_SEC="0.2", **env)
        registry = build_registry(make_settings(merged))
        built.append(registry)
        return registry

    yield factory
    for registry in built:
        registry.close()
