"""Instagram Graph API fake (providers.md §10.3 checklist), under `/v23.0`.

- the token as `Authorization: Bearer` or `access_token` (else 400 code 190 `OAuthException`; subcode 463
  once `expire()` made it stale); `POST /v23.0/oauth/access_token` with `grant_type=fb_exchange_token`, the
  app id and secret and the long-lived token issues a new one;
- `POST /{ig-user-id}/media` (form): `media_type=REELS`, an http(s) `video_url` (fetched with `fetch` when
  the test gives one: what Meta downloads), `caption` ≤ 2200 characters, ≤ 30 hashtags, ≤ 20 mentions →
  else 400 code 100; → `{"id": container}`;
- `GET /{container}?fields=status_code,status`: `IN_PROGRESS` twice, then `FINISHED` — or `ERROR` when the
  caption holds FAIL_ME or the fetched bytes are not an MP4;
- `POST /{ig-user-id}/media_publish` `creation_id`: before `FINISHED` → 400 code 9007 "media not ready";
  → `{"id": media}`; `GET /{media}?fields=permalink,shortcode`; `GET /{ig-user-id}/content_publishing_limit`.

Faults: "rate_limit" (the next call → 403 code 4 with `X-App-Usage` `{"call_count":100,…}` + Retry-After: 1),
"publish_limit" (the next media_publish → 400 code 9, the 24 h publishing limit).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from typing import Any

from .base import FakeServer, Received, Reply
from .oauth import OAuthAccount, form_of

USER_ID = "17841400000000001"
_USAGE = json.dumps({"call_count": 100, "total_time": 40, "total_cputime": 30, "estimated_time_to_regain_access": 1})


def _error(status: int, code: int, message: str, subcode: int | None = None,
           headers: dict[str, str] | None = None) -> Reply:
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCfake"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return Reply.json(status, {"error": error}, headers)


class InstagramFake(FakeServer):
    key = "IGQWfake-instagram-access-token"
    vendor = "instagram"

    def __init__(self, *, port: int = 0, fetch: Callable[[str], bytes] | None = None, quota_total: int = 100) -> None:
        super().__init__(port=port)
        self.account = OAuthAccount(self.key, prefix="IGQWfake-", client_id="1234567890", client_secret="fake-app-secret",
                                    refresh_token="IGQWfake-long-lived", grant="fb_exchange_token",
                                    refresh_field="fb_exchange_token")
        self.fetch = fetch
        self.quota_total = quota_total
        self.containers: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.fetched: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self._stale = False

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v23.0"

    @property
    def extra_env(self) -> dict[str, str]:
        return {"INSTAGRAM_USER_ID": USER_ID}

    def refresh_env(self) -> dict[str, str]:
        return {"INSTAGRAM_REFRESH_TOKEN": self.account.refresh_token, "INSTAGRAM_APP_ID": self.account.client_id,
                "INSTAGRAM_APP_SECRET": self.account.client_secret}

    def expire(self) -> None:
        self.account.expire()
        self._stale = True

    def _authorised(self, request: Received) -> bool:
        if self.account.accepts(request):
            return True
        token = (request.query.get("access_token") or [""])[0] or form_of(request).get("access_token", "")
        return token in self.account.valid

    def handle(self, request: Received) -> Reply:
        parts = request.path.strip("/").split("/")
        if parts[:1] != ["v23.0"]:
            return _error(400, 2500, "Unknown path components")
        parts = parts[1:]
        if parts == ["oauth", "access_token"] and request.method == "POST":
            token = self.account.refresh(request)
            if token is None:
                return _error(400, 190, "Invalid OAuth access token - Cannot parse access token")
            return Reply.json(200, {"access_token": token, "token_type": "bearer", "expires_in": 5183944})
        if not self._authorised(request):
            return _error(400, 190, "Error validating access token: Session has expired" if self._stale
                          else "Invalid OAuth access token.", 463 if self._stale else None)
        if self.take_fault("rate_limit"):
            return _error(403, 4, "Application request limit reached", headers={"X-App-Usage": _USAGE,
                                                                                "Retry-After": "1"})
        if parts == [USER_ID, "media"] and request.method == "POST":
            return self._create(request)
        if parts == [USER_ID, "media_publish"] and request.method == "POST":
            return self._publish(request)
        if parts == [USER_ID, "content_publishing_limit"] and request.method == "GET":
            return Reply.json(200, {"data": [{"config": {"quota_total": self.quota_total, "quota_duration": 86400},
                                              "quota_usage": len(self.media)}]})
        if len(parts) == 1 and parts[0] in self.containers and request.method == "GET":
            return self._poll(self.containers[parts[0]])
        if len(parts) == 1 and parts[0] in self.media and request.method == "GET":
            media = self.media[parts[0]]
            return Reply.json(200, {"id": parts[0], "permalink": f"https://www.instagram.com/reel/{media['code']}/",
                                    "shortcode": media["code"]})
        return _error(400, 100, "Unsupported request")

    def _create(self, request: Received) -> Reply:
        form = form_of(request)
        if form.get("media_type") != "REELS":
            return _error(400, 100, "The parameter media_type must be REELS here")
        url, caption = form.get("video_url", ""), form.get("caption", "")
        if not re.match(r"https?://", url):
            return _error(400, 100, "The parameter video_url is required")
        if len(caption) > 2200 or len(re.findall(r"#\w", caption)) > 30 or len(re.findall(r"@\w", caption)) > 20:
            return _error(400, 100, "The caption is too long or has too many hashtags or mentions")
        fine = "FAIL_ME" not in caption
        if self.fetch is not None:
            data = self.fetch(url)
            self.fetched[url] = data
            fine = fine and data[4:8] == b"ftyp"
        container = f"1796{next(self._ids):013d}"
        self.containers[container] = {"form": form, "polls": 0, "fine": fine, "state": "IN_PROGRESS"}
        return Reply.json(200, {"id": container})

    @staticmethod
    def _poll(container: dict[str, Any]) -> Reply:
        container["polls"] += 1
        if container["state"] == "IN_PROGRESS" and container["polls"] >= 3:
            container["state"] = "FINISHED" if container["fine"] else "ERROR"
        status = {"IN_PROGRESS": "In Progress", "FINISHED": "Finished: Media has been uploaded",
                  "ERROR": "Error: Media upload has failed with error code 2207026"}[container["state"]]
        return Reply.json(200, {"status_code": container["state"], "status": status, "id": "container"})

    def _publish(self, request: Received) -> Reply:
        container = self.containers.get(form_of(request).get("creation_id", ""))
        if container is None:
            return _error(400, 100, "Invalid creation_id")
        if self.take_fault("publish_limit") or len(self.media) >= self.quota_total:
            return _error(400, 9, "Application request limit reached: publishing limit", headers={"X-App-Usage": _USAGE})
        if container["state"] != "FINISHED":
            return _error(400, 9007, "The media is not ready for publishing, please wait for a moment", 2207027)
        media_id = f"1789{next(self._ids):013d}"
        container["state"] = "PUBLISHED"
        self.media[media_id] = {"container": container, "code": f"Cfake{len(self.media):04d}"}
        return Reply.json(200, {"id": media_id})
