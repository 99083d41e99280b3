"""Check a webhook delivery's signature (Standard Webhooks, as the service signs them):
`webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` keyed by the
service's WEBHOOK_SECRET (`whsec_<base64>`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from .errors import RemotionError

__all__ = ["WebhookVerificationError", "verify"]

TOLERANCE_SEC = 300


class WebhookVerificationError(RemotionError):
    """The delivery's signature, or its timestamp, does not check out."""


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    raise WebhookVerificationError(f"missing header {name}", code="WEBHOOK_INVALID")


def verify(payload: bytes | str, headers: Mapping[str, str], secret: str, *,
           tolerance: float | None = TOLERANCE_SEC) -> dict[str, Any]:
    """The delivery's JSON (`{"type", "timestamp", "data": <job>}`) when `payload` (the raw body) is signed
    by `secret`; WebhookVerificationError otherwise (a tampered body, another secret, or a timestamp more than
    `tolerance` seconds away from now: None skips that check)."""
    body = payload.decode() if isinstance(payload, bytes) else payload
    message_id = _header(headers, "webhook-id")
    stamp = _header(headers, "webhook-timestamp")
    try:
        timestamp = int(stamp)
        key = base64.b64decode(secret.removeprefix("whsec_"))
    except (ValueError, binascii.Error):
        raise WebhookVerificationError("bad timestamp or secret", code="WEBHOOK_INVALID") from None
    if tolerance is not None and abs(time.time() - timestamp) > tolerance:
        raise WebhookVerificationError("timestamp outside the tolerance", code="WEBHOOK_INVALID")
    expected = base64.b64encode(hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest())
    for signature in _header(headers, "webhook-signature").split():
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            parsed: dict[str, Any] = json.loads(body)
            return parsed
    raise WebhookVerificationError("no signature matches", code="WEBHOOK_INVALID")
