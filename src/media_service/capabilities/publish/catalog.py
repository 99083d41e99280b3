"""Each platform's published limits (checked before any upload) and `GET /publish/platforms`.

Numbers from providers.md §10 where it gives them (YouTube title 100 characters, description 5000 bytes,
tags 500 characters; TikTok chunking; Instagram caption 2200 characters, 30 hashtags, 20 mentions). Where it
is silent or marks them unconfirmed, the platforms' public help pages as of late 2026: YouTube 256 GB / 12 h
and Shorts ≤ 180 s vertical or square; TikTok 3–600 s through the API, ≤ 4 GB, 360–4096 px sides; Reels
3–900 s, ≤ 300 MB, aspect 0.01:1 to 10:1, ≤ 1920 px wide.
"""

from __future__ import annotations

from media_service.providers import PLATFORMS, Platform, registry_for
from media_service.providers.publish_build import publish_setting
from media_service.settings import Settings

from .schemas import PlatformInfo, PlatformLimits, PlatformList

__all__ = ["LIMITS", "TIKTOK_PRIVACY", "platform_list"]

_GB = 1024 ** 3

LIMITS: dict[Platform, PlatformLimits] = {
    "youtube": PlatformLimits(min_duration_seconds=1.0, max_duration_seconds=12 * 3600, max_size_bytes=256 * _GB,
                              formats=["mp4", "mov", "webm", "mkv", "avi"], title_max_chars=100,
                              description_max_bytes=5000, tags_max_chars=500, shorts_max_duration_seconds=180.0),
    "tiktok": PlatformLimits(min_duration_seconds=3.0, max_duration_seconds=600.0, max_size_bytes=4 * _GB,
                             min_side_px=360, max_side_px=4096, formats=["mp4", "mov", "webm"],
                             caption_max_chars=2200),
    "instagram": PlatformLimits(min_duration_seconds=3.0, max_duration_seconds=900.0, max_size_bytes=300 * 1024 ** 2,
                                min_aspect=0.01, max_aspect=10.0, max_side_px=1920, formats=["mp4", "mov"],
                                caption_max_chars=2200, max_hashtags=30, max_mentions=20),
}

#: The request's `privacy` as TikTok's privacy_level (TikTok has no "unlisted").
TIKTOK_PRIVACY = {"private": "SELF_ONLY", "public": "PUBLIC_TO_EVERYONE"}

_INFO: dict[Platform, tuple[str, str, list[str], list[str]]] = {
    "youtube": ("YouTube", "YouTube Data API v3 videos.insert, resumable upload", ["private", "unlisted", "public"],
                ["Unaudited API projects can only upload private videos.",
                 "videos.insert has its own quota bucket (default 100 uploads a day).",
                 "Shorts: vertical or square and at most 180 s; #Shorts is added to the description."]),
    "tiktok": ("TikTok", "TikTok Content Posting API (direct post or inbox upload)",
               ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"],
               ["Unaudited clients may only post SELF_ONLY.",
                "The creator's own longest video (creator_info) is checked before the upload.",
                "A post id appears after TikTok's moderation; until then post_id is the publish_id."]),
    "instagram": ("Instagram Reels", "Instagram Graph API: REELS container, status polling, media_publish",
                  ["public"],
                  ["Meta downloads the video from our presigned /files URL: PUBLIC_BASE_URL must be reachable "
                   "from the internet.", "About 100 API-published posts per rolling 24 h."]),
}


def platform_list(settings: Settings) -> PlatformList:
    """Every platform, configured or not, with its limits and what to set."""
    registry = registry_for(settings)
    entries = []
    for name in PLATFORMS:
        spec = registry.spec("publish", name)
        setting = publish_setting(settings, name)
        if setting is None and name == "instagram" and not settings.public_base_url:
            setting = "PUBLIC_BASE_URL"
        title, api, privacy, notes = _INFO[name]
        refresh = bool(getattr(settings, f"{name}_refresh_token"))
        entries.append(PlatformInfo(name=name, title=title, api=api, configured=setting is None, setting=setting,
                                    refresh=refresh, base_url=spec.base_url or "", privacy=privacy,
                                    limits=LIMITS[name], notes=notes))
    return PlatformList(platforms=entries)
