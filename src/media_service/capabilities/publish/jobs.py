"""Publishing job types, one per platform (queue `io`: the work is an upload and the platform's processing):
`publish.youtube`, `publish.tiktok`, `publish.instagram`. POST /publish checked the request and made one
`PlatformJob` per platform; each job measures the video again (a remote URL is first measured here), checks it
against the platform's limits before any upload, and posts it. Jobs are not retried by default (a retry after
an upload that went through would post twice): `max_retries` asks for it.
"""

from __future__ import annotations

import shutil

from media_service.errors import ServiceUnavailableError
from media_service.jobs import JobContext, JobType, job_type
from media_service.media import MediaKind
from media_service.providers import Platform, Post

from .schemas import PlatformJob, PublishResult
from .service import MIME, check_video, measure, raise_errors, shorts_for

__all__ = ["JOB_TYPES", "instagram", "tiktok", "youtube"]

_TIMEOUT = 3600.0


def _publish(ctx: JobContext, request: PlatformJob) -> PublishResult:
    """Fetch and measure the video, check the platform's limits, upload, return the post."""
    platform: Platform = request.platform
    ctx.progress(0.0, "fetching the video")
    path = ctx.inputs.fetch(request.video, field="video", accepts=MediaKind.VIDEO)
    video = measure(path)
    options = dict(request.options)
    if platform == "youtube":
        options["shorts"] = shorts_for(options.get("shorts"), video)
    raise_errors(check_video(video, platform, shorts=options.get("shorts")))
    options["duration_seconds"] = video.duration_seconds
    thumbnail = None
    if request.thumbnail:
        thumbnail = ctx.inputs.fetch(request.thumbnail, field="youtube.thumbnail", accepts=MediaKind.IMAGE)
    video_url = None
    if platform == "instagram":  # Meta downloads it: a copy among our outputs, behind an absolute presigned URL
        copy = ctx.workdir / f"reel.{video.format or 'mp4'}"
        shutil.copyfile(path, copy)
        video_url = str(ctx.outputs.save(copy, name=copy.name).url)
        if not video_url.startswith(("http://", "https://")):
            raise ServiceUnavailableError("instagram fetches the video from a public URL of this service: set "
                                          "PUBLIC_BASE_URL", details={"provider": "instagram",
                                                                      "setting": "PUBLIC_BASE_URL"})
    post = Post(video=path, title=request.title, description=request.description, caption=request.caption,
                tags=tuple(request.tags), privacy=request.privacy, publish_at=request.publish_at, thumbnail=thumbnail,
                video_url=video_url, mime=MIME.get(video.format or "", "video/mp4"), options=options)
    ctx.log(f"{platform}: publishing {video.size_bytes} bytes ({video.width}x{video.height}, "
            f"{video.duration_seconds:.1f} s)")

    def progress(fraction: float, message: str) -> None:
        ctx.progress(0.05 + 0.9 * fraction, f"{platform}: {message}")

    done = ctx.providers.publisher(platform).publish(post, progress=progress, cancelled=ctx.cancelled, log=ctx.log)
    ctx.log(f"{platform}: posted {done.post_id} ({done.status})")
    return PublishResult(platform=platform, post_id=done.post_id, url=done.url, status=done.status,
                         bytes_uploaded=done.bytes_uploaded, video=video, video_url=video_url,
                         details=done.details, notes=list(done.notes))


def _declare(platform: Platform, summary: str) -> JobType:
    return job_type(f"publish.{platform}", request=PlatformJob, result=PublishResult, queue="io",
                    default_timeout_sec=_TIMEOUT, estimated_duration_sec=60.0, summary=summary)(_publish)


youtube = _declare("youtube", "Publish a video on YouTube (resumable upload)")
tiktok = _declare("tiktok", "Publish a video on TikTok (direct post or inbox upload)")
instagram = _declare("instagram", "Publish a video as an Instagram Reel")

JOB_TYPES: dict[Platform, JobType] = {"youtube": youtube, "tiktok": tiktok, "instagram": instagram}
