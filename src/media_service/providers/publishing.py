"""Publishing to social platforms (providers.md §10): the values an adapter takes and returns, its Protocol.

    publisher = registry.publisher("youtube")           # 503 naming YOUTUBE_ACCESS_TOKEN when unset
    done = publisher.publish(Post(video=path, title="…", privacy="private"), progress=…, cancelled=…, log=…)
    done.post_id, done.url                               # the platform's id and the post's page

Adapters: `youtube_upload.py` (Data API v3 resumable upload), `tiktok.py` (Content Posting API), `instagram.py`
(Graph API Reels containers); OAuth tokens and their one refresh in `oauth.py`. The capability
(`capabilities/publish`) checks the platform's limits before any of this runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from .http import Cancelled

__all__ = ["PLATFORMS", "Platform", "Post", "Progress", "Published", "Publisher", "read_chunk"]

Platform = Literal["youtube", "tiktok", "instagram"]
PLATFORMS: tuple[Platform, ...] = ("youtube", "tiktok", "instagram")
Progress = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class Post:
    """One video to publish. `privacy` is the platform's own value (YouTube `privacyStatus`, TikTok
    `privacy_level`); `options` the platform's extras (YouTube categoryId, TikTok disable_duet, …);
    `video_url` the public URL a platform downloads from (Instagram)."""

    video: Path
    title: str = ""
    description: str = ""
    caption: str = ""
    tags: tuple[str, ...] = ()
    privacy: str = ""
    publish_at: str | None = None
    thumbnail: Path | None = None
    video_url: str | None = None
    mime: str = "video/mp4"
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Published:
    """What the platform answered: its post id, the post's URL (None while TikTok moderates), its status."""

    platform: Platform
    post_id: str
    url: str | None
    status: str
    bytes_uploaded: int
    details: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


class Publisher(Protocol):
    """One platform account: uploads a video and returns the post."""

    name: Platform

    def publish(self, post: Post, *, progress: Progress, cancelled: Cancelled,
                log: Callable[[str], None]) -> Published:
        """Upload `post.video` with its metadata; raises the shared provider errors."""
        ...


def read_chunk(path: Path, offset: int, size: int) -> bytes:
    """`size` bytes of `path` from `offset` (fewer at the end)."""
    with path.open("rb") as fh:
        fh.seek(offset)
        return fh.read(size)
