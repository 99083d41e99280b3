"""The five brief formats' example briefs against the encode-only bound of their own frames (used by
render_brief.py, which prints the table in the same run as the ref clip).

For each format and quality, one round is:
  bound     the brief's frames drawn once at the output size (a fresh TimelineDrawer, in this thread),
            converted to the encoder's pixel format with the engine's FrameConverter (timed: "convert"),
            then encoded alone from memory by the engine's own writer (same codec options, same threads).
            Frames per wall second of that encode is the bound; 1000 / bound is "encode" ms a frame.
  render    `render_timeline` end to end (prepare, soundtrack, draw, convert, encode, mux), timed from the
            call to the closed file; "x rt" = the brief's duration / wall, "ratio" = render fps / bound fps.
  draw      ms a frame spent drawing on the render's drawing thread (FrameTimings.draw_ms).
The verdict column says which side limits the render: the encoder (draw + convert below encode per frame)
or the drawing thread.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import skia

from media_service.capabilities.render.briefs import FORMATS, compile_brief, example_brief
from media_service.engines.encode import resolve_settings
from media_service.engines.encode.convert import FrameConverter
from media_service.engines.encode.writer import CONVERT_FORMATS, open_writer
from media_service.engines.video import Timeline, TimelineDrawer, render_timeline

QUALITIES = ("production", "preview")


@dataclass(frozen=True)
class BriefRound:
    """One round of one (format, quality): the render against the bound of the same frames."""

    fps: float
    realtime: float
    bound_fps: float
    draw_ms: float
    convert_ms: float
    encode_ms: float
    bound_draw_ms: float
    cpu_ms: float
    encode_cpu_ms: float

    @property
    def ratio(self) -> float:
        """Render fps over the encode-only bound's fps."""
        return self.fps / self.bound_fps


def _bound(timeline: Timeline, quality: str, out: Path) -> tuple[float, float, float, float]:
    """(bound fps, convert ms a frame, draw ms a frame in a quiet thread, encoder cpu ms a frame)."""
    settings = resolve_settings(width=timeline.width, height=timeline.height, fps=timeline.fps,
                                quality=quality)  # type: ignore[arg-type]
    w, h = settings.width, settings.height
    frame = av.VideoFrame(w, h, "bgra")
    plane = frame.planes[0]
    info = skia.ImageInfo.Make(w, h, skia.kBGRA_8888_ColorType, skia.kPremul_AlphaType)
    canvas = skia.Surface.MakeRasterDirect(info, plane, plane.line_size).getCanvas()
    converter = FrameConverter(width=w, height=h, source_format="bgra", target_format=CONVERT_FORMATS["mp4"],
                               time_base=Fraction(1) / settings.fps)
    count = max(1, round(timeline.duration * settings.fps))
    frames, draw_s, convert_s = [], 0.0, 0.0
    with TimelineDrawer(timeline, size=(w, h)) as drawer:
        for index in range(count):
            t0 = time.perf_counter()
            drawer.draw(canvas, float(index / settings.fps))
            t1 = time.perf_counter()
            frames.append(converter.convert(frame, index))
            draw_s, convert_s = draw_s + t1 - t0, convert_s + time.perf_counter() - t1
    writer = open_writer(out, settings, None)
    started, cpu = time.perf_counter(), time.process_time()
    for converted in frames:
        writer.write(converted)
    writer.finish(len(frames))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return count / wall, 1000 * convert_s / count, 1000 * draw_s / count, 1000 * cpu / count


def run_round(format_id: str, quality: str, out_dir: Path) -> BriefRound:
    """Bound first, then the render, of `format_id`'s example brief at `quality`."""
    timeline = compile_brief(example_brief(format_id))
    out = out_dir / f"brief-{format_id}-{quality}.mp4"
    bound_fps, convert_ms, bound_draw_ms, encode_cpu_ms = _bound(timeline, quality, out)
    with tempfile.TemporaryDirectory() as scratch:
        started, cpu = time.perf_counter(), time.process_time()
        result = render_timeline(timeline, out, quality=quality, workdir=scratch)  # type: ignore[arg-type]
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return BriefRound(fps=result.frames / wall, realtime=timeline.duration / wall, bound_fps=bound_fps,
                      draw_ms=result.timings.draw_ms, convert_ms=convert_ms, encode_ms=1000 / bound_fps,
                      bound_draw_ms=bound_draw_ms, cpu_ms=1000 * cpu / result.frames, encode_cpu_ms=encode_cpu_ms)


def _median(rounds: list[BriefRound], key: str) -> float:
    return statistics.median(getattr(r, key) for r in rounds)


def run_all(formats: list[str], qualities: list[str], rounds: int, out_dir: Path) -> dict[tuple[str, str], list[BriefRound]]:
    """Every (format, quality) `rounds` times, interleaved so drift in the machine's speed spreads evenly."""
    results: dict[tuple[str, str], list[BriefRound]] = {}
    for round_index in range(rounds):
        for format_id in formats:
            for quality in qualities:
                row = run_round(format_id, quality, out_dir)
                results.setdefault((format_id, quality), []).append(row)
                print(f"  round {round_index + 1} {format_id:<14} {quality:<10} {row.fps:6.1f} fps "
                      f"{row.realtime:5.2f}x rt  bound {row.bound_fps:6.1f} fps  ratio {row.ratio:.2f}  cpu "
                      f"{row.cpu_ms:5.1f} ms/f (encoder alone {row.encode_cpu_ms:5.1f})  load {os.getloadavg()[0]:.1f}",
                      flush=True)
    return results


def print_table(results: dict[tuple[str, str], list[BriefRound]]) -> None:
    """Medians per (format, quality), with the per-frame split and which side is the bound."""
    print(f"\n{'format':<14} {'quality':<10} {'fps':>6} {'x rt':>5} {'bound':>6} {'ratio':>5} | per frame ms: "
          f"{'draw':>5} {'convert':>7} {'encode':>6} {'draw*':>5} | cpu ms/f {'render':>6} {'enc':>5} "
          f"{'x rt@2':>6} | limited by")
    for (format_id, quality), rounds in results.items():
        draw, convert, encode = (_median(rounds, k) for k in ("draw_ms", "convert_ms", "encode_ms"))
        bound_draw = _median(rounds, "bound_draw_ms")
        ratio = statistics.median(r.ratio for r in rounds)
        cpu, enc_cpu = _median(rounds, "cpu_ms"), _median(rounds, "encode_cpu_ms")
        fps = _median(rounds, "fps") / _median(rounds, "realtime")  # the brief's own frame rate
        quiet = 2000 / cpu / fps  # x real time if the render's cpu time were spread over two idle cores
        verdict = "encoder" if bound_draw + convert <= encode else "drawing thread"
        if ratio >= 0.9:
            verdict += " (at the bound)"
        print(f"{format_id:<14} {quality:<10} {_median(rounds, 'fps'):6.1f} {_median(rounds, 'realtime'):5.2f} "
              f"{_median(rounds, 'bound_fps'):6.1f} {ratio:5.2f} |               {draw:5.2f} {convert:7.2f} "
              f"{encode:6.2f} {bound_draw:5.2f} |          {cpu:6.1f} {enc_cpu:5.1f} {quiet:6.2f} | {verdict}")
    print("draw: on the render's drawing thread (with the encoder running); draw*: the same frames drawn alone "
          "for the bound;\nconvert: BGRA -> yuv420p alone; encode: the encoder alone (1000 / bound fps).\n"
          "cpu ms/f: process cpu per frame of the render and of the encoder alone; x rt@2: the render's cpu spread "
          "over two idle cores\n(an upper bound for a quiet 2-core machine, load-independent; wall numbers move "
          "with the machine's load).")


ALL_FORMATS = list(FORMATS)
