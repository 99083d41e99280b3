"""`transform_video`: decode → FFmpeg filter graph → x264, with the input's audio packets copied.

Frames are pulled through one PyAV filter graph (buffer → the operation's chain → format=yuv420p →
buffersink) and encoded as they come out, so memory stays flat for any length. The video is written to a
temporary file first; the final file then gets those video packets and the input's audio packets,
interleaved by time, without re-encoding either (the audio is kept bit for bit).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.filter

from media_service.errors import JobCancelledError, UnsupportedMediaError

from .filters import DenoiseMethod, Operation, Resolution, chain, target_size

__all__ = ["TransformResult", "transform_video"]


@dataclass(frozen=True)
class TransformResult:
    """The file written and its facts."""

    path: Path
    operation: Operation
    width: int
    height: int
    frames: int
    fps: float
    duration_seconds: float
    has_audio: bool
    size_bytes: int
    seconds: float


def transform_video(source: str | Path, out: str | Path, *, operation: Operation, resolution: Resolution = "1080p",
                    strength: float = 0.5, method: DenoiseMethod = "fftdnoiz", preset: str = "fast", crf: int = 20,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> TransformResult:
    """Upscale or denoise `source` into MP4 `out` (H.264 + the input's audio, copied)."""
    started = time.perf_counter()
    src, target = Path(source), Path(out)
    try:
        container = av.open(str(src))
    except (av.FFmpegError, UnicodeDecodeError) as exc:
        raise UnsupportedMediaError(f"video: {src.name} is not a readable video ({exc})", field="video") from None
    temporary = target.with_name(f"{target.stem}.video.mp4")
    try:
        with container:
            if not container.streams.video:
                raise UnsupportedMediaError(f"video: {src.name} has no video stream", field="video")
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            width, height = stream.codec_context.width, stream.codec_context.height
            size = target_size(width, height, resolution) if operation == "upscale" else (width, height)
            steps = chain(operation, size=size, strength=strength, method=method, ratio=size[0] / width)
            rate = Fraction(stream.average_rate or stream.guessed_rate or 30)
            frames = _filter_and_encode(container, stream, temporary, steps, size, rate, preset, crf, progress,
                                        cancelled)
        has_audio = _mux(temporary, src, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        temporary.unlink(missing_ok=True)
    return TransformResult(path=target, operation=operation, width=size[0], height=size[1], frames=frames,
                           fps=float(rate), duration_seconds=float(frames / rate), has_audio=has_audio,
                           size_bytes=target.stat().st_size, seconds=time.perf_counter() - started)


def _filter_and_encode(container: Any, stream: Any, path: Path, steps: list[tuple[str, str]], size: tuple[int, int],
                       rate: Fraction, preset: str, crf: int, progress: Callable[[int, int], None] | None,
                       cancelled: Callable[[], bool] | None) -> int:
    graph = av.filter.Graph()
    node = graph.add_buffer(template=stream)
    for name, args in steps + [("format", "yuv420p")]:
        nxt = graph.add(name, args)
        node.link_to(nxt)
        node = nxt
    sink = graph.add("buffersink")
    node.link_to(sink)
    graph.configure()
    total = stream.frames or 0
    written = 0
    with av.open(str(path), "w", format="mp4") as output:
        video = output.add_stream("libx264", rate=rate, options={"preset": preset, "crf": str(crf)})
        video.width, video.height, video.pix_fmt = size[0], size[1], "yuv420p"
        video.codec_context.time_base = 1 / rate
        video.codec_context.thread_type = "AUTO"

        def drain() -> None:
            nonlocal written
            while True:
                try:
                    frame = graph.pull()
                except (av.BlockingIOError, av.EOFError):
                    return
                assert isinstance(frame, av.VideoFrame)  # a video graph yields video frames
                frame.pts, frame.time_base = written, 1 / rate
                output.mux(video.encode(frame))
                written += 1
                if progress is not None:
                    progress(written, total)

        for frame in container.decode(stream):
            if cancelled is not None and cancelled():
                raise JobCancelledError("transform cancelled", details={"frames_done": written})
            graph.push(frame)
            drain()
        graph.push(None)
        drain()
        output.mux(video.encode(None))
    return written


def _mux(video_path: Path, source: Path, out: Path) -> bool:
    """`out` = the encoded video's packets + the source's first audio stream's packets, by time. Has audio?"""
    with av.open(str(video_path)) as video_in, av.open(str(source)) as audio_in, av.open(str(out), "w") as output:
        v_in = video_in.streams.video[0]
        v_out = output.add_stream_from_template(v_in)
        audio: list[av.Packet[Any]] = []
        if audio_in.streams.audio:
            a_in = audio_in.streams.audio[0]
            a_out = output.add_stream_from_template(a_in)
            for sound in audio_in.demux(a_in):
                if sound.dts is not None:
                    sound.stream = a_out
                    audio.append(sound)
        pending = 0
        for picture in video_in.demux(v_in):
            if picture.dts is None:
                continue
            now = float(picture.dts * picture.time_base)
            while pending < len(audio) and _seconds(audio[pending]) <= now:
                output.mux(audio[pending])
                pending += 1
            picture.stream = v_out
            output.mux(picture)
        for packet in audio[pending:]:
            output.mux(packet)
        return bool(audio)


def _seconds(packet: av.Packet[Any]) -> float:
    return float((packet.dts or 0) * packet.time_base)
