"""Instagram Graph API Reels publishing (providers.md §10.3).

0. `GET /{ig-user-id}/content_publishing_limit` — a full 24 h quota fails before anything is created;
1. `POST /{ig-user-id}/media` (form) `media_type=REELS`, `video_url` (a public URL Meta downloads: our
   absolute presigned `/files/<token>` URL), `caption`, `share_to_feed`, `thumb_offset` → container id;
2. `GET /{container}?fields=status_code,status` until `FINISHED` (or `ERROR`/`EXPIRED`: the error names
   Meta's status text);
3. `POST /{ig-user-id}/media_publish` `creation_id=<container>` → media id;
4. `GET /{media-id}?fields=permalink,shortcode` → the post's URL.

The token goes in `Authorization: Bearer` (never in a query string). Errors `{"error": {"code", "message",
"type", "error_subcode", "fbtrace_id"}}`: 190 refreshes the token; 4, 17, 32, 613 and 9 (publishing limit)
are throttles, retried after `Retry-After` or the backoff.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from .errors import ProviderQuotaError, ProviderRejectedError, ProviderUnavailableError
from .http import Cancelled, PollSchedule, ProviderHttp, VendorError, parse_retry_after
from .oauth import OAuthToken
from .publishing import Post, Progress, Published

__all__ = ["InstagramPublisher", "read_instagram_error"]

_THROTTLE = frozenset({4, 9, 17, 32, 613})
_AUTH = frozenset({190, 102})
_TERMINAL = frozenset({"FINISHED", "ERROR", "EXPIRED", "PUBLISHED"})


def read_instagram_error(response: httpx.Response) -> VendorError:
    """Graph API errors; code 190 (token) is auth, the throttle codes are rate limits."""
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    code = error.get("code")
    message = str(error.get("message") or response.reason_phrase)
    return VendorError(f"({code}) {message}" if code is not None else message, code=str(code),
                       retry_after=parse_retry_after(response.headers), auth=code in _AUTH,
                       retryable=code in _THROTTLE, refused=code not in _AUTH)


class InstagramPublisher:
    """Publishes Reels on one Instagram professional account (`INSTAGRAM_USER_ID`)."""

    name = "instagram"

    def __init__(self, http: ProviderHttp, token: OAuthToken, *, user_id: str, schedule: PollSchedule) -> None:
        self.http = http
        self.token = token
        self.user_id = user_id
        self.schedule = schedule

    def _send(self, method: str, path: str, *, data: dict[str, str] | None = None, paid: bool = False) -> Any:
        return self.token.call(lambda auth: self.http.send(method, path, data=data, headers=auth,
                                                           paid=paid)).json()

    def _check_quota(self, log: Callable[[str], None]) -> None:
        """The rolling 24 h publishing cap, read (not hard-coded): a full quota fails before any container."""
        answer = self._send("GET", f"/{self.user_id}/content_publishing_limit?fields=config,quota_usage")
        entry = (answer.get("data") or [{}])[0]
        total, used = (entry.get("config") or {}).get("quota_total"), entry.get("quota_usage")
        if isinstance(total, int) and isinstance(used, int):
            log(f"instagram: {used} of {total} posts used in the last 24 h")
            if used >= total:
                raise ProviderQuotaError(f"instagram: the account has published {used} of {total} posts allowed "
                                         "in 24 h", provider=self.name)

    def publish(self, post: Post, *, progress: Progress, cancelled: Cancelled,
                log: Callable[[str], None]) -> Published:
        """Container from `post.video_url`, wait until Meta has processed it, publish, read the permalink."""
        if not post.video_url:
            raise ProviderRejectedError("instagram needs a public video_url", provider=self.name)
        self._check_quota(log)
        form = {"media_type": "REELS", "video_url": post.video_url, "caption": post.caption,
                "share_to_feed": "true" if post.options.get("share_to_feed", True) else "false"}
        if post.options.get("thumb_offset_ms") is not None:
            form["thumb_offset"] = str(int(post.options["thumb_offset_ms"]))
        container = str(self._send("POST", f"/{self.user_id}/media", data=form).get("id") or "")
        if not container:
            raise ProviderRejectedError("instagram created no container", provider=self.name,
                                        reason="invalid_response")
        log(f"instagram: container {container} created; Meta is fetching the video")
        progress(0.2, "Meta is fetching and processing the video")
        state = self.http.poll(lambda: self._send("GET", f"/{container}?fields=status_code,status"),
                               done=lambda s: s.get("status_code") in _TERMINAL, schedule=self.schedule,
                               cancelled=cancelled)
        if state.get("status_code") in ("ERROR", "EXPIRED"):
            raise ProviderUnavailableError(f"instagram could not process the video: {state.get('status_code')} "
                                           f"{state.get('status') or ''}".strip(), provider=self.name,
                                           provider_message=str(state.get("status") or ""))
        progress(0.8, "publishing")
        media = self._send("POST", f"/{self.user_id}/media_publish", data={"creation_id": container}, paid=True)
        media_id = str(media.get("id") or "")
        if not media_id:
            raise ProviderRejectedError("instagram published no media id", provider=self.name,
                                        reason="invalid_response")
        log(f"instagram: published media {media_id}")
        page = self._send("GET", f"/{media_id}?fields=permalink,shortcode")
        size = post.video.stat().st_size
        return Published("instagram", media_id, page.get("permalink"), "PUBLISHED", size,
                         details={"container_id": container, "shortcode": page.get("shortcode")})
