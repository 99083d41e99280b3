"""Requests and results of `POST /publish` and `GET /publish/platforms` (PRD §7.4 Publishing; providers.md §10).

A request names the video once and the platforms to post it to; captions and titles come from the
platform's own block (`youtube`, `tiktok`, `instagram`), else from `platform_captions` (the shape
`/analyze/video` returns), else from the shared `title` / `description` / `caption`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from media_service.jobs import JobOptions
from media_service.media import ImageRef, VideoRef
from media_service.models import StrictModel
from media_service.providers import Platform

__all__ = ["InstagramOptions", "PlatformCaptions", "PlatformInfo", "PlatformJob", "PlatformLimits", "PlatformList",
           "PublishAccepted", "PublishJobRef", "PublishPlan", "PublishRequest", "PublishResult", "TikTokOptions",
           "VideoChecked", "YouTubeOptions"]

Privacy = Literal["private", "unlisted", "public"]
TikTokPrivacy = Literal["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]
_TEXT = 20_000  # bounds the body; the platforms' own limits are checked with messages naming them


class PlatformCaptions(StrictModel):
    """`platform_captions` as `/analyze/video` returns it."""

    youtube_title: str | None = Field(None, max_length=_TEXT)
    youtube_description: str | None = Field(None, max_length=_TEXT)
    tiktok_caption: str | None = Field(None, max_length=_TEXT)
    instagram_caption: str | None = Field(None, max_length=_TEXT)


class YouTubeOptions(StrictModel):
    """YouTube (`videos.insert`): snippet and status fields."""

    title: str | None = Field(None, max_length=_TEXT, description="≤ 100 characters, no < or >")
    description: str | None = Field(None, max_length=_TEXT, description="≤ 5000 bytes")
    tags: list[str] | None = Field(None, max_length=500, description="≤ 500 characters together")
    privacy: Privacy | None = Field(None, description="privacyStatus; default: the request's `privacy`")
    publish_at: datetime | None = Field(None, description="Scheduled publication (future; needs privacy private)")
    category_id: str = Field("22", pattern=r"^[0-9]{1,3}$", description="YouTube category id (22: People & Blogs)")
    made_for_kids: bool = False
    contains_synthetic_media: bool = Field(True, description="Discloses AI-altered or synthetic content")
    notify_subscribers: bool = True
    shorts: bool | None = Field(None, description="Post as a Short (vertical or square, ≤ 180 s); default: when "
                                "the video is vertical or square and ≤ 180 s")
    thumbnail: ImageRef | None = Field(None, description="Custom thumbnail (PNG or JPEG ≤ 2 MB)")
    default_language: str | None = Field(None, max_length=20, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class TikTokOptions(StrictModel):
    """TikTok (Content Posting API): a direct post, or an upload to the creator's inbox as a draft."""

    caption: str | None = Field(None, max_length=_TEXT, description="The post's title/caption, ≤ 2200 characters")
    mode: Literal["direct", "inbox"] = "direct"
    privacy_level: TikTokPrivacy | None = Field(None, description="Default from `privacy`: private → SELF_ONLY, "
                                                "public → PUBLIC_TO_EVERYONE")
    disable_comment: bool = False
    disable_duet: bool = False
    disable_stitch: bool = False
    cover_timestamp_ms: int | None = Field(None, ge=0, le=86_400_000)
    is_aigc: bool = Field(True, description="Label the post as AI-generated content")


class InstagramOptions(StrictModel):
    """Instagram Reels (Graph API container → publish). Meta downloads the video from PUBLIC_BASE_URL."""

    caption: str | None = Field(None, max_length=_TEXT, description="≤ 2200 characters, ≤ 30 hashtags, ≤ 20 "
                                "@mentions")
    share_to_feed: bool = True
    thumb_offset_ms: int | None = Field(None, ge=0, le=86_400_000)


class PublishRequest(JobOptions):
    """POST /publish: one video to one or more platforms; one job per platform."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"video": "https://example.com/media/final.mp4",
         "platforms": ["youtube"],
         "title": "How AI works",
         "privacy": "private"}]})

    video: VideoRef
    platforms: list[Platform] = Field(min_length=1, max_length=3, description="youtube, tiktok, instagram")
    title: str | None = Field(None, max_length=_TEXT, description="YouTube title (and TikTok caption fallback)")
    description: str | None = Field(None, max_length=_TEXT, description="YouTube description")
    caption: str | None = Field(None, max_length=_TEXT, description="TikTok and Instagram caption")
    tags: list[str] = Field(default_factory=list, max_length=500, description="YouTube tags")
    privacy: Privacy = Field("private", description="YouTube privacyStatus and TikTok privacy (unlisted: YouTube "
                             "only); Reels are public")
    platform_captions: PlatformCaptions | None = None
    youtube: YouTubeOptions | None = None
    tiktok: TikTokOptions | None = None
    instagram: InstagramOptions | None = None


class PlatformJob(JobOptions):
    """One platform's job (made by POST /publish, already checked): the resolved texts and settings."""

    platform: Platform
    video: VideoRef
    title: str = ""
    description: str = ""
    caption: str = ""
    tags: list[str] = Field(default_factory=list)
    privacy: str = ""
    publish_at: str | None = None
    thumbnail: ImageRef | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class VideoChecked(BaseModel):
    """What was measured of the video (PyAV) and checked against the platforms' limits."""

    duration_seconds: float | None
    width: int | None
    height: int | None
    size_bytes: int
    format: str | None


class PublishResult(BaseModel):
    """One platform's post: its id and URL (None while TikTok moderates), status and what was sent."""

    platform: Platform
    post_id: str
    url: str | None
    status: str
    bytes_uploaded: int
    video: VideoChecked
    video_url: str | None = Field(None, description="Instagram: the presigned URL Meta fetched the video from")
    details: dict[str, Any] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)


class PublishJobRef(BaseModel):
    platform: Platform
    job_id: str
    status: str
    poll_url: str
    estimated_duration_sec: float | None = None


class PublishAccepted(BaseModel):
    """202: one job per platform, each with its own status; the video facts checked at submission (None for
    a remote URL, checked in the job before any upload)."""

    jobs: list[PublishJobRef]
    video: VideoChecked | None = None


class PublishPlan(BaseModel):
    """dry_run: what each platform's job would send; no job is created."""

    dry_run: Literal[True] = True
    requests: list[dict[str, Any]]
    video: VideoChecked | None = None


class PlatformLimits(BaseModel):
    min_duration_seconds: float
    max_duration_seconds: float
    max_size_bytes: int
    min_aspect: float | None = Field(None, description="width / height, lowest accepted")
    max_aspect: float | None = Field(None, description="width / height, highest accepted")
    min_side_px: int | None = None
    max_side_px: int | None = None
    formats: list[str]
    title_max_chars: int | None = None
    description_max_bytes: int | None = None
    tags_max_chars: int | None = None
    caption_max_chars: int | None = None
    max_hashtags: int | None = None
    max_mentions: int | None = None
    shorts_max_duration_seconds: float | None = None


class PlatformInfo(BaseModel):
    name: Platform
    title: str
    api: str
    configured: bool
    setting: str | None = Field(description="What to set when not configured")
    refresh: bool = Field(description="A refresh token and client credentials are set (an expired token renews)")
    base_url: str
    privacy: list[str]
    limits: PlatformLimits
    notes: list[str]


class PlatformList(BaseModel):
    platforms: list[PlatformInfo]
