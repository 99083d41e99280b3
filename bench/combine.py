"""Assembly: combining segments (stream copy and re-encode), image-to-video motion and upscaling, end to end.

Ours: `combine_segments` on 4 × 8 s 720×1280 24 fps H.264/AAC segments — the stream-copy path (packets
copied), the copy path with background music (audio rebuilt, mixed at 0.15 and normalised to -14 LUFS)
and the re-encode path (crossfades between segments, x264 veryfast); `animate_image` (zoomIn, 5 s at
1080×1920, 24 fps, "balanced"); `transform_video` upscale 720×1280 → 1080p.
Bound: the `ffmpeg` binary from imageio-ffmpeg in the same run — the Sparkfluence contract's own commands
(`-f concat -c copy`; the amix BGM command), concat + libx264 veryfast for the re-encode, zoompan for
the motion and scale=lanczos,unsharp for the upscale.

Prints × real time (programme seconds / wall seconds; higher is faster), frames per second for the
image-to-video, and ours/ffmpeg wall-time ratios (below 1 = faster than the binary).

    python bench/combine.py [--segment-seconds 8] [--keep DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import skia
from scipy import ndimage

from media_service.engines.assembly import Music, Segment, Transition, combine_segments
from media_service.engines.encode import AudioArray, render_frames
from media_service.engines.motion import Match, animate_image
from media_service.engines.transform import transform_video

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
SR = 48_000


def make_segment(path: Path, seconds: float, shade: int) -> None:
    """720×1280 24 fps: a gradient with moving shapes, and a voice-like tone."""
    t = np.arange(round(seconds * SR)) / SR
    voice = (0.1 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    paint = skia.Paint(Color=skia.ColorWHITE, AntiAlias=True)

    def draw(canvas: skia.Canvas, index: int, now: float) -> None:
        canvas.clear(skia.ColorSetRGB(shade, 60, 120))
        for k in range(6):
            canvas.drawCircle(100 + (index * 7 + k * 90) % 520, 150 + k * 180, 60, paint)

    render_frames(draw, path, width=720, height=1280, fps=24, duration_seconds=seconds,
                  audio=AudioArray(np.vstack([voice, voice]), SR), preset="veryfast")


def make_music(path: Path, seconds: float) -> None:
    t = np.arange(round(seconds * SR)) / SR
    chord = sum(np.sin(2 * np.pi * f * t) for f in (110, 165, 220)) / 3 * 0.3
    render_frames(lambda c, i, s: None, path.with_suffix(".tmp.mp4"), width=16, height=16, fps=1,
                  duration_seconds=1)  # warm the encoder once
    path.with_suffix(".tmp.mp4").unlink()
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=SR, layout="stereo")
        data = (np.clip(np.vstack([chord, chord]).T, -1, 1) * 32767).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(data, format="s16", layout="stereo")
        frame.sample_rate = SR
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def ffmpeg(*args: str) -> None:
    subprocess.run([FFMPEG, "-v", "error", "-y", *args], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segment-seconds", type=float, default=8.0)
    parser.add_argument("--keep", type=Path, help="keep inputs and outputs in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / f"segment_{k}.mp4" for k in range(4)]
        for k, path in enumerate(paths):
            make_segment(path, args.segment_seconds, 40 * k)
        music = folder / "bgm.wav"
        make_music(music, 11.0)
        total = 4 * args.segment_seconds
        segments = [Segment(p) for p in paths]
        (folder / "concat.txt").write_text("".join(f"file '{p}'\n" for p in paths))
        print(f"combine: 4 x {args.segment_seconds:g} s 720x1280 24 fps segments ({total:g} s programme)")
        rows = [
            ("stream copy", lambda: combine_segments(segments, folder / "copy.mp4", loudness_target=None),
             lambda: ffmpeg("-f", "concat", "-safe", "0", "-i", str(folder / "concat.txt"), "-c", "copy",
                            str(folder / "ff_copy.mp4"))),
            ("copy + BGM 0.15, -14 LUFS", lambda: combine_segments(segments, folder / "bgm.mp4",
                                                                  music=Music(music, volume=0.15)),
             lambda: ffmpeg("-i", str(folder / "ff_copy.mp4"), "-i", str(music), "-filter_complex",
                            "[1:a]volume=0.15[a1];[0:a][a1]amix=inputs=2:normalize=1", "-c:v", "copy",
                            "-shortest", str(folder / "ff_bgm.mp4"))),
            ("re-encode (crossfades)", lambda: combine_segments(segments, folder / "reencode.mp4",
                                                               transitions=[Transition("crossfade", 0.5)] * 3),
             lambda: ffmpeg("-f", "concat", "-safe", "0", "-i", str(folder / "concat.txt"), "-c:v", "libx264",
                            "-preset", "veryfast", "-crf", "20", "-c:a", "aac", str(folder / "ff_reencode.mp4"))),
        ]
        for name, ours, bound in rows:
            bound_s = timed(bound)
            ours_s = timed(ours)
            print(f"  {name:26s} ours {ours_s:6.2f} s ({total / ours_s:6.1f}x real time)   "
                  f"ffmpeg {bound_s:6.2f} s ({total / bound_s:6.1f}x)   ratio {ours_s / bound_s:5.2f}")
        picture = folder / "picture.png"
        rng = np.random.default_rng(0)  # a photo-like picture: smooth colour regions, 1080×1350 (4:5)
        coarse = rng.random((27, 22, 3)) * 255
        pixels = np.kron(coarse, np.ones((50, 50, 1)))[:1350, :1080]
        pixels = ndimage.gaussian_filter(pixels, (12, 12, 0)).astype(np.uint8)
        skia.Image.fromarray(np.dstack([pixels, np.full(pixels.shape[:2], 255, np.uint8)]),
                             colorType=skia.kRGBA_8888_ColorType).save(str(picture), skia.kPNG)
        ours_s = timed(lambda: animate_image(picture, folder / "motion.mp4", motion=Match("zoomIn", 1.0, "bench"),
                                             width=1080, height=1920, fps=24, duration_seconds=5.0))
        bound_s = timed(lambda: ffmpeg("-loop", "1", "-i", str(picture), "-vf",
                                       "scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920,"
                                       "zoompan=z='1+0.2*on/119':d=120:s=1080x1920:fps=24",
                                       "-frames:v", "120", "-c:v", "libx264", "-preset", "fast", "-crf", "22",
                                       "-pix_fmt", "yuv420p", str(folder / "ff_motion.mp4")))
        print(f"image-to-video: zoomIn 5 s 1080x1920 24 fps balanced: ours {ours_s:6.2f} s ({120 / ours_s:5.1f} fps, "
              f"{5 / ours_s:4.2f}x real time)   ffmpeg zoompan {bound_s:6.2f} s ({120 / bound_s:5.1f} fps)   "
              f"ratio {ours_s / bound_s:5.2f}")
        ours_s = timed(lambda: transform_video(paths[0], folder / "up.mp4", operation="upscale", resolution="1080p"))
        bound_s = timed(lambda: ffmpeg("-i", str(paths[0]), "-vf", "scale=1080:1920:flags=lanczos,unsharp=5:5:0.75",
                                       "-c:v", "libx264", "-preset", "fast", "-crf", "20", "-c:a", "copy",
                                       str(folder / "ff_up.mp4")))
        print(f"upscale 720x1280 -> 1080x1920, {args.segment_seconds:g} s: ours {ours_s:6.2f} s "
              f"({args.segment_seconds / ours_s:4.2f}x real time)   ffmpeg {bound_s:6.2f} s   "
              f"ratio {ours_s / bound_s:5.2f}")


if __name__ == "__main__":
    main()
