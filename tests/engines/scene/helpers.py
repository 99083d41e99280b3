"""Test helpers: rendering to numpy, golden images, synthetic pictures (generated here, never downloaded)."""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

import numpy as np
import skia

from media_service.engines.scene import PreparedScene, prepare, render_image

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "data" / "scene"
FAILED_DIR = Path(__file__).resolve().parents[3] / "tmp" / "scene-golden-failures"  # /tmp/ is git-ignored
MIN_PSNR_DB = 30.0
"""Fonts and anti-aliasing may differ a little between library builds; layout changes drop far below this."""


def to_array(image: skia.Image) -> np.ndarray:
    """H×W×4 uint8 RGBA, straight alpha."""
    return np.asarray(image.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType))


def render(doc: dict[str, Any], **kwargs: Any) -> np.ndarray:
    """Render a document dict at t (default 0) to an RGBA array."""
    return to_array(render_image(doc, **kwargs))


def draw(scene: PreparedScene, t: float) -> np.ndarray:
    """One frame of a prepared scene as an RGBA array."""
    surface = skia.Surface.MakeRasterN32Premul(scene.width, scene.height)
    scene.draw(surface.getCanvas(), t)
    return to_array(surface.makeImageSnapshot())


def frame(doc: dict[str, Any], t: float, **kwargs: Any) -> np.ndarray:
    """Prepare and draw one frame at t."""
    return draw(prepare(doc, **kwargs), t)


def doc(width: int, height: int, layers: list[dict[str, Any]], bg: Any = "#FFFFFF", **extra: Any) -> dict[str, Any]:
    """A document dict."""
    return {"canvas": {"width": width, "height": height, "bgColor": bg}, "layers": layers, **extra}


def ink(pixels: np.ndarray, background: tuple[int, int, int] = (255, 255, 255), threshold: int = 60) -> np.ndarray:
    """Boolean mask of pixels clearly different from a background colour."""
    diff = np.abs(pixels[..., :3].astype(int) - np.array(background)).sum(axis=2)
    return diff > threshold


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB over all channels (inf when identical)."""
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def check_golden(name: str, pixels: np.ndarray) -> None:
    """Compare with tests/data/scene/<name>.png; UPDATE_GOLDENS=1 rewrites it instead."""
    path = GOLDEN_DIR / f"{name}.png"
    image = skia.Image.fromarray(np.ascontiguousarray(pixels), colorType=skia.kRGBA_8888_ColorType,
                                 alphaType=skia.kUnpremul_AlphaType)
    if os.environ.get("UPDATE_GOLDENS") == "1" or not path.exists():
        if os.environ.get("UPDATE_GOLDENS") != "1":
            raise AssertionError(f"no golden {path.name}; run with UPDATE_GOLDENS=1 and look at it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(image.encodeToData(skia.EncodedImageFormat.kPNG, 100)))
        return
    expected = to_array(skia.Image.MakeFromEncoded(skia.Data.MakeWithCopy(path.read_bytes())))
    assert expected.shape == pixels.shape, f"{name}: size {pixels.shape} != golden {expected.shape}"
    score = psnr(expected, pixels)
    if score < MIN_PSNR_DB:
        FAILED_DIR.mkdir(parents=True, exist_ok=True)
        (FAILED_DIR / f"{name}.png").write_bytes(bytes(image.encodeToData(skia.EncodedImageFormat.kPNG, 100)))
        raise AssertionError(f"{name}: PSNR {score:.1f} dB < {MIN_PSNR_DB} dB; actual saved in {FAILED_DIR}")


def write_png(path: Path, pixels: np.ndarray) -> Path:
    """Write an RGBA array as PNG."""
    image = skia.Image.fromarray(np.ascontiguousarray(pixels), colorType=skia.kRGBA_8888_ColorType,
                                 alphaType=skia.kUnpremul_AlphaType)
    path.write_bytes(bytes(image.encodeToData(skia.EncodedImageFormat.kPNG, 100)))
    return path


def quadrants(width: int, height: int, colors: tuple[tuple[int, int, int, int], ...] = (
        (255, 0, 0, 255), (0, 255, 0, 255), (0, 0, 255, 255), (255, 255, 0, 255))) -> np.ndarray:
    """A picture in four flat quadrants: top-left, top-right, bottom-left, bottom-right."""
    pixels = np.zeros((height, width, 4), np.uint8)
    hw, hh = width // 2, height // 2
    pixels[:hh, :hw], pixels[:hh, hw:], pixels[hh:, :hw], pixels[hh:, hw:] = colors
    return pixels


def photo(width: int, height: int) -> np.ndarray:
    """A photo-like test picture: a sky-to-sand gradient, a sun and a dark hill (orientation is visible)."""
    surface = skia.Surface(width, height)
    canvas = surface.getCanvas()
    sky = skia.Paint(Shader=skia.GradientShader.MakeLinear(
        [skia.Point(0, 0), skia.Point(0, height)], [0xFF3A7BD5, 0xFFFFD194]))
    canvas.drawPaint(sky)
    sun = skia.Paint(Color=0xFFFFF3B0, AntiAlias=True)
    canvas.drawCircle(width * 0.72, height * 0.3, min(width, height) * 0.15, sun)
    hill = skia.Path()
    hill.moveTo(0, height)
    hill.quadTo(width * 0.3, height * 0.45, width, height * 0.8)
    hill.lineTo(width, height)
    hill.close()
    canvas.drawPath(hill, skia.Paint(Color=0xFF2E4A3A, AntiAlias=True))
    return to_array(surface.makeImageSnapshot())


def jpeg_with_orientation(pixels: np.ndarray, orientation: int) -> bytes:
    """Encode as JPEG and insert an EXIF APP1 segment with the orientation tag (a hand-built TIFF IFD)."""
    image = skia.Image.fromarray(np.ascontiguousarray(pixels), colorType=skia.kRGBA_8888_ColorType,
                                 alphaType=skia.kUnpremul_AlphaType)
    jpeg = bytes(image.encodeToData(skia.EncodedImageFormat.kJPEG, 100))
    ifd = struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack("<I", 0)
    payload = b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + ifd
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]
