"""Render bench: the "ref explainer" clip through the encode engine, against PyAV's encode-only bound.

    .venv/bin/python bench/render_brief.py                      # veryfast + medium, 3 interleaved rounds
    .venv/bin/python bench/render_brief.py --presets veryfast --rounds 5 --audio
    .venv/bin/python bench/render_brief.py --scene timeline     # once a scene-timeline drawer is registered

The clip is ../shared/bench/ref-explainer.md: 10 s of 1920x1080 at 30 fps, H.264 CRF 23 in MP4.
  bound     PyAV libx264 on the 300 frames already drawn and converted to yuv420p, in memory: the encoder
            alone, same options and threads as the engine. Nothing we do can beat it in-process.
  render    the engine end to end: draw each frame (skia) -> convert -> encode on the encoder thread ->
            mux (+ AAC with --audio), whole file from open to close.
  ratio     render fps / bound fps of the same preset in the same round; the target is >= 0.7.
This machine is shared and its speed drifts from minute to minute, so rounds alternate bound and render
and the report gives medians (and the per-round ratios, whose median is the number to quote).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import skia
from av.video.reformatter import ColorPrimaries, ColorRange, Colorspace, ColorTrc, VideoReformatter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from media_service.engines.encode import AudioArray, open_video

OUT = ROOT / "bench" / "out"
W, H, FPS, FRAMES = 1920, 1080, 30, 300
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DrawRefFrame = Callable[[skia.Canvas, int], None]


# -- the clip, drawn with plain skia calls -------------------------------------------------------------------
def _ease_out(p: float) -> float:
    return 1 - (1 - p) ** 3


def _ramp(f: float, start: float, end: float) -> float:
    return min(1.0, max(0.0, (f - start) / (end - start)))


class SkiaRefClip:
    """The ref explainer per the spec table. Static work (gradient, fonts, paints) happens once, here.

    With `cached_text` each text is rasterised once into an image and blitted with its animated opacity
    and (whole-pixel) offset, as a renderer that caches static layers does; without it every text is
    shaped and rasterised again each frame with drawString.
    """

    BULLETS = ((105, 400, "Models learn patterns from examples"), (150, 540, "Training nudges millions of weights"),
               (195, 680, "Predictions reuse what was learned"))

    def __init__(self, *, cached_text: bool = True) -> None:
        self.cached_text = cached_text
        self.background = self._gradient()
        bold = skia.Typeface.MakeFromFile(str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        regular = skia.Typeface.MakeFromFile(str(FONT_DIR / "DejaVuSans.ttf"))
        self.title, self.heading = skia.Font(bold, 96), skia.Font(bold, 72)
        self.subtitle, self.bullet = skia.Font(regular, 44), skia.Font(regular, 52)
        for font in (self.title, self.heading, self.subtitle, self.bullet):
            font.setEdging(skia.Font.Edging.kAntiAlias)
            font.setSubpixel(True)
        self.copy = skia.Paint(BlendMode=skia.BlendMode.kSrc)  # a blit, not a blend: the gradient is opaque
        self.accent = 0xFFF59E0B
        self._layers: dict[tuple[str, int, int], tuple[skia.Image, float]] = {}

    @staticmethod
    def _gradient() -> skia.Image:
        """CSS "to bottom right": t = x/2W + y/2H, i.e. a linear gradient from (0,0) to k*(1/W, 1/H)."""
        k = 2 / (1 / W**2 + 1 / H**2)
        surface = skia.Surface(W, H)
        shader = skia.GradientShader.MakeLinear([(0, 0), (k / W, k / H)], [0xFF1E3A8A, 0xFF6B21A8])
        surface.getCanvas().drawPaint(skia.Paint(Shader=shader))
        return surface.makeImageSnapshot()

    def _layer(self, text: str, font: skia.Font, color: int) -> tuple[skia.Image, float]:
        """The text rasterised once on a transparent image, and the image's top relative to the baseline."""
        key = (text, id(font), color)
        if key not in self._layers:
            metrics, pad = font.getMetrics(), 2
            width, height = int(font.measureText(text)) + 2 * pad, int(metrics.fDescent - metrics.fAscent) + 2 * pad
            surface = skia.Surface(width, height)
            paint = skia.Paint(Color=color, AntiAlias=True)
            surface.getCanvas().drawString(text, pad, pad - metrics.fAscent, font, paint)
            self._layers[key] = (surface.makeImageSnapshot(), metrics.fAscent - pad)
        return self._layers[key]

    def _text(self, canvas: skia.Canvas, text: str, font: skia.Font, x: float, center_y: float, color: int,
              alpha: float = 1.0, *, centered: bool = False) -> None:
        metrics = font.getMetrics()
        baseline = center_y - (metrics.fAscent + metrics.fDescent) / 2  # line box (ascent+descent) centred
        if centered:
            x -= font.measureText(text) / 2
        paint = skia.Paint(Color=color, AntiAlias=True)
        paint.setAlphaf(alpha)
        if not self.cached_text:
            canvas.drawString(text, x, baseline, font, paint)
            return
        image, top = self._layer(text, font, color)
        canvas.drawImage(image, round(x - 2), round(baseline + top), skia.SamplingOptions(), paint)

    def draw(self, canvas: skia.Canvas, f: int) -> None:
        canvas.drawImage(self.background, 0, 0, skia.SamplingOptions(), self.copy)
        if f < 90:
            p = _ramp(f, 0, 15)
            self._text(canvas, "How AI Works", self.title, W / 2, 470 + 60 * (1 - _ease_out(p)), 0xFFFFFFFF, p,
                       centered=True)
            self._text(canvas, "A ten-second explainer", self.subtitle, W / 2, 580, 0xFFC7D2FE, _ramp(f, 9, 24),
                       centered=True)
        else:
            self._text(canvas, "Three key ideas", self.heading, 160, 170, 0xFFFFFFFF)
            for start, center_y, text in self.BULLETS:
                if f < start:
                    continue
                p = _ramp(f, start, start + 12)
                dx = -300 * (1 - _ease_out(p))
                dot = skia.Paint(Color=self.accent, AntiAlias=True)
                dot.setAlphaf(p)
                canvas.drawCircle(172 + dx, center_y, 12, dot)
                self._text(canvas, text, self.bullet, 210 + dx, center_y, 0xFFFFFFFF, p)
        canvas.drawRect(skia.Rect.MakeXYWH(0, 1064, W * f / (FRAMES - 1), 16), skia.Paint(Color=self.accent))


#: --scene choices: each builds a `draw_ref_frame(canvas, f)`; the scene-timeline renderer registers here.
SCENES: dict[str, Callable[[], DrawRefFrame]] = {
    "skia": lambda: SkiaRefClip().draw,
    "skia-direct": lambda: SkiaRefClip(cached_text=False).draw,
}


# -- the audio variant -----------------------------------------------------------------------------------
def ref_audio() -> AudioArray:
    """10 s, 48 kHz stereo: left a 220->880 Hz chirp, right a three-note chord with 4 Hz tremolo."""
    rate = 48_000
    t = np.arange(10 * rate) / rate
    chirp = np.sin(2 * np.pi * (220 * t + (880 - 220) / (2 * 10) * t**2))
    chord = sum(np.sin(2 * np.pi * hz * t) for hz in (261.63, 329.63, 392.0)) / 3
    tremolo = 0.75 + 0.25 * np.sin(2 * np.pi * 4 * t)
    return AudioArray((0.4 * np.stack([chirp, chord * tremolo])).astype(np.float32), rate)


# -- the two measurements --------------------------------------------------------------------------------
def prepare_bound_frames(draw_ref_frame: DrawRefFrame) -> list[av.VideoFrame]:
    """The 300 frames drawn and converted once, exactly as the engine converts them (BT.709, limited)."""
    frame = av.VideoFrame(W, H, "bgra")
    plane = frame.planes[0]
    info = skia.ImageInfo.Make(W, H, skia.kBGRA_8888_ColorType, skia.kPremul_AlphaType)
    surface = skia.Surface.MakeRasterDirect(info, plane, plane.line_size)
    reformatter = VideoReformatter()
    frames = []
    for f in range(FRAMES):
        draw_ref_frame(surface.getCanvas(), f)
        yuv = reformatter.reformat(frame, format="yuv420p", dst_colorspace=Colorspace.ITU709,
                                   dst_color_range=ColorRange.MPEG, threads=1)
        yuv.pts, yuv.time_base = f, Fraction(1, FPS)
        frames.append(yuv)
    return frames


def run_bound(frames: list[av.VideoFrame], preset: str, path: Path) -> dict[str, float]:
    """Encode-only: the engine's x264 options on ready frames, in this thread, into an MP4 with faststart."""
    start, cpu = time.perf_counter(), time.process_time()
    with av.open(str(path), "w", container_options={"movflags": "+faststart"}) as container:
        stream = container.add_stream("libx264", rate=FPS, options={"preset": preset, "crf": "23"})
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        ctx = stream.codec_context
        ctx.thread_type = "AUTO"
        ctx.colorspace, ctx.color_range = int(Colorspace.ITU709), int(ColorRange.MPEG)
        ctx.color_primaries, ctx.color_trc = int(ColorPrimaries.BT709), int(ColorTrc.BT709)
        for frame in frames:
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    wall = time.perf_counter() - start
    return {"fps": FRAMES / wall, "cpu_ms": 1000 * (time.process_time() - cpu) / FRAMES}


def run_render(draw_ref_frame: DrawRefFrame, preset: str, path: Path, audio: AudioArray | None,
               poster_frames: tuple[int, ...] = ()) -> dict[str, float]:
    """The engine end to end; also splits the drawing thread's time into draw and submit (convert + wait)."""
    draw_s = submit_s = 0.0
    start, cpu = time.perf_counter(), time.process_time()
    with open_video(path, width=W, height=H, fps=FPS, preset=preset, crf=23, audio=audio) as sink:
        for f in range(FRAMES):
            t0 = time.perf_counter()
            draw_ref_frame(sink.begin_frame(clear=None), f)  # the blitted background covers every pixel
            t1 = time.perf_counter()
            if f in poster_frames:
                sink.save_poster(OUT / f"ref-frame-{f:03d}.png")
            t2 = time.perf_counter()
            sink.submit()
            draw_s, submit_s = draw_s + t1 - t0, submit_s + time.perf_counter() - t2
    wall = time.perf_counter() - start
    return {"fps": FRAMES / wall, "cpu_ms": 1000 * (time.process_time() - cpu) / FRAMES,
            "draw_ms": 1000 * draw_s / FRAMES, "submit_ms": 1000 * submit_s / FRAMES}


def convert_cost_ms(draw_ref_frame: DrawRefFrame, repeats: int = 100) -> float:
    """One BGRA->yuv420p conversion of a drawn 1080p frame, alone (single thread)."""
    frame = av.VideoFrame(W, H, "bgra")
    plane = frame.planes[0]
    info = skia.ImageInfo.Make(W, H, skia.kBGRA_8888_ColorType, skia.kPremul_AlphaType)
    draw_ref_frame(skia.Surface.MakeRasterDirect(info, plane, plane.line_size).getCanvas(), 150)
    reformatter = VideoReformatter()
    start = time.perf_counter()
    for _ in range(repeats):
        reformatter.reformat(frame, format="yuv420p", dst_colorspace=Colorspace.ITU709,
                             dst_color_range=ColorRange.MPEG, threads=1)
    return 1000 * (time.perf_counter() - start) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scene", choices=sorted(SCENES), default="skia")
    parser.add_argument("--presets", default="veryfast,medium")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--audio", action="store_true", help="the '+ audio' variant: mux the ref WAV as AAC")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    draw_ref_frame = SCENES[args.scene]()
    audio = ref_audio() if args.audio else None
    presets = args.presets.split(",")
    print(f"scene={args.scene} audio={bool(audio)} {W}x{H}@{FPS} {FRAMES} frames, rounds={args.rounds}")
    bound_frames = prepare_bound_frames(draw_ref_frame)
    print(f"convert alone: {convert_cost_ms(draw_ref_frame):.2f} ms/frame")
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for round_index in range(args.rounds):
        for preset in presets:
            bound = run_bound(bound_frames, preset, OUT / f"bound-{preset}.mp4")
            posters = (10, 120, 240) if round_index == 0 else ()
            render = run_render(draw_ref_frame, preset, OUT / f"render-{preset}.mp4", audio, posters)
            results.setdefault(("bound", preset), []).append(bound)
            results.setdefault(("render", preset), []).append(render)
            print(f"  round {round_index + 1} {preset:>9}: bound {bound['fps']:6.1f} fps   render "
                  f"{render['fps']:6.1f} fps   ratio {render['fps'] / bound['fps']:.2f}", flush=True)
    print("\npreset     bound fps  render fps  ratio (median of rounds)   cpu ms/frame bound/render   "
          "draw ms  submit ms")
    for preset in presets:
        bounds, renders = results[("bound", preset)], results[("render", preset)]
        ratios = [r["fps"] / b["fps"] for b, r in zip(bounds, renders, strict=True)]
        med = lambda rows, key: statistics.median(row[key] for row in rows)
        print(f"{preset:<9} {med(bounds, 'fps'):10.1f} {med(renders, 'fps'):11.1f}  {statistics.median(ratios):5.2f}"
              f" ({', '.join(f'{r:.2f}' for r in ratios)})   {med(bounds, 'cpu_ms'):12.1f} / "
              f"{med(renders, 'cpu_ms'):.1f}   {med(renders, 'draw_ms'):7.2f}  {med(renders, 'submit_ms'):9.2f}")
    print(f"\nframes saved under {OUT.relative_to(ROOT)}/ (ref-frame-010/120/240.png)")


if __name__ == "__main__":
    main()
