"""TikTok Content Posting API (providers.md §10.2): direct post or inbox (draft) upload from a file.

1. direct post only: `POST /v2/post/publish/creator_info/query/` — the privacy levels and the longest video
   this creator may post (a privacy level not offered, or a longer video, is a 400 naming the field);
2. `POST /v2/post/publish/video/init/` (`post_info` + `source_info`) or `/v2/post/publish/inbox/video/init/`
   (`source_info` only) → `publish_id` and an `upload_url` on TikTok's upload host (followed verbatim,
   without our token: the URL carries its own upload token; it passes the egress guard);
3. `PUT <upload_url>` chunk by chunk, sequentially, `Content-Range: bytes a-b/total` → `206` then `201`.
   Chunks: files under 5 MB in one; else `chunk_size` bytes each and the last one absorbs the remainder
   (`total_chunk_count = floor(size / chunk_size)`); a chunk refused with 429/5xx or cut off is sent again;
4. `POST /v2/post/publish/status/fetch/` until `PUBLISH_COMPLETE` (direct), `SEND_TO_USER_INBOX` (inbox) or
   `FAILED` (its `fail_reason` becomes the error).

Every answer wraps `{"data": …, "error": {"code": "ok", …}}`; an `error.code` other than ok is mapped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from media_service.errors import JobCancelledError, ValidationError

from .errors import ProviderRejectedError, ProviderRetryableError, ProviderUnavailableError
from .http import Cancelled, PollSchedule, ProviderHttp, VendorError
from .oauth import OAuthToken
from .publishing import Post, Progress, Published, read_chunk

__all__ = ["MIN_CHUNK", "TikTokPublisher", "chunk_plan", "read_tiktok_error"]

MIN_CHUNK = 5 * 1024 * 1024
MAX_CHUNK = 64 * 1024 * 1024
_AUTH = frozenset({"access_token_invalid", "scope_not_authorized", "token_expired"})
_THROTTLE = frozenset({"rate_limit_exceeded"})
_DONE = {"direct": frozenset({"PUBLISH_COMPLETE", "FAILED"}),
         "inbox": frozenset({"SEND_TO_USER_INBOX", "PUBLISH_COMPLETE", "FAILED"})}


def read_tiktok_error(response: httpx.Response) -> VendorError:
    """`{"error": {"code", "message", "log_id"}}`; auth codes refresh the token, spam/audit codes refuse."""
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    code = str(error.get("code") or "") or None
    message = str(error.get("message") or response.reason_phrase)
    return VendorError(f"{code}: {message}" if code else message, code=code,
                       auth=code in _AUTH or response.status_code == 401, retryable=code in _THROTTLE,
                       refused=response.status_code == 403 and code not in _AUTH)


def chunk_plan(size: int, chunk_size: int) -> tuple[int, int]:
    """(chunk_size, total_chunk_count) by TikTok's rules: under 5 MB one chunk of the whole file; else
    `chunk_size` clamped to 5–64 MB and floor(size / chunk_size) chunks, the last absorbing the rest."""
    if size < MIN_CHUNK:
        return size, 1
    chunk = min(max(chunk_size, MIN_CHUNK), MAX_CHUNK, size)
    return chunk, max(1, size // chunk)


class TikTokPublisher:
    """Posts to the TikTok account the user token belongs to."""

    name = "tiktok"

    def __init__(self, http: ProviderHttp, token: OAuthToken, *, schedule: PollSchedule,
                 chunk_size: int = 10 * 1024 * 1024, chunk_attempts: int = 4) -> None:
        self.http = http
        self.token = token
        self.schedule = schedule
        self.chunk_size = chunk_size
        self.chunk_attempts = chunk_attempts

    def _call(self, path: str, body: dict[str, Any], *, paid: bool = False) -> dict[str, Any]:
        response = self.token.call(lambda auth: self.http.send("POST", path, json=body, headers=auth, paid=paid))
        answer = response.json()
        error = answer.get("error") or {}
        if error.get("code") not in (None, "ok"):
            raise self.http.map_error(response)
        return dict(answer.get("data") or {})

    def publish(self, post: Post, *, progress: Progress, cancelled: Cancelled,
                log: Callable[[str], None]) -> Published:
        """Creator info (direct), init, chunked upload, status polling to the end."""
        mode = str(post.options.get("mode") or "direct")
        size = post.video.stat().st_size
        creator: dict[str, Any] = {}
        if mode == "direct":
            creator = self._call("/v2/post/publish/creator_info/query/", {})
            self._check_creator(creator, post)
        chunk, count = chunk_plan(size, self.chunk_size)
        source = {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk, "total_chunk_count": count}
        if mode == "direct":
            info: dict[str, Any] = {"title": post.caption, "privacy_level": post.privacy or "SELF_ONLY",
                                    "is_aigc": bool(post.options.get("is_aigc", True))}
            for key in ("disable_duet", "disable_comment", "disable_stitch", "video_cover_timestamp_ms"):
                if post.options.get(key) is not None:
                    info[key] = post.options[key]
            init = self._call("/v2/post/publish/video/init/", {"post_info": info, "source_info": source}, paid=True)
        else:
            init = self._call("/v2/post/publish/inbox/video/init/", {"source_info": source}, paid=True)
        publish_id, upload_url = str(init.get("publish_id") or ""), str(init.get("upload_url") or "")
        if not publish_id or not upload_url:
            raise ProviderRejectedError("tiktok init answered without publish_id/upload_url", provider=self.name,
                                        reason="invalid_response")
        log(f"tiktok: {mode} post {publish_id} started ({size} bytes in {count} chunk(s))")
        self._upload(upload_url, post, size, chunk, count, progress=progress, cancelled=cancelled, log=log)
        state = self.http.poll(lambda: self._call("/v2/post/publish/status/fetch/", {"publish_id": publish_id}),
                               done=lambda s: s.get("status") in _DONE[mode], schedule=self.schedule,
                               cancelled=cancelled)
        status = str(state.get("status"))
        if status == "FAILED":
            raise ProviderUnavailableError(f"tiktok failed the post: {state.get('fail_reason') or 'no reason given'}",
                                           provider=self.name, provider_message=str(state.get("fail_reason")))
        ids = [str(i) for i in state.get("publicaly_available_post_id") or state.get("publicly_available_post_id")
               or []]
        user = creator.get("creator_username")
        url = f"https://www.tiktok.com/@{user}/video/{ids[0]}" if ids and user else None
        notes = () if ids else ("TikTok has not published a post id yet (moderation can take hours); "
                                "post_id is the publish_id",)
        return Published("tiktok", ids[0] if ids else publish_id, url, status, size,
                         details={"publish_id": publish_id, "mode": mode, "privacy_level": post.privacy,
                                  "creator_username": user}, notes=notes)

    def _check_creator(self, creator: dict[str, Any], post: Post) -> None:
        options = creator.get("privacy_level_options") or []
        if post.privacy and options and post.privacy not in options:
            raise ValidationError(f"this TikTok account offers {', '.join(map(str, options))}",
                                  field="tiktok.privacy_level")
        longest = creator.get("max_video_post_duration_sec")
        duration = post.options.get("duration_seconds")
        if isinstance(longest, (int, float)) and isinstance(duration, (int, float)) and duration > longest:
            raise ValidationError(f"{duration:.1f} s is longer than this TikTok account may post ({longest} s)",
                                  field="video")

    def _upload(self, url: str, post: Post, size: int, chunk: int, count: int, *, progress: Progress,
                cancelled: Cancelled, log: Callable[[str], None]) -> None:
        for index in range(count):
            if cancelled():
                raise JobCancelledError("cancelled during the TikTok upload")
            start = index * chunk
            length = size - start if index == count - 1 else chunk
            data = read_chunk(post.video, start, length)
            headers = {"Content-Type": post.mime, "Content-Range": f"bytes {start}-{start + length - 1}/{size}"}
            for attempt in range(1, self.chunk_attempts + 1):
                try:
                    self.http.transfer("PUT", url, content=data, headers=headers, accept=(206,))
                    break
                except ProviderRetryableError as exc:
                    if attempt == self.chunk_attempts:
                        raise
                    log(f"tiktok: chunk {index + 1}/{count} not taken ({exc.details.get('reason')}); sending "
                        "it again")
                    self.http.wait(exc.retry_after if exc.retry_after is not None else float(attempt), cancelled)
            progress((index + 1) / count, f"uploaded chunk {index + 1} of {count}")
