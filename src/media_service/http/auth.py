"""API keys and scopes (PRD §11): who is calling, and may they do this?

Keys come from `REMOTION_SERVICE_API_KEY` (all scopes), `REMOTION_SERVICE_API_KEYS` / `api.keys`
(plain or SHA-256, scopes, expiry; several at once for rotation) and, when none is configured,
a key generated on first start into `DATA_DIR/api_key` (mode 0600). Keys are compared as SHA-256
digests in constant time and never logged: a key is known in logs by its id (digest prefix).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import anyio
from fastapi import Request, WebSocket
from starlette.websockets import WebSocketDisconnect

from media_service.errors import AuthenticationError, AuthorizationError
from media_service.settings import ConfigError, Settings

__all__ = ["KeyRing", "Principal", "Scope", "authenticate_websocket", "authorize", "ensure_local_key", "hash_key",
           "new_key", "required_scope", "route_scope"]

Scope = Literal["read", "write", "admin"]
ALL_SCOPES: frozenset[str] = frozenset({"read", "write", "admin"})
METHOD_SCOPES: dict[str, Scope] = {"GET": "read", "HEAD": "read", "OPTIONS": "read",
                                   "POST": "write", "PUT": "write", "PATCH": "write", "DELETE": "admin"}
KEY_FILE = "api_key"


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller: a key id (safe to log) and its scopes."""

    key_id: str
    scopes: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Entry:
    digest: bytes
    principal: Principal
    expires_at: datetime | None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return "rms_" + secrets.token_urlsafe(32)


class KeyRing:
    """The set of accepted keys."""

    def __init__(self, entries: list[_Entry]) -> None:
        self._entries = entries

    @classmethod
    def from_settings(cls, settings: Settings, *, local_key: str | None = None) -> KeyRing:
        entries: list[_Entry] = []
        plain: list[tuple[str, frozenset[str], None, str | None]] = (
            [(settings.api_key.get_secret_value(), ALL_SCOPES, None, None)] if settings.api_key else [])
        if local_key and not settings.api_key and not settings.api_keys:
            plain.append((local_key, ALL_SCOPES, None, "local"))
        for raw, scopes, expires, name in plain:
            digest = hash_key(raw)
            entries.append(_Entry(bytes.fromhex(digest), Principal(name or digest[:8], frozenset(scopes)), expires))
        for item in settings.api_keys:
            digest = item.key_sha256 or hash_key(item.key.get_secret_value())  # type: ignore[union-attr]
            expires = item.expires_at
            if expires is not None and expires.tzinfo is None:
                expires = expires.replace(tzinfo=UTC)
            entries.append(_Entry(bytes.fromhex(digest), Principal(item.name or digest[:8], frozenset(item.scopes)), expires))
        return cls(entries)

    def __len__(self) -> int:
        return len(self._entries)

    def authenticate(self, presented: str | None) -> Principal:
        """The principal for a presented key, or AuthenticationError (missing, unknown, expired)."""
        if not presented:
            raise AuthenticationError("Missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
        digest = hashlib.sha256(presented.encode()).digest()
        found: _Entry | None = None
        for entry in self._entries:  # no early exit: the time taken does not depend on which key matched
            if hmac.compare_digest(digest, entry.digest) and found is None:
                found = entry
        if found is None:
            raise AuthenticationError("Invalid API key")
        if found.expires_at is not None and found.expires_at <= datetime.now(UTC):
            raise AuthenticationError("API key expired", details={"key_id": found.principal.key_id})
        return found.principal


def presented_key(headers: dict[str, str]) -> str | None:
    auth = headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return headers.get("x-api-key") or None


def ensure_local_key(settings: Settings) -> tuple[str | None, bool]:
    """The generated key when no key is configured: (key, generated_now). Refuses non-loopback hosts."""
    if settings.api_key or settings.api_keys:
        return None, False
    if not settings.is_loopback_host:
        raise ConfigError(f"invalid configuration: REMOTION_SERVICE_HOST: binding {settings.host} needs a configured "
                          "API key (REMOTION_SERVICE_API_KEY or REMOTION_SERVICE_API_KEYS)")
    path = Path(settings.data_dir) / KEY_FILE
    if path.is_file():
        return path.read_text().strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key, True


def route_scope(route: object, method: str) -> Scope:
    """The scope a route needs: its declared `x-required-scope`, else the PRD §11.2 method default."""
    extra = getattr(route, "openapi_extra", None) or {}
    declared = extra.get("x-required-scope")
    return declared if declared in ALL_SCOPES else METHOD_SCOPES.get(method.upper(), "admin")


def required_scope(scope: Scope) -> dict[str, str]:
    """`openapi_extra` for a route that needs another scope than its method implies."""
    return {"x-required-scope": scope}


async def authorize(request: Request) -> Principal:
    """Router dependency: the authenticated principal must hold the route's scope."""
    principal: Principal | None = request.scope.get("state", {}).get("principal")
    if principal is None:  # the gateway authenticates every non-public path; this is a safety net
        raise AuthenticationError("Missing API key")
    needed = route_scope(request.scope.get("route"), request.method)
    if needed not in principal.scopes:
        raise AuthorizationError(f"This key lacks the '{needed}' scope", details={"required_scope": needed,
                                                                                 "key_scopes": sorted(principal.scopes)})
    return principal


WS_AUTH_TIMEOUT_SEC = 10.0
WS_SUBPROTOCOL_PREFIX = "bearer."
_URL_KEY_PARAMS = ("api_key", "apikey", "key", "token", "access_token")


async def authenticate_websocket(websocket: WebSocket, keyring: KeyRing, *, scope: Scope = "read") -> Principal | None:
    """Accept a WebSocket whose caller holds `scope`, or close it (1008) and return None.

    The key comes from a header (`Authorization: Bearer` / `X-API-Key`), from a subprotocol
    `bearer.<key>` (browsers cannot set headers; the connection then answers with the other
    subprotocol offered, e.g. `events.v1`), or from the first message
    `{"action": "authenticate", "api_key": "<key>"}` within 10 s (answered `{"type": "authenticated"}`).
    A key in the URL is refused: URLs end up in access logs and browser history.
    """
    if any(name in websocket.query_params for name in _URL_KEY_PARAMS):
        await websocket.close(code=1008, reason="keys in the URL are refused; send a header, the bearer.<key> "
                                                "subprotocol or an authenticate message")
        return None
    offered = list(websocket.scope.get("subprotocols") or [])
    key = presented_key({k.lower(): v for k, v in websocket.headers.items()})
    for protocol in offered:
        if key is None and protocol.startswith(WS_SUBPROTOCOL_PREFIX):
            key = protocol[len(WS_SUBPROTOCOL_PREFIX):]
    chosen = next((p for p in offered if not p.startswith(WS_SUBPROTOCOL_PREFIX)), None)
    first_message = key is None
    if first_message:
        await websocket.accept(subprotocol=chosen)
        key = await _key_from_first_message(websocket)
    try:
        principal = keyring.authenticate(key)
    except AuthenticationError as exc:
        await websocket.close(code=1008, reason=exc.message[:120])
        return None
    if scope not in principal.scopes:
        await websocket.close(code=1008, reason=f"this key lacks the '{scope}' scope")
        return None
    if first_message:
        await websocket.send_json({"type": "authenticated"})
    else:
        await websocket.accept(subprotocol=chosen)
    return principal


async def _key_from_first_message(websocket: WebSocket) -> str | None:
    import json

    try:
        with anyio.fail_after(WS_AUTH_TIMEOUT_SEC):
            text = await websocket.receive_text()
        message = json.loads(text)
    except (TimeoutError, WebSocketDisconnect, ValueError, KeyError):
        return None
    if isinstance(message, dict) and message.get("action") == "authenticate" and isinstance(message.get("api_key"), str):
        return str(message["api_key"])
    return None
