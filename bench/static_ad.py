"""Static ad rendering: a 1080×1080 template with 8 layers (text and a photo), rendered in-process.

Prints renders/s and p50/p95 ms for the whole render (apply bindings, compile, decode the photo, lay out
text, draw, encode) per output format, the cost of each stage, and the per-frame draw cost the video
renderer pays for a prepared scene. The PRD asks for sync p95 < 100 ms; the ratio printed is p95 / 100 ms.

    python bench/static_ad.py [--iterations 60] [--warmup 5]
    python bench/static_ad.py --api URL --key KEY     # through the HTTP API (added with the endpoint)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import skia

from media_service.engines.scene import apply_bindings, encode_image, load_document, prepare, render_image

BUDGET_MS = 100.0


def make_photo(path: Path, width: int = 1600, height: int = 1200) -> Path:
    """A photo-sized JPEG with texture (noise), so decoding costs what a real upload costs."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([120 + 100 * np.sin(x / 180), 110 + 90 * np.cos(y / 140), 160 + 60 * np.sin((x + y) / 250)], -1)
    pixels = np.clip(base + rng.normal(0, 18, base.shape), 0, 255).astype(np.uint8)
    rgba = np.dstack([pixels, np.full((height, width), 255, np.uint8)])
    image = skia.Image.fromarray(rgba, colorType=skia.kRGBA_8888_ColorType)
    path.write_bytes(bytes(image.encodeToData(skia.EncodedImageFormat.kJPEG, 90)))
    return path


def template() -> dict:
    """The bench ad: 8 layers — gradient panel, photo, badge, 4 text layers, and a CTA pill."""
    return {
        "canvas": {"width": 1080, "height": 1080, "bgColor": "#F4EDE4"},
        "layers": [
            {"id": "panel", "type": "shape", "x": 0, "y": 0, "width": 1080, "height": 420,
             "fill": {"type": "linear", "from": [0, 0], "to": [1, 1], "stops": [[0, "#FFB88C"], [1, "#DE6262"]]}},
            {"id": "photo", "type": "image", "x": 540, "y": 80, "width": 920, "height": 560, "anchor": "top",
             "radius": 32, "shadow": {"color": "rgba(0,0,0,0.3)", "blur": 40, "dy": 18}},
            {"id": "badge", "type": "shape", "shape": "ellipse", "x": 960, "y": 120, "width": 180, "height": 180,
             "anchor": "center", "fill": "#1E1410", "rotation": -10},
            {"id": "brand", "type": "text", "text": "ATELIER NORD", "x": 80, "y": 670, "width": 600, "height": 40,
             "font": {"size": 26, "weight": 700}, "letterSpacing": 4, "color": "#3D2C23"},
            {"id": "headline", "type": "text", "text": "{{product}} for slow mornings", "x": 80, "y": 720,
             "width": 920, "height": 170, "font": {"weight": 800}, "autoFit": {"min": 40, "max": 90},
             "color": "#1E1410", "lineHeight": 1.05},
            {"id": "body", "type": "text", "text": "Small-batch stoneware, glazed by hand in our Lisbon studio. "
             "Dishwasher safe, made to last, shipped plastic-free.", "x": 80, "y": 900, "width": 620,
             "height": 90, "font": {"size": 28}, "color": "#6B5A50", "maxLines": 2},
            {"id": "price", "type": "text", "text": "$24", "x": 960, "y": 120, "width": 160, "height": 80,
             "anchor": "center", "align": "center", "valign": "middle", "rotation": -10,
             "font": {"size": 56, "weight": 900}, "color": "#FFFFFF"},
            {"id": "cta", "type": "text", "text": "Shop now", "x": 1000, "y": 1000, "width": 300, "height": 70,
             "anchor": "bottom-right", "align": "right", "valign": "middle", "font": {"size": 32, "weight": 700},
             "color": "#FFFFFF", "background": {"color": "#1E1410", "padding": [18, 34], "radius": 35}},
        ],
    }


def timed(fn: Callable[[], object], iterations: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(label: str, samples: list[float]) -> float:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    print(f"{label:<34} {1000 / statistics.mean(samples):7.1f} renders/s   p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    return p95


def run_in_process(iterations: int, warmup: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        photo = str(make_photo(Path(tmp) / "photo.jpg"))
        bindings = {"text": {"product": "Handmade ceramic mugs"}, "assets": {"photo": photo}}
        data = template()
        print(f"static ad 1080x1080, 8 layers, photo 1600x1200 JPEG; {iterations} runs after {warmup} warm-up")
        worst = 0.0
        for fmt, quality in (("png", 90), ("jpg", 90), ("webp", 85)):
            samples = timed(lambda f=fmt, q=quality: encode_image(render_image(data, bindings=bindings), f, q),
                            iterations, warmup)
            worst = max(worst, report(f"full render -> {fmt}", samples))

        doc = apply_bindings(load_document(data), bindings)
        scene = prepare(doc)
        surface = skia.Surface.MakeRasterN32Premul(1080, 1080)
        image = render_image(doc)
        print("stages:")
        report("  validate + bind", timed(lambda: apply_bindings(load_document(data), bindings), iterations, warmup))
        report("  prepare (decode, fonts, text)", timed(lambda: prepare(doc), iterations, warmup))
        report("  prepare + first draw", timed(lambda: prepare(doc).draw(surface.getCanvas(), 0.0),
                                               iterations, warmup))
        report("  redraw (prepared scene)", timed(lambda: scene.draw(surface.getCanvas(), 0.0), iterations, warmup))
        for fmt, quality in (("png", 90), ("jpg", 90), ("webp", 85)):
            report(f"  encode {fmt}", timed(lambda f=fmt, q=quality: encode_image(image, f, q), iterations, warmup))
        cached = prepare(doc, cache_static=True)
        report("  redraw, video mode (cached)", timed(lambda: cached.draw(surface.getCanvas(), 0.0),
                                                     iterations, warmup))
        print(f"ratio p95 / {BUDGET_MS:.0f} ms budget (worst format): {worst / BUDGET_MS:.2f}")


def run_api(url: str, key: str) -> None:
    raise SystemExit(f"--api mode ({url}) is not wired yet: it arrives with POST /api/v1/render/static-ad")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--api", metavar="URL", help="benchmark through a running service instead of in-process")
    parser.add_argument("--key", help="API key for --api")
    args = parser.parse_args(argv)
    if args.api:
        run_api(args.api, args.key or "")
    else:
        run_in_process(args.iterations, args.warmup)


if __name__ == "__main__":
    main(sys.argv[1:])
