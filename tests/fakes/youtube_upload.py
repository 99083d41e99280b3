"""YouTube Data API v3 upload fake (providers.md §10.1 checklist): `videos.insert` and what publishing uses.

- `Authorization: Bearer <token>` on every API call, else `401` + reason `authError`; `expire()` makes the
  configured token stale; `POST /token` (Google's OAuth endpoint stand-in) refreshes with
  `grant_type=refresh_token`, the refresh token and the client credentials (else 400 `invalid_grant`);
- `POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status` checks the snippet (title ≤ 100
  characters without `<`/`>` → else 400 `invalidTitle`; description ≤ 5000 bytes; tags ≤ 500 characters;
  `publishAt` only with `private`) and `X-Upload-Content-Length`, answers 200 with an absolute `Location`
  on the fake; the `uploads_per_day`+1-th session → 403 `quotaExceeded`;
- `PUT <Location>`: `Content-Range: bytes a-b/N` chunks from the stored offset (a multiple of 256 KiB except
  the last) → `308` + `Range: bytes=0-M` until complete → `201` with the video resource; `bytes */N` asks
  the status (`308` with `Range`, none when empty; `201` when complete); an unknown session → 404;
- `GET /youtube/v3/videos?part=status,processingDetails&id=` → `processed`; thumbnails via
  `POST /upload/youtube/v3/thumbnails/set?videoId=` (PNG/JPEG bytes).

Faults: "rate_limit" (429 `rateLimitExceeded` + Retry-After: 1 on the session POST), "quota" (403
`quotaExceeded`), "interrupt" (the next chunk PUT stores half its bytes, then the connection drops),
"chunk_error" (the next chunk PUT answers 503 without storing), "expire_session" (the next PUT → 404).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from .base import DROP, FakeServer, Received, Reply
from .oauth import OAuthAccount

_UNIT = 256 * 1024
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


def _error(status: int, reason: str, message: str, domain: str = "youtube.video") -> Reply:
    return Reply.json(status, {"error": {"code": status, "message": message,
                                         "errors": [{"domain": domain, "reason": reason, "message": message}]}})


class YouTubeUploadFake(FakeServer):
    key = "ya29.fake-youtube-access-token"
    vendor = "youtube_upload"

    def __init__(self, *, port: int = 0, uploads_per_day: int = 100) -> None:
        super().__init__(port=port)
        self.account = OAuthAccount(self.key, prefix="ya29.fake-", client_id="fake-client.apps.googleusercontent.com",
                                    client_secret="GOCSPX-fake-secret", refresh_token="1//fake-refresh-token")
        self.uploads_per_day = uploads_per_day
        self.sessions: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, dict[str, Any]] = {}
        self.thumbnails: dict[str, bytes] = {}
        self._ids = itertools.count(1)

    @property
    def extra_env(self) -> dict[str, str]:
        return {"YOUTUBE_TOKEN_URL": f"{self.origin}/token"}

    def refresh_env(self) -> dict[str, str]:
        """The settings that let the adapter refresh its token here."""
        return {"YOUTUBE_REFRESH_TOKEN": self.account.refresh_token, "YOUTUBE_CLIENT_ID": self.account.client_id,
                "YOUTUBE_CLIENT_SECRET": self.account.client_secret}

    def expire(self) -> None:
        self.account.expire()

    def stored(self, video_id: str) -> bytes:
        """The bytes uploaded for a finished video."""
        return bytes(self.videos[video_id]["_data"])

    def handle(self, request: Received) -> Reply:
        if request.method == "POST" and request.path == "/token":
            token = self.account.refresh(request)
            if token is None:
                return Reply.json(400, {"error": "invalid_grant", "error_description": "Bad Request"})
            return Reply.json(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer",
                                    "scope": "https://www.googleapis.com/auth/youtube.upload"})
        if not self.account.accepts(request):
            return _error(401, "authError", "Invalid Credentials", domain="global")
        if request.path == "/upload/youtube/v3/videos" and request.method == "POST":
            return self._session(request)
        if request.path == "/upload/youtube/v3/videos" and request.method == "PUT":
            return self._put(request)
        if request.path == "/youtube/v3/videos" and request.method == "GET":
            ids = (request.query.get("id") or [""])[0].split(",")
            items = [self._public(self.videos[i], "processed") for i in ids if i in self.videos]
            return Reply.json(200, {"kind": "youtube#videoListResponse", "items": items})
        if request.path == "/upload/youtube/v3/thumbnails/set" and request.method == "POST":
            video_id = (request.query.get("videoId") or [""])[0]
            if video_id not in self.videos:
                return _error(404, "videoNotFound", "The video could not be found")
            if not (request.body.startswith(b"\x89PNG") or request.body.startswith(b"\xff\xd8\xff")):
                return _error(400, "invalidImage", "The image is not a PNG or JPEG", domain="youtube.thumbnail")
            self.thumbnails[video_id] = request.body
            return Reply.json(200, {"kind": "youtube#thumbnailSetResponse", "items": [{"default": {"url":
                                    f"https://i.ytimg.com/vi/{video_id}/default.jpg"}}]})
        return _error(404, "notFound", "Not Found", domain="global")

    def _session(self, request: Received) -> Reply:
        if (request.query.get("uploadType") or [""])[0] != "resumable":
            return _error(400, "badRequest", "uploadType must be resumable", domain="global")
        fault = self.take_fault("rate_limit", "quota")
        if fault == "rate_limit":
            reply = _error(429, "rateLimitExceeded", "Too many requests", domain="usageLimits")
            reply.headers["Retry-After"] = "1"
            return reply
        if fault == "quota" or len(self.sessions) >= self.uploads_per_day:
            return _error(403, "quotaExceeded", "The request cannot be completed because you have exceeded your "
                          "quota.", domain="youtube.quota")
        body = request.json() or {}
        snippet, status = body.get("snippet") or {}, body.get("status") or {}
        title = str(snippet.get("title") or "")
        if not title or len(title) > 100 or "<" in title or ">" in title:
            return _error(400, "invalidTitle", "The request metadata specifies an invalid video title.")
        if len(str(snippet.get("description") or "").encode()) > 5000:
            return _error(400, "invalidDescription", "The request metadata specifies an invalid video description.")
        if sum(len(t) for t in snippet.get("tags") or []) > 500:
            return _error(400, "invalidTags", "The request metadata specifies invalid video keywords.")
        if status.get("publishAt") and status.get("privacyStatus") != "private":
            return _error(400, "invalidPublishAt", "publishAt requires privacyStatus private.")
        try:
            total = int(request.headers["x-upload-content-length"])
        except (KeyError, ValueError):
            return _error(400, "badContent", "X-Upload-Content-Length is required", domain="global")
        upload_id = f"AEnB2Ufake{next(self._ids):04d}"
        self.sessions[upload_id] = {"total": total, "data": bytearray(), "meta": body, "video": None,
                                    "type": request.headers.get("x-upload-content-type")}
        location = self.absolute(request, "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status"
                                          f"&upload_id={upload_id}")
        return Reply(200, b"", {"Location": location})

    def _put(self, request: Received) -> Reply:
        session = self.sessions.get((request.query.get("upload_id") or [""])[0])
        if session is None or self.take_fault("expire_session"):
            return _error(404, "notFound", "The upload session was not found or has expired", domain="global")
        data: bytearray = session["data"]
        content_range = request.headers.get("content-range", "")
        if content_range.startswith("bytes */"):
            return self._done(session) if session["video"] else self._incomplete(data)
        match = _RANGE.fullmatch(content_range)
        if match is None or int(match.group(3)) != session["total"]:
            return _error(400, "badContent", f"Invalid Content-Range {content_range!r}", domain="global")
        first, last, total = (int(g) for g in match.groups())
        if first != len(data) or last - first + 1 != len(request.body):
            return self._incomplete(data)  # not where the session stands: tell the client what it has
        if last + 1 != total and len(request.body) % _UNIT:
            return _error(400, "badContent", "Chunks must be multiples of 256 KiB except the last", domain="global")
        fault = self.take_fault("interrupt", "chunk_error")
        if fault == "interrupt":
            data.extend(request.body[:len(request.body) // 2])
            return Reply(DROP)
        if fault == "chunk_error":
            return _error(503, "backendError", "Backend Error", domain="global")
        data.extend(request.body)
        if len(data) < total:
            return self._incomplete(data)
        video_id = f"Fk{next(self._ids):09d}"
        meta = session["meta"]
        session["video"] = self.videos[video_id] = {"id": video_id, "snippet": meta.get("snippet") or {},
                                                    "status": {**(meta.get("status") or {}),
                                                               "uploadStatus": "uploaded"},
                                                    "_data": bytes(data), "_type": session["type"]}
        return self._done(session)

    def _done(self, session: dict[str, Any]) -> Reply:
        return Reply.json(201, self._public(session["video"], "uploaded"))

    @staticmethod
    def _incomplete(data: bytearray) -> Reply:
        headers = {"Range": f"bytes=0-{len(data) - 1}"} if data else {}
        return Reply(308, b"", headers)

    @staticmethod
    def _public(video: dict[str, Any], upload_status: str) -> dict[str, Any]:
        status = {**video["status"], "uploadStatus": upload_status}
        return {"kind": "youtube#video", "id": video["id"], "snippet": video["snippet"], "status": status}
