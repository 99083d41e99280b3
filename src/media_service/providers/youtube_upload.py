"""YouTube Data API v3 `videos.insert` with the resumable protocol (providers.md §10.1).

1. `POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status` with the snippet/status JSON,
   `X-Upload-Content-Length` and `X-Upload-Content-Type` → the session URL in `Location` (followed verbatim);
2. `PUT <session>` chunk by chunk (`Content-Range: bytes a-b/total`, chunks multiples of 256 KiB except the
   last) → `308 Resume Incomplete` with `Range: bytes=0-N` until `200/201` with the video resource;
3. an interrupted chunk (network error, 5xx, 429) → `PUT <session>` with `Content-Range: bytes */total` asks
   what was stored (`308` + `Range`, none = 0; `200/201` = complete) and the upload resumes from there;
   a `404` (session expired) starts one new session;
4. optional thumbnail (`POST /upload/youtube/v3/thumbnails/set?videoId=`), then one
   `GET /youtube/v3/videos?part=status,processingDetails&id=` for the upload status.

Shorts: YouTube has no flag; vertical or square videos up to 3 minutes are Shorts, and `#Shorts` is added to
the description (not the title, which has 100 characters) when the caller asks for a Short.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

from media_service.errors import JobCancelledError

from .errors import ProviderError, ProviderRejectedError, ProviderRetryableError, ProviderUnavailableError
from .http import Cancelled, ProviderHttp, VendorError, parse_retry_after
from .oauth import OAuthToken
from .publishing import Post, Progress, Published, read_chunk

__all__ = ["CHUNK_UNIT", "YouTubePublisher", "read_youtube_error"]

CHUNK_UNIT = 256 * 1024
_SESSION = "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status"
_RANGE = re.compile(r"bytes=0-(\d+)")
_AUTH = frozenset({"authError", "unauthorized"})
_QUOTA = frozenset({"quotaExceeded", "uploadLimitExceeded", "dailyLimitExceeded"})
_THROTTLE = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


def read_youtube_error(response: httpx.Response) -> VendorError:
    """`{"error": {"code", "message", "errors": [{"domain", "reason", "message"}]}}`."""
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    reasons = [str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)]
    reason = reasons[0] if reasons else None
    message = str(error.get("message") or response.reason_phrase or response.status_code)
    return VendorError(f"{reason}: {message}" if reason else message, code=reason,
                       quota=reason in _QUOTA, auth=reason in _AUTH or response.status_code == 401,
                       retryable=reason in _THROTTLE, retry_after=parse_retry_after(response.headers),
                       refused=reason == "forbidden")


class YouTubePublisher:
    """Uploads to the channel the OAuth token belongs to."""

    name = "youtube"

    def __init__(self, http: ProviderHttp, token: OAuthToken, *, chunk_size: int = 8 * 1024 * 1024,
                 max_interruptions: int = 5) -> None:
        self.http = http
        self.token = token
        self.chunk_size = max(CHUNK_UNIT, chunk_size // CHUNK_UNIT * CHUNK_UNIT)
        self.max_interruptions = max_interruptions

    def publish(self, post: Post, *, progress: Progress, cancelled: Cancelled,
                log: Callable[[str], None]) -> Published:
        """Start a session, upload in chunks (resuming after interruptions), set the thumbnail, read the status."""
        size = post.video.stat().st_size
        notes: list[str] = []
        resource: dict[str, Any] | None = None
        for session_try in range(2):
            session = self._session(post, size)
            log(f"youtube: upload session started ({size} bytes in chunks of {self.chunk_size})")
            try:
                resource = self._upload(session, post, size, progress=progress, cancelled=cancelled, log=log)
                break
            except ProviderRejectedError as exc:
                if exc.details.get("status_code") != 404 or session_try:
                    raise
                log("youtube: the upload session expired (404); starting a new one")
        assert resource is not None
        video_id = str(resource.get("id") or "")
        if not video_id:
            raise ProviderRejectedError("youtube answered the upload without a video id", provider=self.name,
                                        reason="invalid_response")
        if post.thumbnail is not None:
            notes += self._thumbnail(video_id, post, log)
        status = self._status(video_id) or dict(resource.get("status") or {})
        upload_status = str(status.get("uploadStatus") or "uploaded")
        if upload_status in ("failed", "rejected", "deleted"):
            reason = status.get("rejectionReason") or status.get("failureReason") or upload_status
            raise ProviderUnavailableError(f"youtube {upload_status} the video: {reason}", provider=self.name)
        shorts = bool(post.options.get("shorts"))
        url = f"https://www.youtube.com/shorts/{video_id}" if shorts else f"https://www.youtube.com/watch?v={video_id}"
        return Published("youtube", video_id, url, upload_status, size,
                         details={"privacy_status": status.get("privacyStatus") or post.privacy,
                                  "publish_at": status.get("publishAt") or post.publish_at, "shorts": shorts},
                         notes=tuple(notes))

    # the session -------------------------------------------------------------------------------------
    def _session(self, post: Post, size: int) -> str:
        description = post.description
        if post.options.get("shorts") and "#shorts" not in description.lower():
            description = f"{description}\n\n#Shorts".strip()
        snippet: dict[str, Any] = {"title": post.title, "description": description, "tags": list(post.tags),
                                   "categoryId": str(post.options.get("category_id") or "22")}
        if post.options.get("default_language"):
            snippet["defaultLanguage"] = post.options["default_language"]
        status: dict[str, Any] = {"privacyStatus": post.privacy or "private",
                                  "selfDeclaredMadeForKids": bool(post.options.get("made_for_kids", False)),
                                  "containsSyntheticMedia": bool(post.options.get("contains_synthetic_media", True)),
                                  "license": "youtube", "embeddable": True}
        if post.publish_at:
            status["publishAt"] = post.publish_at
        path = _SESSION + ("" if post.options.get("notify_subscribers", True) else "&notifySubscribers=false")
        headers = {"X-Upload-Content-Length": str(size), "X-Upload-Content-Type": post.mime}
        response = self.token.call(lambda auth: self.http.send("POST", path, json={"snippet": snippet,
                                                                                   "status": status},
                                                               headers={**auth, **headers}))
        location = str(response.headers.get("location") or "")
        if not location:
            raise ProviderRejectedError("youtube started no upload session (no Location)", provider=self.name,
                                        reason="invalid_response")
        return location

    # the upload --------------------------------------------------------------------------------------
    def _upload(self, session: str, post: Post, size: int, *, progress: Progress, cancelled: Cancelled,
                log: Callable[[str], None]) -> dict[str, Any]:
        offset, interruptions = 0, 0
        while True:
            if cancelled():
                raise JobCancelledError("cancelled during the YouTube upload")
            chunk = read_chunk(post.video, offset, self.chunk_size)
            last = offset + len(chunk) - 1
            headers = {"Content-Type": post.mime, "Content-Range": f"bytes {offset}-{last}/{size}"}
            try:
                response = self._put(session, chunk, headers)
            except ProviderRetryableError as exc:
                interruptions += 1
                if interruptions > self.max_interruptions:
                    raise
                log(f"youtube: chunk at byte {offset} interrupted ({exc.details.get('reason')}); asking what "
                    "was stored")
                self.http.wait(exc.retry_after if exc.retry_after is not None else min(2.0 ** interruptions, 30),
                               cancelled)
                stored, resource = self._query(session, size)
                if resource is not None:
                    return resource
                log(f"youtube: resuming at byte {stored} of {size}")
                offset = stored
                continue
            if response.status_code != 308:
                progress(1.0, "uploaded")
                return dict(response.json())
            stored = _stored(response)
            if stored <= offset:  # the session took nothing of the chunk: count it like an interruption
                interruptions += 1
                if interruptions > self.max_interruptions:
                    raise ProviderUnavailableError(f"youtube kept the upload at byte {stored} of {size}",
                                                   provider=self.name)
            offset = stored
            progress(offset / size if size else 1.0, f"uploaded {offset} of {size} bytes")

    def _put(self, session: str, chunk: bytes, headers: dict[str, str]) -> httpx.Response:
        return self.token.call(lambda auth: self.http.transfer("PUT", session, content=chunk,
                                                               headers={**auth, **headers}, accept=(308,)))

    def _query(self, session: str, size: int) -> tuple[int, dict[str, Any] | None]:
        """Bytes the session holds (from `Range`), or the finished resource when it is complete."""
        for attempt in range(1, 4):
            try:
                response = self._put(session, b"", {"Content-Range": f"bytes */{size}"})
            except ProviderRetryableError as exc:
                if attempt == 3:
                    raise
                self.http.wait(exc.retry_after or float(attempt))
                continue
            if response.status_code == 308:
                return _stored(response), None
            return size, dict(response.json())
        raise AssertionError("unreachable")  # pragma: no cover

    # after the upload --------------------------------------------------------------------------------
    def _thumbnail(self, video_id: str, post: Post, log: Callable[[str], None]) -> list[str]:
        assert post.thumbnail is not None
        data = post.thumbnail.read_bytes()
        mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        try:
            self.token.call(lambda auth: self.http.transfer(
                "POST", f"/upload/youtube/v3/thumbnails/set?videoId={video_id}", content=data,
                headers={**auth, "Content-Type": mime}))
        except ProviderError as exc:  # the video is up; a thumbnail refused is a note, not a failed post
            log(f"youtube: thumbnail not set: {exc.message}")
            return [f"thumbnail not set: {exc.message}"]
        log("youtube: thumbnail set")
        return []

    def _status(self, video_id: str) -> dict[str, Any] | None:
        try:
            body = self.token.call(lambda auth: self.http.send(
                "GET", f"/youtube/v3/videos?part=status,processingDetails&id={video_id}", headers=auth)).json()
        except ProviderError:
            return None
        items = body.get("items") or []
        return dict(items[0].get("status") or {}) if items else None


def _stored(response: httpx.Response) -> int:
    """Bytes stored according to a 308's `Range: bytes=0-N` (absent: none)."""
    match = _RANGE.search(response.headers.get("range") or "")
    return int(match.group(1)) + 1 if match else 0
