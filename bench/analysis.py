"""Video measurements: scene cuts and sound statistics of a generated 30 s 720×1280 clip with a cut every
2 s, against decoding the same file's frames and audio with PyAV alone (the bound) in the same run.

    python bench/analysis.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import av
import numpy as np

from media_service.engines.analysis import measure_sound, measure_visual


def make_clip(path: Path, seconds: float = 30.0, fps: int = 30, size: tuple[int, int] = (720, 1280)) -> Path:
    rng = np.random.default_rng(1)
    width, height = size
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        audio = out.add_stream("aac", rate=48000, layout="stereo")
        scenes = [np.full((height, width, 3), rng.integers(0, 255, 3), np.uint8) for _ in range(int(seconds / 2) + 1)]
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(scenes[i // (2 * fps)], format="rgb24")
            frame.pts = i
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        t = np.arange(int(seconds * 48000)) / 48000
        tone = (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
        for start in range(0, len(tone), 1024):
            chunk = np.ascontiguousarray(np.stack([tone[start:start + 1024]] * 2))
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = 48000, start
            for packet in audio.encode(frame):
                out.mux(packet)
        for packet in audio.encode(None):
            out.mux(packet)
    return path


def bare_decode(path: Path) -> None:
    with av.open(str(path)) as container:
        for _ in container.decode(video=0):
            pass
    with av.open(str(path)) as container:
        for _ in container.decode(audio=0):
            pass


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clip = make_clip(Path(tmp) / "clip.mp4")
        ours, bare = [], []
        for _ in range(2):
            started = time.perf_counter()
            visual = measure_visual(clip)
            sound = measure_sound(clip)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            bare_decode(clip)
            bare.append(time.perf_counter() - started)
    o, b = statistics.median(ours), statistics.median(bare)
    assert visual is not None
    print(f"30 s 720x1280: {len(visual.cuts)} cuts ({visual.cuts_per_minute} per minute), {sound.integrated_lufs} LUFS; "
          f"ours {o:.2f} s ({30 / o:.1f}× real time), bare decode {b:.2f} s, ratio {o / b:.2f}")


if __name__ == "__main__":
    main()
