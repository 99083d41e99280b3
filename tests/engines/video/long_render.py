"""A long 1080p render in its own process, watching its memory: `python long_render.py OUT_DIR --minutes 10`.

The timeline is a realistic explainer: one scene every 10 s (crossfades between them), each with a
full-frame photo under a Ken Burns move, an animated title, three sliding bullets and a growing progress
bar; narration and a music bed over the whole programme. Prints one JSON line: frames, wall seconds, the
peak RSS (getrusage) and RSS samples (MB) tagged by phase, so growth over the render would show.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import threading
import time
from pathlib import Path

import numpy as np
import skia

from media_service.engines.audio import save_audio
from media_service.engines.video import load_timeline, render_timeline

RATE = 48_000


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _photo(path: Path, hue: int) -> Path:
    surface = skia.Surface(1920, 1080)
    canvas = surface.getCanvas()
    colors = [skia.Color4f(hue / 360, 0.3, 0.5, 1).toColor(), skia.Color4f(0.9, 0.8, 0.2, 1).toColor()]
    canvas.drawPaint(skia.Paint(Shader=skia.GradientShader.MakeLinear([(0, 0), (1920, 1080)], colors)))
    for i in range(40):
        canvas.drawCircle(97 * i % 1920, 53 * i % 1080, 30 + i, skia.Paint(Color=0x80FFFFFF, AntiAlias=True))
    surface.makeImageSnapshot().save(str(path), skia.kJPEG)
    return path


def _scene(index: int, photo: Path) -> dict[str, object]:
    def keys(*frames: tuple[float, float, str]) -> dict[str, object]:
        return {"keyframes": [{"t": t, "value": v, "easing": e} for t, v, e in frames]}

    bullets = [{"type": "text", "id": f"b{k}", "text": f"Point {k + 1} of section {index + 1}", "x": 160,
                "y": 420 + 110 * k, "width": 1400, "height": 80, "color": "#ffffff", "start": 1.0 + k,
                "font": {"family": "DejaVu Sans", "size": 52},
                "opacity": keys((0, 0, "linear"), (0.4, 1, "linear")),
                "background": {"color": "rgba(0,0,0,0.45)", "padding": [8, 16], "radius": 10}} for k in range(3)]
    return {"id": f"s{index}", "start": index * 10, "duration": 10.5,
            "transitionIn": {"type": "crossfade", "duration": 0.5} if index else None,
            "layers": [
                {"type": "image", "id": "photo", "src": str(photo),
                 "kenBurns": {"from": {"scale": 1.0}, "to": {"scale": 1.15, "focus": [0.3, 0.4]}}},
                {"type": "text", "id": "title", "text": f"Section {index + 1}: how it works", "x": 160,
                 "y": keys((0, 260, "linear"), (0.6, 200, "easeOutCubic")), "width": 1600, "height": 120,
                 "color": "#ffffff", "font": {"family": "DejaVu Sans", "size": 84, "weight": 700},
                 "shadow": {"color": "rgba(0,0,0,0.6)", "blur": 12, "dy": 4}},
                *bullets,
                {"type": "shape", "id": "bar", "x": 0, "y": 1064, "height": 16, "fill": "#f59e0b",
                 "width": keys((0, 0, "linear"), (10, 1920, "linear"))}]}


def _timeline(minutes: float, work: Path) -> dict[str, object]:
    seconds = minutes * 60
    photos = [_photo(work / f"photo-{k}.jpg", 40 * k) for k in range(6)]
    count = int(seconds // 10)
    scenes = [_scene(i, photos[i % len(photos)]) for i in range(count)]
    scenes[-1]["duration"] = seconds - scenes[-1]["start"]  # type: ignore[operator]
    t = np.arange(int(20 * RATE)) / RATE
    music = (0.2 * np.sin(2 * np.pi * 110 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.5 * t))).astype(np.float32)
    save_audio(np.stack([music, music]), work / "music.wav")
    voice = np.zeros(int(seconds * RATE), np.float32)
    for start in range(0, int(seconds), 5):
        burst = slice(start * RATE + RATE, start * RATE + 3 * RATE)
        voice[burst] = 0.3 * np.sin(2 * np.pi * 220 * np.arange(2 * RATE) / RATE)[: voice[burst].size]
    save_audio(np.stack([voice, voice]), work / "voice.wav")
    return {"width": 1920, "height": 1080, "fps": 30, "duration": seconds, "background": "#0b1020",
            "scenes": scenes, "audio": {"voiceover": str(work / "voice.wav"), "music": str(work / "music.wav")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--preset", default=None, help="x264 preset (default: production's medium)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    timeline = load_timeline(_timeline(args.minutes, args.out))
    samples: list[tuple[float, str, float]] = []
    phase = {"name": "prepare"}
    stop = threading.Event()
    started = time.perf_counter()

    def watch() -> None:
        while not stop.wait(1.0):
            samples.append((round(time.perf_counter() - started, 1), phase["name"], round(_rss_mb(), 1)))

    threading.Thread(target=watch, daemon=True).start()

    def progress(done: int, total: int) -> None:
        phase["name"] = "frames"

    result = render_timeline(timeline, args.out / "long.mp4", quality="production", preset=args.preset,
                             workdir=args.out / "work", progress=progress)
    stop.set()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    frames = [rss for _, name, rss in samples if name == "frames"]
    half = len(frames) // 2
    json.dump({"frames": result.frames, "seconds": round(time.perf_counter() - started, 1),
               "fps": round(result.frames / result.render_seconds, 1), "size_mb": round(result.size_bytes / 1e6, 1),
               "peak_rss_mb": round(peak, 1),
               "frames_rss_first_half_max_mb": max(frames[:half], default=0.0),
               "frames_rss_second_half_max_mb": max(frames[half:], default=0.0),
               "prepare_rss_max_mb": max((rss for _, name, rss in samples if name == "prepare"), default=0.0),
               "draw_ms": round(result.timings.draw_ms, 2), "submit_ms": round(result.timings.submit_ms, 2),
               "samples": samples[:: max(1, len(samples) // 60)]}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
