"""The publishing platforms' registry specs (kind "publish"), from settings; `build.py` adds them.

A platform is configured with its access token, or with a refresh token and the client credentials (the
first call then fetches an access token). Instagram also needs `INSTAGRAM_USER_ID`. `publish_setting`
names what to set when a platform is not configured.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import SecretStr

from media_service.media.service import egress_rules
from media_service.settings import Settings

from .http import Endpoint, PollSchedule, ProviderHttp, VendorError
from .instagram import InstagramPublisher, read_instagram_error
from .oauth import OAuthToken, TokenRefresh
from .registry import ProviderSpec
from .tiktok import TikTokPublisher, read_tiktok_error
from .youtube_upload import YouTubePublisher, read_youtube_error

__all__ = ["publish_setting", "publish_specs"]

_MB = 1024 * 1024


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def _refresh_parts(s: Settings, platform: str) -> tuple[str, str, str]:
    """(refresh token, client id, client secret) of `platform`; any may be empty."""
    if platform == "youtube":
        return _secret(s.youtube_refresh_token), s.youtube_client_id or "", _secret(s.youtube_client_secret)
    if platform == "tiktok":
        return _secret(s.tiktok_refresh_token), s.tiktok_client_key or "", _secret(s.tiktok_client_secret)
    return _secret(s.instagram_refresh_token), s.instagram_app_id or "", _secret(s.instagram_app_secret)


def _access(s: Settings, platform: str) -> str:
    return _secret(getattr(s, f"{platform}_access_token"))


def publish_setting(s: Settings, platform: str) -> str | None:
    """What to set for `platform` to be usable, or None when it is configured."""
    upper = platform.upper()
    refresh, client, secret = _refresh_parts(s, platform)
    ids = ("CLIENT_KEY" if platform == "tiktok" else "APP_ID" if platform == "instagram" else "CLIENT_ID",
           "APP_SECRET" if platform == "instagram" else "CLIENT_SECRET")
    if not _access(s, platform) and not (refresh and client and secret):
        return (f"{upper}_ACCESS_TOKEN (or {upper}_REFRESH_TOKEN with {upper}_{ids[0]} and "
                f"{upper}_{ids[1]})")
    if platform == "instagram" and not s.instagram_user_id:
        return "INSTAGRAM_USER_ID"
    return None


def _http(s: Settings, name: str, base_url: str, read_error: Callable[[Any], VendorError],
          secrets: tuple[str, ...]) -> ProviderHttp:
    endpoint = Endpoint(name, base_url, {}, f"{name.upper()}_ACCESS_TOKEN", timeout=s.publish_timeout_ms / 1000,
                        secrets=tuple(x for x in secrets if x), max_retry_wait=s.provider_max_retry_wait_sec)
    return ProviderHttp(endpoint, read_error=read_error, egress=egress_rules(s))


def _token(s: Settings, platform: str, api: ProviderHttp, token_http: ProviderHttp, path: str,
           form: dict[str, str]) -> OAuthToken:
    refresh, client, secret = _refresh_parts(s, platform)
    refresher = TokenRefresh(token_http, path, form) if refresh and client and secret else None
    return OAuthToken(platform, access=_access(s, platform), refresh=refresher,
                      setting=f"{platform.upper()}_ACCESS_TOKEN", scrub_into=(api, token_http))


def publish_specs(s: Settings) -> list[ProviderSpec]:
    """One spec per platform (kind "publish"), built on first use."""
    schedule = PollSchedule(first=s.publish_poll_first_sec, factor=1.5, cap=s.publish_poll_cap_sec,
                            deadline=s.publish_poll_deadline_sec)

    def secrets(platform: str) -> tuple[str, ...]:
        refresh, _client, secret = _refresh_parts(s, platform)
        return _access(s, platform), refresh, secret

    def youtube() -> YouTubePublisher:
        refresh, client, secret = _refresh_parts(s, "youtube")
        api = _http(s, "youtube", s.youtube_upload_base_url, read_youtube_error, secrets("youtube"))
        token_http = _http(s, "youtube", s.youtube_token_url, read_youtube_error, secrets("youtube"))
        form = {"grant_type": "refresh_token", "refresh_token": refresh, "client_id": client,
                "client_secret": secret}
        return YouTubePublisher(api, _token(s, "youtube", api, token_http, s.youtube_token_url, form),
                                chunk_size=int(s.youtube_chunk_mb * _MB))

    def tiktok() -> TikTokPublisher:
        refresh, client, secret = _refresh_parts(s, "tiktok")
        api = _http(s, "tiktok", s.tiktok_base_url, read_tiktok_error, secrets("tiktok"))
        form = {"grant_type": "refresh_token", "refresh_token": refresh, "client_key": client,
                "client_secret": secret}
        return TikTokPublisher(api, _token(s, "tiktok", api, api, "/v2/oauth/token/", form), schedule=schedule,
                               chunk_size=int(s.tiktok_chunk_mb * _MB))

    def instagram() -> InstagramPublisher:
        refresh, client, secret = _refresh_parts(s, "instagram")
        api = _http(s, "instagram", s.instagram_base_url, read_instagram_error, secrets("instagram"))
        form = {"grant_type": "fb_exchange_token", "fb_exchange_token": refresh, "client_id": client,
                "client_secret": secret}
        return InstagramPublisher(api, _token(s, "instagram", api, api, "oauth/access_token", form),
                                  user_id=s.instagram_user_id or "", schedule=schedule)

    builders: dict[str, tuple[Callable[[], Any], str]] = {"youtube": (youtube, s.youtube_upload_base_url),
                                                          "tiktok": (tiktok, s.tiktok_base_url),
                                                          "instagram": (instagram, s.instagram_base_url)}
    return [ProviderSpec(name, "publish", publish_setting(s, name) is None, build,
                         publish_setting(s, name) or f"{name.upper()}_ACCESS_TOKEN", base, close=_close)
            for name, (build, base) in builders.items()]


def _close(provider: Any) -> None:
    provider.http.close()
    refresh = provider.token.refresher  # the token endpoint's client (YouTube's is its own origin)
    if refresh is not None and refresh.http is not provider.http:
        refresh.http.close()
