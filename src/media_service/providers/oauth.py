"""OAuth access tokens for the publishing adapters: configured by the operator, refreshed once on a refusal.

    token = OAuthToken("youtube", access="ya29…", refresh=TokenRefresh(token_http, "/token", form={...}),
                       setting="YOUTUBE_ACCESS_TOKEN", scrub_into=(api_http,))
    response = token.call(lambda auth: api_http.send("POST", path, json=body, headers=auth))

`call` sends the request with `Authorization: Bearer <token>`; when the platform refuses the credentials
(`ProviderAuthError`: YouTube 401 authError, TikTok 401 access_token_invalid, Instagram code 190) and a
refresh token with client credentials is configured, it asks the platform's token endpoint for a new
access token ONCE and sends the request again; a second refusal is final. Without an access token but with
refresh credentials, the first call refreshes first. Tokens travel only in headers or form bodies, are
scrubbed from every error message, and are never logged (the refresh logs that it happened, nothing more).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import structlog

from .errors import ProviderAuthError, ProviderRejectedError
from .http import ProviderHttp

__all__ = ["OAuthToken", "TokenRefresh"]

T = TypeVar("T")
_log = structlog.get_logger("media_service.providers")


@dataclass(frozen=True, slots=True)
class TokenRefresh:
    """How to get a new access token: a form POST (`grant_type=refresh_token` and the client credentials)
    to `path` on `http` (the platform's token endpoint). The answer carries `access_token`, at the top level
    (Google, TikTok v2, Meta) or under `data`."""

    http: ProviderHttp
    path: str
    form: Mapping[str, str] = field(repr=False)

    def __call__(self) -> str:
        response = self.http.send("POST", self.path, data=dict(self.form))
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("data"), dict) and "access_token" not in body:
            body = body["data"]
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise ProviderRejectedError(f"{self.http.name}: the token endpoint answered without an access_token",
                                        provider=self.http.name, reason="invalid_response")
        return token


class OAuthToken:
    """One platform account's access token, refreshed at most once per `call` after a refusal."""

    def __init__(self, platform: str, *, access: str | None, refresh: TokenRefresh | None, setting: str,
                 scrub_into: tuple[ProviderHttp, ...] = ()) -> None:
        self.platform = platform
        self.setting = setting
        self._access = access or None
        self._refresh = refresh
        self._scrub_into = scrub_into
        self._lock = threading.Lock()
        self.refreshes = 0

    def __repr__(self) -> str:  # never the token itself
        return f"OAuthToken({self.platform!r}, refreshable={self._refresh is not None})"

    @property
    def refresher(self) -> TokenRefresh | None:
        """How the token is renewed (None: it cannot be)."""
        return self._refresh

    def headers(self) -> dict[str, str]:
        """The Authorization header with the current token (refreshing first when there is none yet)."""
        with self._lock:
            if self._access is None:
                self._renew()
            return {"Authorization": f"Bearer {self._access}"}

    def call(self, request: Callable[[dict[str, str]], T]) -> T:
        """`request(headers)`; after a refusal of the credentials, refresh once and try once more."""
        sent = self.headers()
        try:
            return request(sent)
        except ProviderAuthError:
            if self._refresh is None:
                raise
            with self._lock:
                if f"Bearer {self._access}" == sent["Authorization"]:  # no other thread renewed it meanwhile
                    self._renew()
                again = {"Authorization": f"Bearer {self._access}"}
            return request(again)

    def _renew(self) -> None:
        if self._refresh is None:
            raise ProviderAuthError(f"{self.platform}: no access token; set {self.setting}", provider=self.platform)
        token = self._refresh()
        for http in self._scrub_into:
            http.add_secret(token)
        self._access = token
        self.refreshes += 1
        _log.info("providers.oauth.refreshed", provider=self.platform, refreshes=self.refreshes)
