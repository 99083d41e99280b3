"""Imgflip meme templates (providers.md §11.1): `GET /get_memes` (no auth, about 100 popular templates) and
`POST /caption_image` (form-encoded, an Imgflip account's username and password).

Imgflip answers HTTP 200 with `{"success": false, "error_message": …}` for its own refusals (a wrong password,
an unknown template): those are read here and raised as a rejected request (an auth failure for the
account). The listing is cached (`STOCK_CACHE_TTL_SEC`); searching filters it by name, because Imgflip's
`search_memes` needs a paid plan. The password is scrubbed from every message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from media_service.media import MediaKind

from .errors import ProviderAuthError, ProviderNotConfiguredError, ProviderRejectedError
from .http import Cancelled, ProviderHttp, SavedMedia, VendorError
from .memes import MAX_BYTES, MemePage, MemeTemplate, TtlCache, json_body

__all__ = ["ImgflipMemes", "read_imgflip_error"]

_CREDIT = "Template from Imgflip (imgflip.com)"


def read_imgflip_error(response: httpx.Response) -> VendorError:
    """Imgflip's JSON `error_message` when there is one, else the status line."""
    message = json_body(response).get("error_message")
    retry = response.headers.get("retry-after")
    return VendorError(str(message or response.text[:200] or response.reason_phrase),
                       retry_after=float(retry) if retry and retry.isdigit() else None)


def _words(text: str) -> set[str]:
    return {w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split() if w}


class ImgflipMemes:
    """The Imgflip template list (searchable by name) and, with an account, its captioning."""

    name = "imgflip"

    def __init__(self, http: ProviderHttp, *, username: str | None, password: str | None,
                 cache: TtlCache[tuple[MemeTemplate, ...]]) -> None:
        self.http = http
        self._username = username
        self._password = password
        if password:
            http.add_secret(password)
        self._cache = cache

    def _templates(self, cancelled: Cancelled | None) -> tuple[MemeTemplate, ...]:
        cached = self._cache.get(("imgflip", "get_memes"))
        if cached is not None:
            return cached
        body = self._ok(self.http.send("GET", "get_memes", cancelled=cancelled))
        memes = (body.get("data") or {}).get("memes")
        if not isinstance(memes, list):
            raise ProviderRejectedError("imgflip answered without memes", provider=self.name, reason="invalid_response")
        items = tuple(self._item(m) for m in memes if isinstance(m, dict) and m.get("id") and m.get("url"))
        self._cache.put(("imgflip", "get_memes"), items)
        return items

    def search(self, query: str, *, limit: int, offset: int, rating: str | None = None, stickers: bool = False,
               cancelled: Cancelled | None = None) -> MemePage:
        """Templates whose name has every word of `query` (all of them, by popularity, when it is empty);
        Imgflip has no ratings or stickers."""
        wanted = _words(query)
        found = [t for t in self._templates(cancelled) if wanted <= _words(t.name)]
        return MemePage(self.name, tuple(found[offset:offset + limit]), offset, len(found))

    def get(self, item_id: str, *, cancelled: Cancelled | None = None) -> MemeTemplate:
        """The template with Imgflip id `item_id`."""
        for template in self._templates(cancelled):
            if template.id == f"imgflip:{item_id}":
                return template
        raise ProviderRejectedError(f"imgflip has no template {item_id!r} among its popular templates",
                                    provider=self.name, status_code=404)

    def download(self, item: MemeTemplate, stem: Path, *, video: bool = False) -> SavedMedia:
        """The template picture (Imgflip templates are stills)."""
        return self.http.download(item.url, stem, accept={MediaKind.IMAGE}, max_bytes=MAX_BYTES)

    def caption(self, item_id: str, texts: list[dict[str, str]], *, font: str = "impact",
                cancelled: Cancelled | None = None) -> str:
        """`POST /caption_image` with `boxes[i][text|color|outline_color]`; the URL of Imgflip's picture."""
        if not self._username or not self._password:
            raise ProviderNotConfiguredError("imgflip captioning", "IMGFLIP_USERNAME and IMGFLIP_PASSWORD")
        form = {"template_id": item_id, "username": self._username, "password": self._password, "font": font}
        for i, box in enumerate(texts):
            for key, value in box.items():
                form[f"boxes[{i}][{key}]"] = value
        body = self._ok(self.http.send("POST", "caption_image", data=form, paid=True, cancelled=cancelled))
        url = (body.get("data") or {}).get("url")
        if not url:
            raise ProviderRejectedError("imgflip captioned without a URL", provider=self.name, reason="invalid_response")
        return str(url)

    def save(self, url: str, stem: Path) -> SavedMedia:
        """Imgflip's captioned picture, checked by its magic bytes."""
        return self.http.download(url, stem, accept={MediaKind.IMAGE}, max_bytes=MAX_BYTES)

    def _ok(self, response: httpx.Response) -> dict[str, Any]:
        body = response.json()
        if not isinstance(body, dict):
            raise ProviderRejectedError("imgflip answered something else than JSON", provider=self.name,
                                        reason="invalid_response")
        if body.get("success") is not True:
            message = str(body.get("error_message") or "imgflip refused the request")
            if "password" in message.lower() or "username" in message.lower():
                raise ProviderAuthError(f"imgflip: {message} (check IMGFLIP_USERNAME and IMGFLIP_PASSWORD)",
                                        provider=self.name, provider_message=message)
            raise ProviderRejectedError(f"imgflip: {message}", provider=self.name, provider_message=message)
        return body

    def _item(self, m: dict[str, Any]) -> MemeTemplate:
        mid = str(m["id"])
        return MemeTemplate(f"imgflip:{mid}", self.name, str(m.get("name") or mid), str(m["url"]),
                            int(m.get("width") or 0), int(m.get("height") or 0), int(m.get("box_count") or 2),
                            False, None, str(m["url"]), f"https://imgflip.com/meme/{mid}", _CREDIT)
