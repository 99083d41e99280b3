"""What submission and the jobs share: each platform's texts resolved from the request (platform block →
`platform_captions` → shared fields, remembering which field a value came from), the texts and the video
checked against the platform's limits (every problem as a `{field, message}`), and the video measured
with PyAV."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path
from typing import Any

from media_service.errors import FieldError, ValidationError
from media_service.media import probe_media
from media_service.providers import Platform

from .catalog import LIMITS, TIKTOK_PRIVACY
from .schemas import PlatformJob, PublishRequest, VideoChecked

__all__ = ["MIME", "check_texts", "check_video", "measure", "platform_job", "raise_errors", "shorts_for"]

MIME = {"mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm", "mkv": "video/x-matroska",
        "avi": "video/x-msvideo"}
_HASHTAG = re.compile(r"(?<![\w#])#\w")
_MENTION = re.compile(r"(?<![\w@])@\w")


def _pick(*options: tuple[str, str | None]) -> tuple[str, str]:
    """(field, value) of the first option given; the last option's field when none is."""
    for field, value in options:
        if value is not None:
            return field, value
    return options[-1][0], ""


def measure(path: Path) -> VideoChecked:
    """Duration, frame size, file size and container of a video (PyAV, headers only)."""
    facts = probe_media(path)
    return VideoChecked(duration_seconds=facts.duration_seconds, width=facts.width, height=facts.height,
                        size_bytes=path.stat().st_size, format=facts.format)


def shorts_for(wanted: bool | None, video: VideoChecked | None) -> bool | None:
    """A Short when asked, else when the video is vertical or square and at most 180 s (None: not known yet)."""
    if wanted is not None or video is None or not (video.width and video.height and video.duration_seconds):
        return wanted
    limit = LIMITS["youtube"].shorts_max_duration_seconds or 0.0
    return video.height >= video.width and video.duration_seconds <= limit


def check_video(video: VideoChecked, platform: Platform, *, shorts: bool | None = None) -> list[FieldError]:
    """The video against the platform's limits; each problem names `video` (or `youtube.shorts`)."""
    limits, name = LIMITS[platform], platform.capitalize() if platform != "tiktok" else "TikTok"
    errors: list[FieldError] = []

    def bad(message: str, field: str = "video") -> None:
        errors.append({"field": field, "message": f"{name}: {message}"})

    if video.format not in limits.formats:
        bad(f"{video.format or 'this'} files are not accepted; use {', '.join(limits.formats)}")
    duration = video.duration_seconds
    if duration is None or video.width is None or video.height is None:
        bad("not a video with a picture and a duration")
        return errors
    if duration < limits.min_duration_seconds:
        bad(f"{duration:.2f} s is shorter than the {limits.min_duration_seconds:g} s minimum")
    if duration > limits.max_duration_seconds:
        bad(f"{duration:.1f} s is longer than the {limits.max_duration_seconds:g} s maximum")
    if video.size_bytes > limits.max_size_bytes:
        bad(f"{video.size_bytes} bytes is more than the {limits.max_size_bytes} bytes maximum")
    aspect = video.width / video.height
    if limits.min_aspect is not None and limits.max_aspect is not None and \
            not limits.min_aspect <= aspect <= limits.max_aspect:
        bad(f"aspect {video.width}x{video.height} is outside {limits.min_aspect:g}:1 to {limits.max_aspect:g}:1")
    if limits.min_side_px and min(video.width, video.height) < limits.min_side_px:
        bad(f"{video.width}x{video.height} is smaller than {limits.min_side_px} px on a side")
    if limits.max_side_px and (video.width if platform == "instagram" else max(video.width, video.height)) \
            > limits.max_side_px:
        bad(f"{video.width}x{video.height} is larger than {limits.max_side_px} px")
    if platform == "youtube" and shorts:
        short_limit = limits.shorts_max_duration_seconds or 0.0
        if duration > short_limit:
            bad(f"a Short is at most {short_limit:g} s; this video is {duration:.1f} s", "youtube.shorts")
        if video.width > video.height:
            bad(f"a Short is vertical or square; this video is {video.width}x{video.height}", "youtube.shorts")
    return errors


def check_texts(job: PlatformJob, fields: dict[str, str]) -> list[FieldError]:
    """Title, description, tags and caption against the platform's limits; `fields` says where each came from."""
    limits = LIMITS[job.platform]
    errors: list[FieldError] = []
    if job.platform == "youtube":
        if not job.title.strip():
            errors.append({"field": fields["title"], "message": "YouTube needs a title (title or youtube.title)"})
        elif len(job.title) > (limits.title_max_chars or 0):
            errors.append({"field": fields["title"], "message": f"YouTube titles have at most "
                                                               f"{limits.title_max_chars} characters; this has {len(job.title)}"})
        if "<" in job.title or ">" in job.title:
            errors.append({"field": fields["title"], "message": "YouTube titles may not contain < or >"})
        size = len(job.description.encode())
        if size > (limits.description_max_bytes or 0):
            errors.append({"field": fields["description"], "message": f"YouTube descriptions have at most "
                                                                     f"{limits.description_max_bytes} bytes; this has {size}"})
        if "<" in job.description or ">" in job.description:
            errors.append({"field": fields["description"], "message": "YouTube descriptions may not contain < or >"})
        # YouTube counts a tag with a space as quoted and the commas between tags
        total = sum(len(t) + (2 if " " in t else 0) for t in job.tags) + max(0, len(job.tags) - 1)
        if total > (limits.tags_max_chars or 0):
            errors.append({"field": fields["tags"], "message": f"YouTube tags have at most {limits.tags_max_chars} "
                                                              f"characters together; these have {total}"})
        return errors
    name = "TikTok" if job.platform == "tiktok" else "Instagram"
    length = len(job.caption.encode("utf-16-le")) // 2 if job.platform == "tiktok" else len(job.caption)
    if length > (limits.caption_max_chars or 0):
        errors.append({"field": fields["caption"], "message": f"{name} captions have at most "
                                                             f"{limits.caption_max_chars} characters; this has {length}"})
    for pattern, most, what in ((_HASHTAG, limits.max_hashtags, "hashtags"), (_MENTION, limits.max_mentions,
                                                                              "@mentions")):
        found = len(pattern.findall(job.caption))
        if most is not None and found > most:
            errors.append({"field": fields["caption"], "message": f"{name} captions have at most {most} {what}; "
                                                                 f"this has {found}"})
    return errors


def platform_job(request: PublishRequest, platform: Platform) -> tuple[PlatformJob, dict[str, str]]:
    """The job of one platform and the request field each text came from."""
    pc = request.platform_captions
    common: dict[str, Any] = {"platform": platform, "video": request.video, "priority": request.priority,
                              "webhook_url": request.webhook_url, "webhook_events": request.webhook_events,
                              "webhook_progress": request.webhook_progress, "timeout_sec": request.timeout_sec,
                              "max_retries": request.max_retries if request.max_retries is not None else 0}
    fields: dict[str, str] = {}
    if platform == "youtube":
        yt = request.youtube
        fields["title"], title = _pick(("youtube.title", yt.title if yt else None),
                                       ("platform_captions.youtube_title", pc.youtube_title if pc else None),
                                       ("title", request.title))
        fields["description"], description = _pick(
            ("youtube.description", yt.description if yt else None),
            ("platform_captions.youtube_description", pc.youtube_description if pc else None),
            ("description", request.description))
        fields["tags"] = "youtube.tags" if yt and yt.tags is not None else "tags"
        privacy = (yt.privacy if yt and yt.privacy else None) or request.privacy
        publish_at = None
        if yt and yt.publish_at:  # RFC 3339 in UTC; a time without a zone is taken as UTC
            when = yt.publish_at if yt.publish_at.tzinfo else yt.publish_at.replace(tzinfo=UTC)
            publish_at = when.astimezone(UTC).isoformat().replace("+00:00", "Z")
        options = {"category_id": yt.category_id, "made_for_kids": yt.made_for_kids,
                   "contains_synthetic_media": yt.contains_synthetic_media, "shorts": yt.shorts,
                   "notify_subscribers": yt.notify_subscribers, "default_language": yt.default_language} if yt else {}
        return PlatformJob(**common, title=title, description=description, privacy=privacy, publish_at=publish_at,
                           tags=list(yt.tags if yt and yt.tags is not None else request.tags),
                           thumbnail=yt.thumbnail if yt else None, options=options), fields
    if platform == "tiktok":
        tt = request.tiktok
        fields["caption"], caption = _pick(("tiktok.caption", tt.caption if tt else None),
                                           ("platform_captions.tiktok_caption", pc.tiktok_caption if pc else None),
                                           ("caption", request.caption), ("title", request.title))
        level = (tt.privacy_level if tt else None) or TIKTOK_PRIVACY.get(request.privacy, "")
        options = {"mode": tt.mode if tt else "direct", "disable_comment": tt.disable_comment if tt else False,
                   "disable_duet": tt.disable_duet if tt else False,
                   "disable_stitch": tt.disable_stitch if tt else False,
                   "video_cover_timestamp_ms": tt.cover_timestamp_ms if tt else None,
                   "is_aigc": tt.is_aigc if tt else True}
        return PlatformJob(**common, caption=caption, privacy=level, options=options), fields
    ig = request.instagram
    fields["caption"], caption = _pick(("instagram.caption", ig.caption if ig else None),
                                       ("platform_captions.instagram_caption", pc.instagram_caption if pc else None),
                                       ("caption", request.caption))
    options = {"share_to_feed": ig.share_to_feed if ig else True,
               "thumb_offset_ms": ig.thumb_offset_ms if ig else None}
    return PlatformJob(**common, caption=caption, privacy="public", options=options), fields


def raise_errors(errors: list[FieldError]) -> None:
    """One 400 carrying every problem found, when there is any."""
    if errors:
        raise ValidationError(errors[0]["message"] if len(errors) == 1 else
                              f"{len(errors)} problems: " + "; ".join(e["message"] for e in errors[:3]),
                              errors=errors)
