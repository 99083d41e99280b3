"""What the publishing fakes share: one OAuth user account (its access tokens, the refresh token and the
client credentials a refresh must present), and the form body parser of their token endpoints."""

from __future__ import annotations

import itertools
import threading
from urllib.parse import parse_qs

from .base import Received


class OAuthAccount:
    """Valid access tokens (the configured one first), `expire()` to make them refused, and `refresh(form)`
    that issues a new one when the refresh token and client credentials match."""

    def __init__(self, token: str, *, prefix: str, client_id: str, client_secret: str, refresh_token: str,
                 id_field: str = "client_id", grant: str = "refresh_token",
                 refresh_field: str = "refresh_token") -> None:
        self.token = token
        self.prefix = prefix
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.id_field = id_field
        self.grant = grant
        self.refresh_field = refresh_field
        self.valid = {token}
        self.issued: list[str] = []
        self.refresh_forms: list[dict[str, str]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def accepts(self, request: Received) -> bool:
        """True when `Authorization: Bearer <a valid token>`."""
        header = request.headers.get("authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.valid

    def expire(self) -> None:
        """Every token issued so far stops working (the configured one expired)."""
        with self._lock:
            self.valid.clear()

    def refresh(self, request: Received) -> str | None:
        """A new access token for a correct refresh form, else None."""
        form = form_of(request)
        with self._lock:
            self.refresh_forms.append(form)
            if (form.get("grant_type") != self.grant or form.get(self.refresh_field) != self.refresh_token
                    or form.get(self.id_field) != self.client_id or form.get("client_secret") != self.client_secret):
                return None
            token = f"{self.prefix}{next(self._ids):04d}-refreshed"
            self.valid.add(token)
            self.issued.append(token)
            return token


def form_of(request: Received) -> dict[str, str]:
    """An `application/x-www-form-urlencoded` body as a flat dict."""
    return {k: v[0] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
