"""Imgflip fake (providers.md §11.1): `GET /get_memes` (no auth; five templates whose pictures are served on
`delivery_host`, Imgflip's i.imgflip.com stand-in) and `POST /caption_image` (form-encoded `template_id`,
`username`, `password`, `boxes[i][text|color|outline_color]` or `text0`/`text1`, `font`). Imgflip answers its
own refusals with HTTP 200 and `{"success": false, "error_message": …}`: a wrong username or password, an
unknown template, no text. A captioned picture is a JPEG whose size is the template's.

Faults (`inject`): "rate_limit" (HTTP 429 with Retry-After: 1; Imgflip documents no limit, this tests the
generic backoff).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import numpy as np
import skia

from .base import FakeServer, Received, Reply
from .media import png_bytes

TEMPLATES = [("181913649", "Drake Hotline Bling", 240, 240, 2), ("87743020", "Two Buttons", 200, 300, 3),
             ("112126428", "Distracted Boyfriend", 320, 212, 3), ("131087935", "Running Away Balloon", 250, 300, 5),
             ("93895088", "Expanding Brain", 214, 300, 4)]


def _jpeg(width: int, height: int) -> bytes:
    pixels = np.zeros((height, width, 4), np.uint8)
    pixels[:] = (200, 120, 60, 255)
    data = skia.Image.fromarray(pixels, colorType=skia.kRGBA_8888_ColorType).encodeToData(skia.kJPEG, 85)
    return bytes(data)


class ImgflipFake(FakeServer):
    key = "imgflip-test-password"
    vendor = "imgflip"
    username = "fake-meme-maker"

    def __init__(self, *, port: int = 0, delivery_host: str = "localhost") -> None:
        super().__init__(port=port)
        self.delivery_host = delivery_host
        self.captioned: list[dict[str, str]] = []

    @property
    def delivery_origins(self) -> tuple[str, ...]:
        return (f"{self.delivery_host}:{self.port}",)

    @property
    def extra_env(self) -> dict[str, str]:
        return {"IMGFLIP_USERNAME": self.username}

    def _cdn(self, path: str) -> str:
        return f"http://{self.delivery_host}:{self.port}{path}"

    def handle(self, request: Received) -> Reply:
        if request.path.startswith("/i/"):
            name = request.path.rsplit("/", 1)[-1]
            if name.startswith("cap-"):
                width, height = (int(v) for v in name.removeprefix("cap-").removesuffix(".jpg").split("x"))
                return Reply(200, _jpeg(width, height), {"Content-Type": "image/jpeg"})
            found = next((t for t in TEMPLATES if name.startswith(t[0])), None)
            if found is None:
                return Reply(404, b"not found", {"Content-Type": "text/plain"})
            return Reply(200, png_bytes(found[2], found[3], background=(240, 240, 230)), {"Content-Type": "image/png"})
        if self.take_fault("rate_limit"):
            return Reply.json(429, {"success": False, "error_message": "Too many requests"}, {"Retry-After": "1"})
        if request.path == "/get_memes" and request.method == "GET":
            memes = [{"id": i, "name": n, "url": self._cdn(f"/i/{i}.png"), "width": w, "height": h, "box_count": b,
                      "captions": 1000 - k} for k, (i, n, w, h, b) in enumerate(TEMPLATES)]
            return Reply.json(200, {"success": True, "data": {"memes": memes}})
        if request.path == "/caption_image" and request.method == "POST":
            return self._caption(request)
        return Reply.json(404, {"success": False, "error_message": "Not found"})

    def _caption(self, request: Received) -> Reply:
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return Reply.json(200, {"success": False, "error_message": "Send a form (x-www-form-urlencoded)"})
        form: dict[str, Any] = {k: v[-1] for k, v in parse_qs(request.body.decode()).items()}
        if form.get("username") != self.username or form.get("password") != self.key:
            return Reply.json(200, {"success": False, "error_message": "Invalid username/password"})
        found = next((t for t in TEMPLATES if t[0] == form.get("template_id")), None)
        if found is None:
            return Reply.json(200, {"success": False, "error_message": "No template with that id"})
        texts = [v for k, v in form.items() if k.endswith("[text]")] or [form.get("text0", ""), form.get("text1", "")]
        if not any(t.strip() for t in texts):
            return Reply.json(200, {"success": False, "error_message": "No texts specified. Remember, API request "
                                                                       "params are http parameters not JSON."})
        self.captioned.append(form)
        return Reply.json(200, {"success": True, "data": {"url": self._cdn(f"/i/cap-{found[2]}x{found[3]}.jpg"),
                                                          "page_url": f"https://imgflip.com/i/{len(self.captioned)}"}})
