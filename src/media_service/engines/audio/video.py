"""Give a video a new soundtrack: video packets are copied bit for bit, only the audio is encoded."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from media_service.errors import UnsupportedMediaError, ValidationError

from .control import CancelFn, check_cancelled
from .decode import open_media, resample
from .encode import add_audio_stream, encode_packets
from .models import AudioFormat, Encoding

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".mkv", ".webm"})


def is_video_path(path: str | Path) -> bool:
    """Whether an output name asks for a video container."""
    return Path(path).suffix.lower() in VIDEO_SUFFIXES


def write_with_video(video_path: str | Path, samples: np.ndarray, out_path: str | Path, *, sample_rate: int,
                     bitrate: int | None = None, field: str = "base",
                     cancelled: CancelFn | None = None) -> None:
    """Write `out_path` with the first video stream of `video_path` stream-copied and `samples` as its audio.

    The audio is AAC (Opus in .webm). It is encoded before muxing (it is small) so its packets can be
    interleaved with the copied video packets in time order, as a player expects.
    """
    source_path, target = Path(video_path), Path(out_path)
    if not is_video_path(target):
        raise ValidationError(f"output: {target.name} is not a video container ({', '.join(sorted(VIDEO_SUFFIXES))})",
                              field="output")
    if source_path.resolve() == target.resolve():
        raise ValidationError("output: must not overwrite the input video", field="output")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open_media(source_path, field=field) as source:
        if not source.streams.video:
            raise UnsupportedMediaError(f"{field}: {source_path.name} has no video stream", field=field)
        in_video = source.streams.video[0]
        output = av.open(str(target), mode="w")
        try:
            try:
                out_video = output.add_stream_from_template(in_video)
            except ValueError as exc:  # e.g. H.264 into .webm: the container cannot hold this codec
                raise UnsupportedMediaError(f"output: {target.suffix} cannot hold {in_video.codec_context.name} "
                                            f"video without re-encoding; use the input's container",
                                            field="output") from exc
            fmt: AudioFormat = "opus" if target.suffix.lower() == ".webm" else "aac"
            out_audio, rate = add_audio_stream(output, fmt, Encoding(format=fmt, bitrate=bitrate),
                                               sample_rate=sample_rate, channels=samples.shape[0])
            audio = list(encode_packets(out_audio, resample(samples, sample_rate, rate), rate, cancelled=cancelled))
            _interleave(output, source, in_video, out_video, audio, cancelled)
        except BaseException:
            output.close()
            target.unlink(missing_ok=True)
            raise
        output.close()


def _interleave(output: av.container.OutputContainer, source: av.container.InputContainer,
                in_video: av.video.stream.VideoStream, out_video: av.video.stream.VideoStream,
                audio: list[av.Packet], cancelled: CancelFn | None) -> None:
    """Mux copied video packets and the audio packets in time order."""
    next_audio = 0
    for index, packet in enumerate(source.demux(in_video)):
        if packet.dts is None:  # the demuxer's empty flush packet
            continue
        if index % 256 == 0:
            check_cancelled(cancelled)
        video_time = float(packet.dts * packet.time_base)
        while next_audio < len(audio) and _seconds(audio[next_audio]) <= video_time:
            output.mux(audio[next_audio])
            next_audio += 1
        packet.stream = out_video
        output.mux(packet)
    for packet in audio[next_audio:]:
        output.mux(packet)


def _seconds(packet: av.Packet) -> float:
    return float(packet.pts * packet.time_base) if packet.pts is not None else 0.0
