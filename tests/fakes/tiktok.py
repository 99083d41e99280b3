"""TikTok Content Posting API fake (providers.md §10.2 checklist).

- `Authorization: Bearer act.…` on the API (else 401 `access_token_invalid`); `expire()` makes the configured
  token stale; `POST /v2/oauth/token/` refreshes (form: client_key, client_secret, grant_type=refresh_token,
  refresh_token), else 400 `invalid_grant`;
- `creator_info/query/` → privacy options, `max_video_post_duration_sec`, `creator_username`;
- `video/init/` (direct) and `inbox/video/init/` check the chunk arithmetic (under 5 MB: one chunk of the
  whole file; else 5–64 MB chunks, `total_chunk_count == floor(size / chunk_size)`, last ≤ 128 MB) → 400
  `invalid_param`; a direct post's title ≤ 2200 characters and privacy among the options; an unaudited
  client (the default) may only post `SELF_ONLY` → 403 `unaudited_client_can_only_post_to_private_accounts`;
  the 7th init within a minute → 429 `rate_limit_exceeded`;
- `upload_url` on `delivery_host` (default "localhost": another origin, like open-upload.tiktokapis.com):
  PUT chunks in order with `Content-Range`, each the planned size → 206, the last → 201; never a token;
- `status/fetch/`: `PROCESSING_UPLOAD` until the upload is whole, then one more `PROCESSING_UPLOAD`, then
  `PUBLISH_COMPLETE` with `publicaly_available_post_id` (inbox: `SEND_TO_USER_INBOX`); a title containing
  FAIL_ME ends `FAILED` with `fail_reason`.

Faults: "rate_limit" (429 + Retry-After: 1 on the next init), "upload_error" (the next chunk → 500, not kept).
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

from .base import FakeServer, Received, Reply
from .oauth import OAuthAccount

_MB = 1024 * 1024
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")
OPTIONS = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]


def _answer(status: int, data: dict[str, Any], code: str = "ok", message: str = "",
            headers: dict[str, str] | None = None) -> Reply:
    return Reply.json(status, {"data": data, "error": {"code": code, "message": message,
                                                       "log_id": "202612031540fake"}}, headers)


class TikTokFake(FakeServer):
    key = "act.fake-tiktok-access-token"
    vendor = "tiktok"

    def __init__(self, *, port: int = 0, delivery_host: str = "localhost", audited: bool = False,
                 max_duration_sec: int = 600, inits_per_minute: int = 6) -> None:
        super().__init__(port=port)
        self.account = OAuthAccount(self.key, prefix="act.fake-", client_id="awfakeclientkey",
                                    client_secret="fake-tiktok-secret", refresh_token="rft.fake-refresh",
                                    id_field="client_key")
        self.delivery_host = delivery_host
        self.audited = audited
        self.max_duration_sec = max_duration_sec
        self.inits_per_minute = inits_per_minute
        self.publishes: dict[str, dict[str, Any]] = {}
        self._inits: list[float] = []
        self._ids = itertools.count(1)

    @property
    def delivery_origins(self) -> tuple[str, ...]:
        return (f"{self.delivery_host}:{self.port}",)

    def refresh_env(self) -> dict[str, str]:
        return {"TIKTOK_REFRESH_TOKEN": self.account.refresh_token, "TIKTOK_CLIENT_KEY": self.account.client_id,
                "TIKTOK_CLIENT_SECRET": self.account.client_secret}

    def expire(self) -> None:
        self.account.expire()

    def uploads(self) -> list[Received]:
        return [r for r in self.requests if r.method == "PUT" and r.path == "/upload/"]

    def handle(self, request: Received) -> Reply:
        if request.method == "PUT" and request.path == "/upload/":
            return self._chunk(request)
        if request.method == "POST" and request.path == "/v2/oauth/token/":
            token = self.account.refresh(request)
            if token is None:
                return Reply.json(400, {"error": "invalid_grant", "error_description": "Refresh token is invalid",
                                        "log_id": "fake"})
            return Reply.json(200, {"access_token": token, "expires_in": 86400, "open_id": "fake-open-id",
                                    "refresh_token": self.account.refresh_token, "refresh_expires_in": 31536000,
                                    "scope": "video.publish,video.upload", "token_type": "Bearer"})
        if not self.account.accepts(request):
            return _answer(401, {}, "access_token_invalid", "The access token is invalid or not found in the request.")
        if request.path == "/v2/post/publish/creator_info/query/":
            return _answer(200, {"creator_avatar_url": "https://p16.example/a.jpg", "creator_username": "fakecreator",
                                 "creator_nickname": "Fake Creator", "privacy_level_options": OPTIONS,
                                 "comment_disabled": False, "duet_disabled": False, "stitch_disabled": False,
                                 "max_video_post_duration_sec": self.max_duration_sec})
        if request.path in ("/v2/post/publish/video/init/", "/v2/post/publish/inbox/video/init/"):
            return self._init(request, direct="inbox" not in request.path)
        if request.path == "/v2/post/publish/status/fetch/":
            return self._status(str((request.json() or {}).get("publish_id")))
        return _answer(404, {}, "invalid_param", "Not found")

    def _init(self, request: Received, *, direct: bool) -> Reply:
        now = time.monotonic()
        self._inits = [t for t in self._inits if now - t < 60]
        if self.take_fault("rate_limit") or len(self._inits) >= self.inits_per_minute:
            return _answer(429, {}, "rate_limit_exceeded", "Too many requests", {"Retry-After": "1"})
        self._inits.append(now)
        body = request.json() or {}
        source, info = body.get("source_info") or {}, body.get("post_info") or {}
        problem = self._check_chunks(source)
        if problem:
            return _answer(400, {}, "invalid_param", problem)
        if direct:
            if len(str(info.get("title") or "").encode("utf-16-le")) // 2 > 2200:
                return _answer(400, {}, "invalid_param", "title is longer than 2200 characters")
            if info.get("privacy_level") not in OPTIONS:
                return _answer(400, {}, "privacy_level_option_mismatch", "privacy_level is not an option")
            if not self.audited and info.get("privacy_level") != "SELF_ONLY":
                return _answer(403, {}, "unaudited_client_can_only_post_to_private_accounts",
                               "Unaudited clients can only post to a private account")
        publish_id = f"v_pub_file~v2-1.{7361234567890 + next(self._ids)}"
        token = f"fake{len(self.publishes)}"
        self.publishes[publish_id] = {"direct": direct, "info": info, "source": source, "data": bytearray(),
                                  "polls": 0, "token": token}
        url = f"http://{self.delivery_host}:{self.port}/upload/?upload_id={publish_id}&upload_token={token}"
        return _answer(200, {"publish_id": publish_id, "upload_url": url})

    @staticmethod
    def _check_chunks(source: dict[str, Any]) -> str | None:
        if source.get("source") != "FILE_UPLOAD":
            return "source must be FILE_UPLOAD"
        try:
            size, chunk, count = (int(source[k]) for k in ("video_size", "chunk_size", "total_chunk_count"))
        except (KeyError, TypeError, ValueError):
            return "video_size, chunk_size and total_chunk_count are required"
        if size < 5 * _MB:
            return None if (chunk, count) == (size, 1) else "files under 5 MB go in one chunk of the whole size"
        if not 5 * _MB <= chunk <= 64 * _MB:
            return "chunk_size must be 5-64 MB"
        if count != size // chunk or not 1 <= count <= 1000:
            return f"total_chunk_count must be {size // chunk}"
        if size - (count - 1) * chunk > 128 * _MB:
            return "the last chunk may be at most 128 MB"
        return None

    def _chunk(self, request: Received) -> Reply:
        post = self.publishes.get((request.query.get("upload_id") or [""])[0])
        if post is None or (request.query.get("upload_token") or [""])[0] != post["token"]:
            return _answer(404, {}, "invalid_param", "unknown upload")
        source, data = post["source"], post["data"]
        match = _RANGE.fullmatch(request.headers.get("content-range", ""))
        if match is None:
            return _answer(400, {}, "invalid_param", "Content-Range is required")
        first, last, total = (int(g) for g in match.groups())
        index = len(data) // int(source["chunk_size"]) if total > len(data) else -1
        count = int(source["total_chunk_count"])
        expected = total - len(data) if index == count - 1 else int(source["chunk_size"])
        if (total != int(source["video_size"]) or first != len(data) or last - first + 1 != len(request.body)
                or len(request.body) != expected):
            return _answer(416, {}, "invalid_param", f"expected bytes {len(data)}-{len(data) + expected - 1}/{total}")
        if self.take_fault("upload_error"):
            return _answer(500, {}, "internal_error", "upload failed, try again")
        data.extend(request.body)
        return Reply(201 if len(data) == total else 206, b"")

    def _status(self, publish_id: str) -> Reply:
        post = self.publishes.get(publish_id)
        if post is None:
            return _answer(400, {}, "invalid_param", "publish_id not found")
        whole = len(post["data"]) == int(post["source"]["video_size"])
        data: dict[str, Any] = {"status": "PROCESSING_UPLOAD", "uploaded_bytes": len(post["data"])}
        if whole:
            post["polls"] += 1
        if whole and post["polls"] >= 2:
            if "FAIL_ME" in str(post["info"].get("title")):
                data = {"status": "FAILED", "fail_reason": "file_format_check_failed"}
            elif post["direct"]:
                data = {"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": [7361234567890123000 +
                                                                                     len(self.publishes)],
                        "uploaded_bytes": len(post["data"])}
            else:
                data = {"status": "SEND_TO_USER_INBOX", "uploaded_bytes": len(post["data"])}
        return _answer(200, data)
