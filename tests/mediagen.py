"""Generated test media and independent measurements of media files — the one place tests in every folder
take them from. Everything is synthesised here (sines, ramps, solid frames) with numpy, scipy and PyAV;
nothing is committed. Measurements use other code than the service's: pyloudnorm for loudness, PyAV
decoding, numpy for boxes.

    samples = tone(440, 2.0)                        # stereo float32 (2, n) at SR
    write_wav(path, samples); write_video(path, 3.0, audio=samples)
    decode(path).frames / .audio                     # every frame as RGB, the sound
    decode_audio(path) -> (samples, rate); lufs(samples, rate); video_digest(path); bbox(mask)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pyloudnorm
from scipy.io import wavfile

SR = 48_000


def tone(freq: float | Sequence[float], seconds: float, *, amp: float = 0.3, rate: int = SR) -> np.ndarray:
    """A sine as float32 (channels, n): one `freq` on both stereo channels, or one sine per channel for a
    sequence of frequencies."""
    t = np.arange(round(seconds * rate)) / rate
    freqs = list(freq) if isinstance(freq, Sequence) else [freq, freq]
    return np.stack([amp * np.sin(2 * np.pi * f * t) for f in freqs]).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, rate: int = SR) -> Path:
    """16-bit PCM WAV of (channels, n) float samples (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    wavfile.write(path, rate, np.ascontiguousarray(pcm.T))
    return path


def write_video(path: Path, seconds: float, *, audio: np.ndarray | None = None, fps: int = 25,
                size: tuple[int, int] = (64, 64)) -> Path:
    """An H.264 (or MPEG-4 part 2 where x264 is missing) MP4 whose picture changes every frame, with `audio`
    (stereo float32 at SR) as AAC when given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
    width, height = size
    with av.open(str(path), "w") as out:
        video = out.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        sound = out.add_stream("aac", rate=SR, layout="stereo") if audio is not None else None
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(np.full((height, width, 3), (i * 7) % 255, np.uint8), format="rgb24")
            frame.pts = i
            for packet in video.encode(frame):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        if sound is not None and audio is not None:
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = SR, 0
            for packet in [*sound.encode(frame), *sound.encode(None)]:
                out.mux(packet)
    return path


@dataclass
class Decoded:
    """What a player would see: every video frame as RGB, the stream facts, and the audio if any."""

    frames: list[np.ndarray]
    width: int
    height: int
    rate: Fraction | None
    duration: float
    codec: str
    times: list[float] = field(default_factory=list)  # presentation time of each frame, seconds
    audio: np.ndarray | None = None  # float32 (channels, samples)
    audio_rate: int = 0
    audio_codec: str = ""

    def at(self, t: float) -> np.ndarray:
        """The frame shown at time t."""
        index = min(range(len(self.times)), key=lambda i: abs(self.times[i] - t))
        return self.frames[index]


def decode(path: Path) -> Decoded:
    """Every frame of the first video stream (RGB) and the first audio stream, decoded by PyAV."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames, times = [], []
        for frame in container.decode(stream):
            frames.append(frame.to_ndarray(format="rgb24"))
            times.append(float(frame.time or 0.0))
        duration = container.duration / av.time_base if container.duration else 0.0
        result = Decoded(frames=frames, times=times, width=stream.codec_context.width,
                         height=stream.codec_context.height, rate=stream.average_rate, duration=duration,
                         codec=stream.codec_context.name)
    with av.open(str(path)) as container:
        if container.streams.audio:
            audio = container.streams.audio[0]
            chunks = [frame.to_ndarray() for frame in container.decode(audio)]
            result.audio = np.concatenate(chunks, axis=1).astype(np.float32)
            result.audio_rate = audio.codec_context.sample_rate
            result.audio_codec = audio.codec_context.name
    return result


def decode_audio(path: Path) -> tuple[np.ndarray, int]:
    """The first audio stream as float32 (channels, n) and its rate, decoded by PyAV."""
    chunks = []
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        for frame in container.decode(stream):
            data = frame.to_ndarray()
            if not frame.format.is_planar:
                data = data.reshape(-1, frame.layout.nb_channels).T
            if data.dtype == np.int16:
                data = data / 32768.0
            elif data.dtype == np.int32:
                data = data / 2147483648.0
            chunks.append(data.astype(np.float32))
    return np.concatenate(chunks, axis=1), rate


def lufs(samples: np.ndarray, rate: int = SR) -> float:
    """Integrated loudness (ITU-R BS.1770, pyloudnorm) of (channels, n) samples."""
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.T.astype(np.float64)))


def video_digest(path: Path) -> tuple[str, int]:
    """Hash of every video packet's bytes, and their count: equal digests mean the stream was copied,
    not re-encoded."""
    digest = hashlib.sha256()
    count = 0
    with av.open(str(path)) as container:
        for packet in container.demux(container.streams.video[0]):
            if packet.dts is not None:
                digest.update(bytes(packet))
                count += 1
    return digest.hexdigest(), count


def bbox(mask: np.ndarray, *, exclusive: bool = False) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) around the True pixels — right/bottom inclusive, or one past them with
    `exclusive`; None when there are none."""
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return None
    end = 1 if exclusive else 0
    return int(xs.min()), int(ys.min()), int(xs.max()) + end, int(ys.max()) + end


def png_bytes(width: int = 32, height: int = 24) -> bytes:
    """A gradient PNG encoded by FFmpeg's png encoder."""
    gradient = np.zeros((height, width, 3), np.uint8)
    gradient[..., 0] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgb24"
    packets = codec.encode(av.VideoFrame.from_ndarray(gradient, format="rgb24")) + codec.encode(None)
    return b"".join(bytes(p) for p in packets)


def make_png(path: Path, width: int = 32, height: int = 24) -> Path:
    """`png_bytes` written to `path`."""
    path.write_bytes(png_bytes(width, height))
    return path


def make_video(path: Path, *, seconds: float = 1.0, size: tuple[int, int] = (64, 48), fps: int = 10,
               audio: bool = True, video: bool = True) -> Path:
    """An MP4 (mpeg4 + AAC) with a brightness ramp and a 440 Hz tone; audio-only when video=False."""
    width, height = size
    with av.open(str(path), "w", format="mp4") as out:
        # All streams must exist before the first packet is muxed.
        vs = out.add_stream("mpeg4", rate=fps) if video else None
        aus = out.add_stream("aac", rate=48000) if audio else None
        if vs is not None:
            vs.width, vs.height, vs.pix_fmt = width, height, "yuv420p"
            for i in range(int(seconds * fps)):
                level = np.full((height, width, 3), (i * 25) % 256, np.uint8)
                frame = av.VideoFrame.from_ndarray(level, format="rgb24")
                for packet in vs.encode(frame):
                    out.mux(packet)
            for packet in vs.encode():
                out.mux(packet)
        if aus is not None:
            _encode_tone(out, aus, seconds, 48000)
    return path


def _encode_tone(out: av.container.OutputContainer, stream: av.audio.stream.AudioStream, seconds: float,
                 rate: int) -> None:
    samples = tone(440, seconds, rate=rate)
    step = stream.codec_context.frame_size or 1024
    for start in range(0, samples.shape[1], step):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[:, start:start + step]), format="fltp",
                                           layout="stereo")
        frame.sample_rate, frame.pts = rate, start
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def make_wav(path: Path, *, seconds: float = 0.5, rate: int = 16000) -> Path:
    """A mono 16-bit PCM WAV sine (220 Hz), written by PyAV's pcm_s16le encoder."""
    samples = (np.sin(2 * np.pi * 220 * np.arange(int(seconds * rate)) / rate) * 12000).astype(np.int16)
    with av.open(str(path), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples[None, :], format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path
