"""Helpers for the static-ad API tests: a client wrapper that submits renders and downloads pictures, pixel
checks (decoding, layer boxes from a document, colour masks), generated test pictures."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import skia

from tests.capabilities.service_api import ServiceApi

JOB_TIMEOUT = 60.0

_ANCHORS = {"top-left": (0.0, 0.0), "top": (0.5, 0.0), "top-right": (1.0, 0.0), "left": (0.0, 0.5),
            "center": (0.5, 0.5), "right": (1.0, 0.5), "bottom-left": (0.0, 1.0), "bottom": (0.5, 1.0),
            "bottom-right": (1.0, 1.0)}

Box = tuple[int, int, int, int]
"""(left, top, right, bottom), right/bottom exclusive."""


def decode(data: bytes) -> np.ndarray:
    """An encoded picture (PNG, JPEG, WebP) as H×W×4 uint8 RGBA."""
    image = skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(data))
    assert image is not None, "not a decodable picture"
    return np.asarray(image.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType))


def solid_png(path: Path, rgb: tuple[int, int, int], width: int = 64, height: int = 48) -> Path:
    """A one-colour opaque PNG."""
    pixels = np.zeros((height, width, 4), np.uint8)
    pixels[..., :3], pixels[..., 3] = rgb, 255
    image = skia.Image.fromarray(pixels, colorType=skia.kRGBA_8888_ColorType)
    path.write_bytes(bytes(image.encodeToData(skia.EncodedImageFormat.kPNG, 100)))
    return path


def _length(value: Any, parent: float) -> float:
    if isinstance(value, str) and value.endswith("%"):
        return float(value[:-1]) / 100 * parent
    return float(value)


def layer_box(document: dict[str, Any], layer_id: str) -> Box:
    """The box of a top-level layer of a document (camelCase JSON), anchors applied, rotation ignored."""
    width, height = document["canvas"]["width"], document["canvas"]["height"]
    layer = next(la for la in document["layers"] if la["id"] == layer_id)
    w = _length(layer.get("width", width), width)
    h = _length(layer.get("height", height), height)
    ax, ay = _ANCHORS[layer.get("anchor", "top-left")]
    left = _length(layer.get("x", 0), width) - ax * w
    top = _length(layer.get("y", 0), height) - ay * h
    return round(left), round(top), round(left + w), round(top + h)


def crop(pixels: np.ndarray, box: Box, inset: int = 0) -> np.ndarray:
    """The pixels of `box` (clamped to the picture), shrunk by `inset` px on each side."""
    height, width = pixels.shape[:2]
    left, top = max(0, box[0] + inset), max(0, box[1] + inset)
    right, bottom = min(width, box[2] - inset), min(height, box[3] - inset)
    return pixels[top:bottom, left:right]


def changed(a: np.ndarray, b: np.ndarray, threshold: int = 40) -> np.ndarray:
    """Mask of pixels that differ clearly between two same-sized pictures."""
    return np.abs(a[..., :3].astype(int) - b[..., :3].astype(int)).sum(axis=2) > threshold


def inside(inner: Box, outer: Box, slack: int) -> bool:
    """Whether `inner` lies within `outer` grown by `slack` px on every side."""
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def near(pixels: np.ndarray, rgb: tuple[int, int, int], tolerance: int = 60) -> np.ndarray:
    """Mask of pixels within `tolerance` (sum of channel differences) of a colour."""
    return np.abs(pixels[..., :3].astype(int) - np.array(rgb)).sum(axis=2) <= tolerance


def sharpness(pixels: np.ndarray) -> float:
    """Mean absolute horizontal+vertical step of the luma: crisp edges score high, a resampled blur low."""
    luma = pixels[..., :3].astype(float) @ np.array([0.299, 0.587, 0.114])
    return float(np.abs(np.diff(luma, axis=1)).mean() + np.abs(np.diff(luma, axis=0)).mean())


def errors_by_field(response: Any) -> dict[str, str]:
    """A 400 body's `details.errors` as {field: message}."""
    body = response.json()
    assert response.status_code == 400 and body["error"]["code"] == "VALIDATION_ERROR", response.text
    return {e["field"]: e["message"] for e in body["error"]["details"]["errors"]}


def closed_port() -> int:
    """A loopback port with nothing listening on it (bound once by the OS, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AdsApi(ServiceApi):
    """The shared capability client under /api/v1/render, plus what ad tests look at: inline sync renders,
    the picture a render handed out, the number of jobs."""

    prefix: ClassVar[str] = "/api/v1/render"
    timeout: ClassVar[float] = JOB_TIMEOUT

    def render(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """Submit with `sync: true`; asserts the finished job came back inline and returns it."""
        r = self.post(path, {**body, "sync": True})
        assert r.status_code == 200, r.text
        job = r.json()["data"]
        assert job["status"] == "completed", job
        return dict(job)

    def download(self, output: dict[str, Any]) -> bytes:
        """An OutputRef's bytes, through its signed URL."""
        return self.fetch(output).read_bytes()

    def picture(self, job: dict[str, Any]) -> np.ndarray:
        """A completed render's picture, decoded; its size checked against the OutputRef's."""
        output = job["result"]["output"]
        pixels = decode(self.download(output))
        assert pixels.shape[:2] == (output["height"], output["width"])
        return pixels

    def job_count(self) -> int:
        r = self.client.get("/api/v1/jobs")
        assert r.status_code == 200, r.text
        return len(r.json()["data"]["jobs"])
