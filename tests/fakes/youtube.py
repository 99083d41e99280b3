"""YouTube Data API v3 fake (read-only, API key): `GET /videos?part=…&id=…`, `GET /captions?part=snippet&videoId=…`,
`GET /captions/{id}?tfmt=vtt`. The key must come as `X-Goog-Api-Key` (or `key=`, which the real API also takes;
the fake records where it came from): missing or wrong → 400 `keyInvalid` "API key not valid". Quota units are
spent as the real API counts them (videos.list 1, captions.list 50, captions.download 200); past `quota` every
call is a 403 `quotaExceeded`. Faults: `inject("rate_limit")` → 429 `rateLimitExceeded` with Retry-After: 1;
`inject("quota")` → one 403 `quotaExceeded`. An unknown id gives `items: []` (the real API's not-found);
`captions.list` for one gives 404 `videoNotFound`. A track's text downloads only when its video allows
third-party downloads (`downloadable`), else 403 `forbidden` — as with the real API without the owner's OAuth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .base import FakeServer, Received, Reply

COSTS = {"videos": 1, "captions": 50, "download": 200}


@dataclass
class FakeVideo:
    id: str
    title: str
    description: str
    duration: str = "PT45S"
    language: str = "en"
    tags: list[str] = field(default_factory=list)
    captions: dict[str, str] = field(default_factory=dict)  # track language → WebVTT
    downloadable: bool = True


SPOKEN = ("WEBVTT\n\n00:00:00.400 --> 00:00:03.000\nWhy do some people learn twice as fast?\n\n"
          "00:00:03.000 --> 00:00:07.500\nThe secret is sleep: your brain replays the day at night.\n\n"
          "00:00:07.500 --> 00:00:11.000\n<c>Skip it</c> and your memory drops by forty percent.\n\n"
          "00:00:11.000 --> 00:00:14.000\nFollow for more science you can use.\n")
VIDEOS = {v.id: v for v in (
    FakeVideo("dQw4w9WgXcQ", "Why sleep makes you smarter", "The science of sleep and memory, in 45 seconds.",
              tags=["sleep", "memory", "science"], captions={"en": SPOKEN}),
    FakeVideo("privateCap1", "Morning routine that works", "Five habits for a better morning. Try them tomorrow.",
              duration="PT1M2S", captions={"en": SPOKEN}, downloadable=False),
    FakeVideo("noCaptions1", "Quick pasta recipe", "Dinner in ten minutes with three ingredients.", duration="PT30S"),
)}


def _error(status: int, reason: str, message: str, headers: dict[str, str] | None = None) -> Reply:
    domain = "youtube.quota" if reason == "quotaExceeded" else "global"
    return Reply.json(status, {"error": {"code": status, "message": message,
                                         "errors": [{"reason": reason, "domain": domain, "message": message}]}},
                      headers)


class YouTubeFake(FakeServer):
    key = "AIzaFakeYouTubeKey0123456789abcdefghij"
    vendor = "youtube"

    def __init__(self, *, port: int = 0, quota: int = 10_000) -> None:
        super().__init__(port=port)
        self.quota = quota
        self.spent = 0
        self.key_sources: list[str] = []

    def handle(self, request: Received) -> Reply:
        header = request.headers.get("x-goog-api-key")
        query_key = (request.query.get("key") or [None])[0]
        given = header or query_key
        if given != self.key:
            return _error(400, "keyInvalid", "API key not valid. Please pass a valid API key.")
        self.key_sources.append("header" if header else "query")
        parts = [p for p in request.path.split("/") if p]
        kind = "download" if len(parts) == 2 and parts[0] == "captions" else parts[0] if parts else ""
        if kind not in COSTS:
            return _error(404, "notFound", "Not Found")
        if self.take_fault("rate_limit"):
            return _error(429, "rateLimitExceeded", "The request cannot be completed because you have exceeded your "
                          "quota.", {"Retry-After": "1"})
        if self.take_fault("quota") or self.spent + COSTS[kind] > self.quota:
            return _error(403, "quotaExceeded", "The request cannot be completed because you have exceeded your "
                          "<a href=\"/youtube/v3/getting-started#quota\">quota</a>.")
        self.spent += COSTS[kind]
        params = {k: v[0] for k, v in request.query.items()}
        if kind == "videos":
            return self._videos(params)
        if kind == "captions":
            return self._captions(params)
        return self._download(parts[1], params)

    def _videos(self, params: dict[str, str]) -> Reply:
        if not params.get("part") or not params.get("id"):
            return _error(400, "missingRequiredParameter", "No filter selected. Expected one of: id, chart, myRating")
        items = [self._item(VIDEOS[i]) for i in params["id"].split(",") if i in VIDEOS]
        return Reply.json(200, {"kind": "youtube#videoListResponse", "items": items,
                                "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}})

    @staticmethod
    def _item(video: FakeVideo) -> dict[str, Any]:
        return {"kind": "youtube#video", "id": video.id,
                "snippet": {"publishedAt": "2026-05-01T12:00:00Z", "channelTitle": "Science Shorts",
                            "title": video.title, "description": video.description, "tags": video.tags,
                            "defaultAudioLanguage": video.language},
                "contentDetails": {"duration": video.duration, "caption": "true" if video.captions else "false"},
                "statistics": {"viewCount": "120345", "likeCount": "8100", "commentCount": "312"}}

    def _captions(self, params: dict[str, str]) -> Reply:
        video = VIDEOS.get(params.get("videoId", ""))
        if video is None:
            return _error(404, "videoNotFound", "The video identified by the videoId parameter could not be found.")
        items = [{"kind": "youtube#caption", "id": f"{video.id}.{lang}",
                  "snippet": {"videoId": video.id, "language": lang, "name": "", "trackKind": "standard"}}
                 for lang in video.captions]
        return Reply.json(200, {"kind": "youtube#captionListResponse", "items": items})

    def _download(self, track_id: str, params: dict[str, str]) -> Reply:
        video_id, _, lang = track_id.partition(".")
        video = VIDEOS.get(video_id)
        if video is None or lang not in video.captions:
            return _error(404, "captionNotFound", "The caption track could not be found.")
        if not video.downloadable:
            return _error(403, "forbidden", "The permissions associated with the request are not sufficient to "
                          "download the caption track.")
        kind = "text/vtt" if params.get("tfmt") == "vtt" else "text/plain"  # without tfmt: the upload's format
        return Reply(200, video.captions[lang].encode(), {"Content-Type": kind})
