"""Still-image engines: the local title card and the sticker cut-out, against the PNG encode of the
same pixels measured in the same run (the floor any picture we write pays).

    python bench/image_engines.py [--iterations 10]

Prints p50 ms per operation and ratio = p50 / p50(PNG encode of a same-size picture).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import skia

from media_service.engines.image import CardSpec, cut_sticker, render_card
from media_service.engines.scene import render_to_file


def p50_ms(fn: Callable[[], object], iterations: int) -> float:
    fn()
    times = []
    for _ in range(iterations):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def png_encode(width: int, height: int) -> Callable[[], object]:
    rng = np.random.default_rng(1)
    pixels = np.zeros((height, width, 4), np.uint8)
    pixels[..., :3] = np.linspace(0, 255, width, dtype=np.uint8)[None, :, None]
    pixels[..., 3] = 255
    pixels[::7, ::5, :3] = rng.integers(0, 255, (len(range(0, height, 7)), len(range(0, width, 5)), 3))
    image = skia.Image.fromarray(pixels, colorType=skia.kRGBA_8888_ColorType)
    return lambda: image.encodeToData(skia.kPNG, 100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        card = CardSpec("A lighthouse at dusk over a stormy sea, cinematic light", 1080, 1920, "cinematic")
        render_to_file({"canvas": {"width": 1024, "height": 1024, "bg_color": "#ffffff"}, "layers": [
            {"id": "s", "type": "shape", "shape": "ellipse", "x": 512, "y": 512, "anchor": "center", "width": 600,
             "height": 700, "fill": "#d62828"}]}, out / "subject.png")
        rows = [
            ("card 1080x1920", p50_ms(lambda: render_card(card, out / "card.png"), args.iterations),
             p50_ms(png_encode(1080, 1920), args.iterations)),
            ("sticker from 1024x1024", p50_ms(lambda: cut_sticker(out / "subject.png", out / "s.png"), args.iterations),
             p50_ms(png_encode(1024, 1024), args.iterations)),
        ]
    for name, ms, bound in rows:
        print(f"{name:<24} p50 {ms:8.1f} ms   png-encode bound {bound:7.1f} ms   ratio {ms / bound:5.2f}")


if __name__ == "__main__":
    main()
