"""Replicate predictions through the loopback fake: polling to success and to failure, egress on outputs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from media_service.media import EgressDenied
from media_service.providers import (
    ImageRequest,
    ProviderAuthError,
    ProviderQuotaError,
    ProviderRejectedError,
    ProviderUnavailableError,
)
from tests.fakes import ReplicateFake


def test_polls_through_states_and_downloads_without_credentials(replicate_fake: ReplicateFake, registry_for,
                                                                tmp_path: Path) -> None:
    # The fake's "CDN" origin (localhost:port) stands in for a public host: registry_for trusts it, as egress
    # refuses loopback by default.
    registry = registry_for(replicate_fake)
    image = registry.image("replicate").generate(ImageRequest("a whale", 576, 1024), tmp_path / "w")
    assert image.mime == "image/png" and image.path.stat().st_size > 0
    create = replicate_fake.posts("/predictions")[0]
    assert create.path == "/v1/models/black-forest-labs/flux-schnell/predictions"
    assert create.json()["input"]["aspect_ratio"] == "9:16"
    polls = [r for r in replicate_fake.requests if r.method == "GET" and r.path.startswith("/v1/predictions/")]
    assert len(polls) == 2  # starting (create) → processing → succeeded
    download = next(r for r in replicate_fake.requests if r.path.startswith("/files/"))
    assert download.headers["host"].startswith("localhost:") and "authorization" not in download.headers


def test_polling_to_failure(replicate_fake: ReplicateFake, registry_for, tmp_path: Path) -> None:
    with pytest.raises(ProviderUnavailableError) as caught:
        registry_for(replicate_fake).image("replicate").generate(ImageRequest("FAIL_ME", 1024, 1024), tmp_path / "w")
    assert caught.value.details["provider_message"] == "NSFW content detected. Try running it again."
    assert len(replicate_fake.posts("/predictions")) == 1


def test_output_urls_pass_the_egress_guard(replicate_fake: ReplicateFake, registry_for, tmp_path: Path) -> None:
    # Untrusted CDN stand-in: the configured base URL (127.0.0.1) stays trusted, the handed-back localhost URL is refused.
    registry = registry_for(replicate_fake, trust_delivery=False)
    with pytest.raises(EgressDenied):
        registry.image("replicate").generate(ImageRequest("a whale", 1024, 1024), tmp_path / "w")
    assert not [r for r in replicate_fake.requests if r.path.startswith("/files/")]


def test_rate_limit_detail_sets_the_wait(replicate_fake: ReplicateFake, registry_for, tmp_path: Path) -> None:
    replicate_fake.inject("rate_limit")
    started = time.monotonic()
    registry = registry_for(replicate_fake)
    registry.image("replicate").generate(ImageRequest("a", 1024, 1024), tmp_path / "w")
    assert time.monotonic() - started >= 1.0 and len(replicate_fake.posts("/predictions")) == 2


def test_insufficient_credit_and_bad_token(replicate_fake: ReplicateFake, registry_for, tmp_path: Path) -> None:
    replicate_fake.inject("quota")
    with pytest.raises(ProviderQuotaError):
        registry_for(replicate_fake).image("replicate").generate(ImageRequest("a", 1024, 1024), tmp_path / "w")
    with pytest.raises(ProviderAuthError):
        registry_for(replicate_fake, key="r8_wrong").image("replicate").generate(ImageRequest("a", 1024, 1024),
                                                                                 tmp_path / "w")
    assert len(replicate_fake.posts("/predictions")) == 2


def test_missing_prompt_is_422_rejected(replicate_fake: ReplicateFake, registry_for, tmp_path: Path) -> None:
    with pytest.raises(ProviderRejectedError) as caught:
        registry_for(replicate_fake).image("replicate").generate(ImageRequest("", 1024, 1024), tmp_path / "w")
    assert caught.value.details["status_code"] == 422
