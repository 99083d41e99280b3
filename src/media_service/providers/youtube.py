"""YouTube Data API v3, read only, with an API key (`YOUTUBE_API_KEY`, sent as `X-Goog-Api-Key`, never in
the URL): a video's metadata (`videos.list`, 1 quota unit), its caption tracks (`captions.list`, 50 units)
and, where the API lets this key have it, a track's text (`captions.download`, WebVTT; the API answers 403
unless the video's owner allows it — then there is no transcript, and the result says why). No scraping.

Errors are `{"error": {"code", "message", "errors": [{"reason", "domain"}]}}`: `quotaExceeded` (403, until
midnight Pacific) is a quota error, never retried; `rateLimitExceeded` / `userRateLimitExceeded` (403 or 429)
are retried with backoff; `keyInvalid` / 400 "API key not valid" is an auth error naming the setting. An id
`videos.list` does not know is a 404 naming the video.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import httpx

from media_service.errors import NotFoundError

from .errors import ProviderAuthError, ProviderRejectedError
from .http import Cancelled, ProviderHttp, VendorError, parse_retry_after

__all__ = ["CaptionTrack", "YouTubeData", "YouTubeVideo", "read_youtube_error", "video_id_of"]

_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com",
          "www.youtube-nocookie.com")
_DURATION = re.compile(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?")
_RATE_LIMITS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


def video_id_of(value: str) -> str | None:
    """The 11-character video id of a YouTube URL (watch?v=, youtu.be/, /shorts/, /embed/, /live/, /v/) or of
    a bare id; None when `value` is neither."""
    text = value.strip()
    if _ID.fullmatch(text):
        return text
    url = urlparse(text if "://" in text else f"https://{text}")
    host = (url.hostname or "").lower()
    candidate = None
    if host in ("youtu.be", "www.youtu.be"):
        candidate = url.path.strip("/").split("/")[0]
    elif host in _HOSTS:
        parts = [p for p in url.path.split("/") if p]
        if parts[:1] == ["watch"]:
            candidate = (parse_qs(url.query).get("v") or [""])[0]
        elif len(parts) >= 2 and parts[0] in ("shorts", "embed", "live", "v"):
            candidate = parts[1]
    return candidate if candidate and _ID.fullmatch(candidate) else None


def read_youtube_error(response: httpx.Response) -> VendorError:
    """Google's error body → the shared reading (see the module docstring)."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {}
    reasons = {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}
    message = str(error.get("message") or response.reason_phrase)
    reason = next(iter(sorted(reasons)), None)
    if "quotaExceeded" in reasons or "dailyLimitExceeded" in reasons:
        return VendorError(message, code="quotaExceeded", quota=True)
    if reasons & _RATE_LIMITS or response.status_code == 429:
        return VendorError(message, code=reason, retryable=True, retry_after=parse_retry_after(response.headers))
    bad_key = "keyInvalid" in reasons or "api key not valid" in message.lower()
    return VendorError(message, code=reason, auth=bad_key)


@dataclass(frozen=True, slots=True)
class YouTubeVideo:
    """What videos.list says about one video."""

    id: str
    title: str
    description: str
    channel_title: str
    published_at: str | None
    tags: tuple[str, ...]
    duration_seconds: float | None
    language: str | None
    has_captions: bool
    view_count: int | None
    like_count: int | None
    comment_count: int | None


@dataclass(frozen=True, slots=True)
class CaptionTrack:
    """One caption track of captions.list."""

    id: str
    language: str
    name: str
    kind: str  # standard | asr (automatic) | forced


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, str)) and str(value).isdigit() else None


def _duration(value: Any) -> float | None:
    match = _DURATION.fullmatch(str(value or ""))
    if not value or match is None:
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


class YouTubeData:
    """The read-only calls above, through ProviderHttp (retries, egress, key scrubbed from messages)."""

    name = "youtube"

    def __init__(self, http: ProviderHttp) -> None:
        self.http = http

    def video(self, video_id: str, *, cancelled: Cancelled | None = None) -> YouTubeVideo:
        """The video's snippet, contentDetails and statistics; NotFoundError when the API knows no such id."""
        query = urlencode({"part": "snippet,contentDetails,statistics", "id": video_id})
        body = self.http.send("GET", f"videos?{query}", cancelled=cancelled).json()
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ProviderRejectedError("youtube answered without items", provider=self.name,
                                        reason="invalid_response")
        if not items:
            raise NotFoundError(f"YouTube has no video {video_id!r} (or it is private)",
                                details={"field": "url", "video_id": video_id})
        item = items[0]
        snippet, details, stats = item.get("snippet") or {}, item.get("contentDetails") or {}, item.get("statistics") or {}
        return YouTubeVideo(
            id=str(item.get("id") or video_id), title=str(snippet.get("title") or ""),
            description=str(snippet.get("description") or ""), channel_title=str(snippet.get("channelTitle") or ""),
            published_at=snippet.get("publishedAt"), tags=tuple(str(t) for t in snippet.get("tags") or []),
            duration_seconds=_duration(details.get("duration")),
            language=snippet.get("defaultAudioLanguage") or snippet.get("defaultLanguage"),
            has_captions=str(details.get("caption")).lower() == "true", view_count=_int(stats.get("viewCount")),
            like_count=_int(stats.get("likeCount")), comment_count=_int(stats.get("commentCount")))

    def captions(self, video_id: str, *, cancelled: Cancelled | None = None) -> list[CaptionTrack]:
        """The video's caption tracks (standard ones first, then automatic)."""
        query = urlencode({"part": "snippet", "videoId": video_id})
        body = self.http.send("GET", f"captions?{query}", cancelled=cancelled).json()
        tracks = []
        for item in body.get("items") or [] if isinstance(body, dict) else []:
            snippet = item.get("snippet") or {}
            tracks.append(CaptionTrack(str(item.get("id")), str(snippet.get("language") or ""),
                                       str(snippet.get("name") or ""), str(snippet.get("trackKind") or "standard")))
        return sorted(tracks, key=lambda t: t.kind.lower() == "asr")

    def download(self, track: CaptionTrack, *, cancelled: Cancelled | None = None) -> str | None:
        """The track as WebVTT text, or None when the API does not let this key download it (403)."""
        try:
            response = self.http.send("GET", f"captions/{track.id}?{urlencode({'tfmt': 'vtt'})}", cancelled=cancelled)
        except ProviderAuthError:
            return None
        return response.text
