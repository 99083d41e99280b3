"""Render bench: the five brief formats' example briefs and the "ref explainer" clip, each against PyAV's
encode-only bound of the same frames.

    .venv/bin/python bench/render_brief.py                      # briefs + ref clip (veryfast + medium, 3 rounds)
    .venv/bin/python bench/render_brief.py --no-ref --no-extra --formats shorts_v1 --qualities production
    .venv/bin/python bench/render_brief.py --presets veryfast --rounds 5 --audio
    .venv/bin/python bench/render_brief.py --save-timeline      # also write the clip's Timeline JSON

The briefs (bench/brief_formats.py): each format's example brief at production and preview quality: fps,
x real time, the encode-only bound of the same frames, the ratio, and the per-frame split (draw, convert,
encode), with which side limits the render.

The clip is ../shared/bench/ref-explainer.md: 10 s of 1920x1080 at 30 fps, H.264 CRF 23 in MP4, built as a
Timeline (`ref_timeline()`: two scenes, gradient background, keyframed title/subtitle, heading, three sliding
bullets with dots, a progress bar with a keyframed width) and rendered by the video engine.
  timeline  `render_timeline` end to end, timed from the call to the closed file: scene preparation (fonts,
            text layout, static caches), drawing every frame with the scene engine in video mode, convert,
            encode on the encoder thread, mux (+ the soundtrack mix and AAC with --audio).
  bound     PyAV libx264 on the same 300 frames (drawn by the timeline renderer) already converted to
            yuv420p, in memory: the encoder alone, same options and threads as the engine.
  ratio     timeline fps / bound fps of the same preset in the same round; the target is >= 0.7.
  raw skia  the comparison line: the same clip drawn with hand-written skia calls into the encode engine's
            sink (`SkiaRefClip`), i.e. what the engine costs over a hand-tuned drawer.
This machine is shared and its speed drifts from minute to minute, so rounds alternate bound and renders
and the report gives medians (and the per-round ratios, whose median is the number to quote). The split
per frame: draw and submit (convert + waiting for the encoder) on the drawing thread, the conversion alone,
and the encoder alone (1000 / bound fps).

`EXTRA_LINES` is the hook for more lines in the same run (the briefs engineer adds the "60 s explainer_v1
brief with images and music x real time" line there).
"""

from __future__ import annotations

import argparse
import json
import os
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

import brief_formats  # noqa: E402 - bench/ is on sys.path when this file runs
from media_service.engines.audio import save_audio
from media_service.engines.encode import AudioArray, open_video
from media_service.engines.video import Timeline, TimelineDrawer, load_timeline, render_timeline

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


# -- the clip as a scene timeline ---------------------------------------------------------------------------
WHITE, ACCENT = "#ffffff", "#f59e0b"
BULLETS = ((105, 400, "Models learn patterns from examples"), (150, 540, "Training nudges millions of weights"),
           (195, 680, "Predictions reuse what was learned"))


def _keys(*frames: tuple[float, object, str]) -> dict[str, object]:
    """Keyframes from (seconds, value, easing) triples."""
    return {"keyframes": [{"t": t, "value": v, "easing": e} for t, v, e in frames]}


def _text(layer_id: str, text: str, *, size: float, bold: bool = False, color: str = WHITE, x: float,
          y: float, centered: bool = False, **extra: object) -> dict[str, object]:
    """A one-line text layer whose line box is centred on y (and on x when `centered`)."""
    return {"type": "text", "id": layer_id, "text": text, "x": x, "y": y, "anchor": "center" if centered else "left",
            "width": 1800 if centered else 1600, "height": round(size * 1.6), "align": "center" if centered else "left",
            "valign": "middle", "color": color, "lineHeight": 1.17,
            "font": {"family": "DejaVu Sans", "weight": 700 if bold else 400, "size": size}, **extra}


def _bar(start_frame: int) -> dict[str, object]:
    """The progress bar from `start_frame` on: width 1920 * f / 299, in its scene's time."""
    return {"type": "shape", "id": "progress", "x": 0, "y": 1064, "height": 16, "fill": ACCENT,
            "width": _keys((0.0, W * start_frame / (FRAMES - 1), "linear"),
                           ((FRAMES - 1 - start_frame) / FPS, float(W), "linear"))}


def _bullet(index: int, start_frame: int, center_y: float, text: str) -> dict[str, object]:
    """Dot and text in one clipped group: the group slides in from -300 px and fades in over 0.4 s."""
    start = (start_frame - 90) / FPS
    return {"type": "group", "id": f"bullet-{index}", "x": _keys((0.0, -300.0, "linear"), (0.4, 0.0, "easeOutCubic")),
            "y": center_y - 40, "width": 1700, "height": 80, "clip": True, "start": start,
            "opacity": _keys((0.0, 0.0, "linear"), (0.4, 1.0, "linear")),
            "children": [{"type": "shape", "id": f"dot-{index}", "shape": "ellipse", "x": 160, "y": 28, "width": 24,
                          "height": 24, "fill": ACCENT},
                         _text(f"text-{index}", text, size=52, x=210, y=40)]}


def ref_timeline(audio: Path | None = None) -> dict[str, object]:
    """The ref explainer (ref-explainer.md) as Timeline JSON: an intro scene (frames 0-89), an ideas scene."""
    k = 1 / (W**2 + H**2)
    gradient = {"type": "linear", "from": [0, 0], "to": [2 * H**2 * k, 2 * W**2 * k],  # CSS "to bottom right"
                "stops": [[0, "#1e3a8a"], [1, "#6b21a8"]]}
    intro = {"id": "intro", "start": 0, "duration": 3, "layers": [
        _text("title", "How AI Works", size=96, bold=True, x=W / 2, y=_keys((0.0, 530.0, "linear"),
              (0.5, 470.0, "easeOutCubic")), centered=True, opacity=_keys((0.0, 0.0, "linear"), (0.5, 1.0, "linear"))),
        _text("subtitle", "A ten-second explainer", size=44, color="#c7d2fe", x=W / 2, y=580, centered=True,
              opacity=_keys((0.3, 0.0, "linear"), (0.8, 1.0, "linear"))),
        _bar(0)]}
    ideas = {"id": "ideas", "start": 3, "duration": 7, "layers": [
        _text("heading", "Three key ideas", size=72, bold=True, x=160, y=170),
        *(_bullet(i, start, y, text) for i, (start, y, text) in enumerate(BULLETS)),
        _bar(90)]}
    timeline: dict[str, object] = {"width": W, "height": H, "fps": FPS, "duration": FRAMES / FPS,
                                   "background": gradient, "scenes": [intro, ideas]}
    if audio is not None:
        timeline["audio"] = {"tracks": [{"src": str(audio), "type": "music", "loop": False}], "targetLufs": None}
    return timeline


def timeline_drawer() -> DrawRefFrame:
    drawer = TimelineDrawer(load_timeline(ref_timeline()))
    return lambda canvas, f: drawer.draw(canvas, f / FPS)


#: --scene choices for the bound's frames: each builds a `draw_ref_frame(canvas, f)`.
SCENES: dict[str, Callable[[], DrawRefFrame]] = {
    "timeline": timeline_drawer,
    "skia": lambda: SkiaRefClip().draw,
    "skia-direct": lambda: SkiaRefClip(cached_text=False).draw,
}

#: More result lines for the same run: each gets the parsed arguments and returns one line to print.
#: Hook for the briefs engineer: the "60 s explainer_v1 brief with images and music x real time" line.
EXTRA_LINES: list[Callable[[argparse.Namespace], str]] = []


def brief_explainer_line(args: argparse.Namespace) -> str:
    """A 60 s explainer_v1 brief (1920x1080, 30 fps, production) with a generated picture on every topic and a
    starter-library track as music, compiled by its format and rendered with its soundtrack: x real time."""
    from media_service.capabilities.render.briefs import ContentBrief, compile_brief
    from media_service.engines.audio import MusicLibrary

    pictures = []
    for i in range(7):  # a photo stand-in per topic: a graded sky, a sun, hills
        surface = skia.Surface(1600, 1000)
        canvas = surface.getCanvas()
        top, low = [0xFF1E3A8A, 0xFF7C2D12, 0xFF065F46, 0xFF581C87][i % 4], [0xFFF59E0B, 0xFF38BDF8][i % 2]
        canvas.drawPaint(skia.Paint(Shader=skia.GradientShader.MakeLinear([(0, 0), (0, 1000)], [top, low])))
        canvas.drawCircle(400 + 120 * i, 330, 130, skia.Paint(Color=0xFFFDE68A, AntiAlias=True))
        hills = skia.Path().moveTo(0, 760).cubicTo(500, 560, 1000, 920, 1600, 680).lineTo(1600, 1000).lineTo(0, 1000)
        canvas.drawPath(hills, skia.Paint(Color=0xFF0F172A, AntiAlias=True))
        pictures.append(OUT / f"brief-picture-{i}.jpg")
        surface.makeImageSnapshot().save(str(pictures[-1]), skia.kJPEG)
    track = MusicLibrary(None, index_path=OUT / "music-index.json").tracks()[0]
    topics = [{"id": f"topic-{i + 1}", "type": "topic", "start_time_sec": 5 + 7 * i, "duration_sec": 7, "content": {
        "heading": f"Idea {i + 1}: what the model learns", "body": "Each example nudges the weights a little.",
        "bullets": ["Inputs become numbers", "Layers transform them"], "image": str(pictures[i])}} for i in range(7)]
    brief = ContentBrief.model_validate({
        "id": "bench-60s", "format": "explainer_v1", "title": "How neural networks learn",
        "settings": {"duration_sec": 60, "fps": 30}, "audio": {"music": track.id}, "sections": [
            {"id": "intro", "type": "intro", "start_time_sec": 0, "duration_sec": 5,
             "content": {"title": "How neural networks learn", "subtitle": "Seven ideas in one minute"}},
            *topics, {"id": "outro", "type": "outro", "start_time_sec": 54, "duration_sec": 6,
                      "content": {"cta": "Subscribe for more", "handle": "@bench"}}]})
    started = time.perf_counter()
    timeline = compile_brief(brief)
    compiled = time.perf_counter() - started
    result = render_timeline(timeline, OUT / "brief-explainer-60s.mp4", quality="production",
                             resolve_asset=lambda ref: Path(track.path) if ref == track.id else Path(ref))
    wall = time.perf_counter() - started
    return (f"a 60 s explainer_v1 brief with images and music: {60 / wall:.2f}x real time (wall {wall:.1f} s = "
            f"compile {compiled:.2f} s + render {result.render_seconds:.1f} s; {result.frames} frames "
            f"{result.width}x{result.height}, audio {result.has_audio}; {result.timings.draw_ms:.1f} ms draw, "
            f"{result.timings.submit_ms:.1f} ms submit a frame)")


EXTRA_LINES.append(brief_explainer_line)


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


def run_timeline(timeline: Timeline, preset: str, path: Path, poster_frames: tuple[int, ...] = ()
                 ) -> dict[str, float]:
    """`render_timeline` end to end (preparation included); also its per-frame draw/submit split."""
    start, cpu = time.perf_counter(), time.process_time()
    result = render_timeline(timeline, path, quality="production", preset=preset, crf=23)
    wall = time.perf_counter() - start
    if poster_frames:
        _save_frames(path, poster_frames)
    return {"fps": FRAMES / wall, "cpu_ms": 1000 * (time.process_time() - cpu) / FRAMES,
            "draw_ms": result.timings.draw_ms, "submit_ms": result.timings.submit_ms,
            "prepare_ms": 1000 * result.timings.prepare_seconds}


def _save_frames(path: Path, frames: tuple[int, ...]) -> None:
    """Decode `frames` of the rendered file to PNGs under OUT (to look at)."""
    with av.open(str(path)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index in frames:
                rgba = np.ascontiguousarray(frame.to_ndarray(format="rgba"))
                skia.Image.fromarray(rgba, colorType=skia.kRGBA_8888_ColorType).save(
                    str(OUT / f"timeline-frame-{index:03d}.png"))


def _median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", default="veryfast,medium")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--audio", action="store_true", help="the '+ audio' variant: mux the ref WAV as AAC")
    parser.add_argument("--no-skia", action="store_true", help="leave out the raw-skia comparison line")
    parser.add_argument("--save-timeline", action="store_true", help="write the Timeline JSON under bench/out/")
    parser.add_argument("--formats", default=",".join(brief_formats.ALL_FORMATS),
                        help="brief formats whose example brief is measured ('' for none)")
    parser.add_argument("--qualities", default=",".join(brief_formats.QUALITIES))
    parser.add_argument("--brief-rounds", type=int, default=1)
    parser.add_argument("--no-ref", action="store_true", help="leave out the ref clip")
    parser.add_argument("--no-extra", action="store_true", help="leave out the EXTRA_LINES (the 60 s brief)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    formats = [f for f in args.formats.split(",") if f]
    if formats:
        print(f"example briefs: {', '.join(formats)} at {args.qualities}, rounds={args.brief_rounds}")
        brief_formats.print_table(brief_formats.run_all(formats, args.qualities.split(","), args.brief_rounds, OUT))
    if not args.no_ref:
        run_ref(args)
    if not args.no_extra:
        for extra in EXTRA_LINES:
            print(extra(args), flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} at the end")


def run_ref(args: argparse.Namespace) -> None:
    """The ref clip: rounds of bound / timeline / raw skia per preset, medians and the per-frame split."""
    wav = None
    if args.audio:
        samples = ref_audio()
        wav = OUT / "ref-audio.wav"
        save_audio(samples.samples, wav, sample_rate=samples.rate)
    spec = ref_timeline(wav)
    if args.save_timeline:
        (OUT / "ref-explainer.timeline.json").write_text(json.dumps(spec, indent=2) + "\n")
    timeline = load_timeline(spec)
    skia_clip = SkiaRefClip().draw
    presets = args.presets.split(",")
    print(f"ref explainer as a timeline, audio={bool(wav)} {W}x{H}@{FPS} {FRAMES} frames, rounds={args.rounds}")
    bound_frames = prepare_bound_frames(timeline_drawer())
    convert_ms = convert_cost_ms(timeline_drawer())
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for round_index in range(args.rounds):
        for preset in presets:
            bound = run_bound(bound_frames, preset, OUT / f"bound-{preset}.mp4")
            posters = (10, 120, 240) if round_index == 0 else ()
            rendered = run_timeline(timeline, preset, OUT / f"timeline-{preset}.mp4", posters)
            results.setdefault(("bound", preset), []).append(bound)
            results.setdefault(("timeline", preset), []).append(rendered)
            line = (f"  round {round_index + 1} {preset:>9}: bound {bound['fps']:6.1f} fps   timeline "
                    f"{rendered['fps']:6.1f} fps   ratio {rendered['fps'] / bound['fps']:.2f}")
            if not args.no_skia:
                raw = run_render(skia_clip, preset, OUT / f"skia-{preset}.mp4", ref_audio() if wav else None,
                                 posters)
                results.setdefault(("skia", preset), []).append(raw)
                line += f"   raw skia {raw['fps']:6.1f} fps ({raw['fps'] / bound['fps']:.2f})"
            print(line, flush=True)
    print(f"\n{'preset':<9} {'bound fps':>9} {'timeline fps':>12} {'ratio':>5}  {'raw skia fps':>12} {'ratio':>5}  "
          "per-round ratios (timeline)")
    for preset in presets:
        bounds, renders = results[("bound", preset)], results[("timeline", preset)]
        ratios = [r["fps"] / b["fps"] for b, r in zip(bounds, renders, strict=True)]
        raw_rows = results.get(("skia", preset))
        raw = (f"{_median(raw_rows, 'fps'):12.1f} "
               f"{statistics.median(r['fps'] / b['fps'] for b, r in zip(bounds, raw_rows, strict=True)):5.2f}"
               if raw_rows else f"{'-':>12} {'-':>5}")
        print(f"{preset:<9} {_median(bounds, 'fps'):9.1f} {_median(renders, 'fps'):12.1f} "
              f"{statistics.median(ratios):5.2f}  {raw}  {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"\nper frame (ms, medians)  {'draw':>6} {'submit':>7} {'convert alone':>13} {'encode alone':>12}  "
          f"{'cpu timeline/bound':>18}  prepare (ms, once)")
    for preset in presets:
        bounds, renders = results[("bound", preset)], results[("timeline", preset)]
        print(f"  timeline {preset:<13} {_median(renders, 'draw_ms'):6.2f} {_median(renders, 'submit_ms'):7.2f} "
              f"{convert_ms:13.2f} {1000 / _median(bounds, 'fps'):12.2f}  "
              f"{_median(renders, 'cpu_ms'):8.1f} / {_median(bounds, 'cpu_ms'):<8.1f}  "
              f"{_median(renders, 'prepare_ms'):.0f}")
        if ("skia", preset) in results:
            raw_rows = results[("skia", preset)]
            print(f"  raw skia {preset:<13} {_median(raw_rows, 'draw_ms'):6.2f} {_median(raw_rows, 'submit_ms'):7.2f}")
    print(f"\nframes saved under {OUT.relative_to(ROOT)}/ (timeline-frame-010/120/240.png, ref-frame-*.png)")


if __name__ == "__main__":
    main()
