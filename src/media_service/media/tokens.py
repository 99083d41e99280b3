"""Signed, expiring tokens for `GET /api/v1/files/<token>`.

A token is `<payload>.<mac>`, both url-safe base64 without padding. The payload is
`<expiry unix seconds>:<size>:<sha256 prefix>:<path relative to OUTPUT_DIR>`; the MAC is
HMAC-SHA256 over a version tag and the payload with the service's signing key. Verification is
constant-time, checks the expiry, re-checks that the path resolves inside OUTPUT_DIR (no `..`, no
symlink escape), and that the file still has the size and content hash its job recorded: a file
replaced since is never served under the old URL. Hashes are cached by (path, size, mtime, inode),
so Range requests on one file hash it once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import time
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..errors import AuthorizationError, NotFoundError
from .config import MediaConfig
from .paths import is_within

__all__ = ["own_file", "sign_path", "signed_url", "verify_token"]

_TAG = b"media-file-v2\x00"
_HASH_HEX = 32  # 128 bits of SHA-256: enough to notice a replaced file


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, _TAG + payload, hashlib.sha256).digest()


def sign_path(cfg: MediaConfig, path: Path, *, ttl_seconds: int | None = None, now: float | None = None) -> str:
    """A token for a file under OUTPUT_DIR, valid for `ttl_seconds` (default OUTPUT_URL_TTL)."""
    real = Path(os.path.realpath(path))
    relative = real.relative_to(cfg.output_dir).as_posix()
    expires = int((time.time() if now is None else now) + (ttl_seconds or cfg.url_ttl_seconds))
    st = real.stat()
    digest = _file_digest(str(real), st.st_size, st.st_mtime_ns, st.st_ino)
    payload = f"{expires}:{st.st_size}:{digest}:{relative}".encode()
    return f"{_b64(payload)}.{_b64(_mac(cfg.signing_key, payload))}"


def signed_url(cfg: MediaConfig, path: Path, *, ttl_seconds: int | None = None, now: float | None = None) -> str:
    """The download URL for a file under OUTPUT_DIR: PUBLIC_BASE_URL (if set) + /api/v1/files/<token>.

    Without PUBLIC_BASE_URL the path stays relative here (a worker does not know how clients reach
    the API); API responses make it absolute on the request's base URL (`absolute_file_urls`).
    """
    token = sign_path(cfg, path, ttl_seconds=ttl_seconds, now=now)
    return f"{(cfg.public_base_url or '').rstrip('/')}{cfg.files_base_path}{token}"


def verify_token(token: str, cfg: MediaConfig, *, now: float | None = None) -> Path:
    """The file a token names. AuthorizationError (403) for a forged, malformed, expired or
    escaping token; NotFoundError (404) when a valid token's file has since been removed.
    """
    denied = AuthorizationError("invalid or expired file token")
    try:
        payload_b64, mac_b64 = token.split(".")
        payload, mac = _unb64(payload_b64), _unb64(mac_b64)
    except (ValueError, binascii.Error):
        raise denied from None
    if not hmac.compare_digest(mac, _mac(cfg.signing_key, payload)):
        raise denied
    try:
        expires_text, size_text, digest, relative = payload.decode().split(":", 3)
        expires, size = int(expires_text), int(size_text)
    except (UnicodeDecodeError, ValueError):
        raise denied from None
    if expires <= (time.time() if now is None else now):
        raise denied
    rel = PurePosixPath(relative)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise denied
    target = Path(os.path.realpath(cfg.output_dir / rel))
    if not is_within(target, cfg.output_dir) or target == cfg.output_dir:
        raise denied
    if not target.is_file():
        raise NotFoundError("file has expired or was removed")
    st = target.stat()
    if st.st_size != size or not hmac.compare_digest(
            _file_digest(str(target), st.st_size, st.st_mtime_ns, st.st_ino), digest):
        raise NotFoundError("file was replaced since this URL was issued")
    return target


def own_file(url: str, cfg: MediaConfig) -> Path | None:
    """The file behind one of our own signed download URLs (on whatever host the client saw us: only we can
    sign the token), or None for any other URL and for a token that does not verify."""
    path = urlsplit(url).path
    if not path.startswith(cfg.files_base_path):
        return None
    try:
        return verify_token(path[len(cfg.files_base_path):], cfg)
    except (AuthorizationError, NotFoundError):
        return None


@lru_cache(maxsize=512)
def _file_digest(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """SHA-256 prefix of a file's bytes; the stat fields are the cache key (a rewrite changes them)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()[:_HASH_HEX]
