"""Test sound for the audio API: synthesised signals written with scipy/PyAV, and independent meters
(pyloudnorm for loudness, 4x-oversampled peaks, narrow-band levels) applied to what the API hands back."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pyloudnorm
from scipy.io import wavfile
from scipy.signal import butter, resample_poly, sosfilt

from tests.avcheck import video_digest  # noqa: F401  (re-exported to the audio tests)

SR = 48_000


def tone(freq: float, seconds: float, amp: float = 0.3) -> np.ndarray:
    """A stereo sine, float32 (2, n)."""
    t = np.arange(round(seconds * SR)) / SR
    return np.tile(amp * np.sin(2 * np.pi * freq * t), (2, 1)).astype(np.float32)


def speech(seconds: float, start: float, end: float, *, level: float = 0.1, seed: int = 1) -> np.ndarray:
    """Band-limited (500–3400 Hz) noise 'words' of 150–350 ms with short gaps between `start` and `end`."""
    rng = np.random.default_rng(seed)
    out = np.zeros(round(seconds * SR))
    band = butter(4, [500, 3400], "bandpass", fs=SR, output="sos")
    at = start
    while at < end:
        word = min(rng.uniform(0.15, 0.35), end - at)
        n = round(word * SR)
        burst = sosfilt(band, rng.standard_normal(n)) * np.sin(np.pi * np.arange(n) / n)
        i = round(at * SR)
        out[i:i + n] += burst[: out.size - i]
        at += word + rng.uniform(0.06, 0.15)
    out *= level / np.sqrt(np.mean(out[out != 0] ** 2))
    return np.vstack([out, out]).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, rate: int = SR) -> Path:
    """16-bit PCM WAV of (channels, n) float samples."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    wavfile.write(path, rate, np.ascontiguousarray(pcm.T))
    return path


def write_video(path: Path, seconds: float, *, audio: np.ndarray | None = None, fps: int = 25) -> Path:
    """A 64x64 H.264 (or MPEG-4 part 2 where x264 is missing) MP4 with a changing picture and optional AAC."""
    path.parent.mkdir(parents=True, exist_ok=True)
    codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
    with av.open(str(path), "w") as out:
        video = out.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = 64, 64, "yuv420p"
        sound = out.add_stream("aac", rate=SR, layout="stereo") if audio is not None else None
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), (i * 7) % 255, np.uint8), format="rgb24")
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


def decode(path: Path) -> tuple[np.ndarray, int]:
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


def codec_of(path: Path) -> str:
    with av.open(str(path)) as container:
        return str(container.streams.audio[0].codec_context.name)


def lufs(samples: np.ndarray, rate: int = SR) -> float:
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.T.astype(np.float64)))


def true_peak_db(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.abs(resample_poly(samples.astype(np.float64), 4, 1, axis=1)).max()))


def rms_db(samples: np.ndarray, start: float, end: float, rate: int = SR) -> float:
    """RMS level (dBFS) over [start, end) seconds."""
    part = samples[:, round(start * rate):round(end * rate)].astype(np.float64)
    return float(10 * np.log10(np.mean(part * part) + 1e-30))


def tone_level_db(samples: np.ndarray, freq: float, start: float, end: float, rate: int = SR) -> float:
    """Amplitude (dBFS) of the `freq` component over [start, end): picks one instrument out of a mix."""
    mono = samples.mean(axis=0)[round(start * rate):round(end * rate)].astype(np.float64)
    t = np.arange(mono.size) / rate
    amplitude = 2 * np.abs(np.sum(mono * np.exp(-2j * np.pi * freq * t))) / mono.size
    return float(20 * np.log10(amplitude + 1e-30))


def onset(samples: np.ndarray, *, threshold_db: float, lowpass_hz: float | None = None, after: float = 0.0,
          rate: int = SR) -> float:
    """Seconds to the first 5 ms window from `after` on whose RMS exceeds `threshold_db` (after an optional
    low-pass; `after` skips the filter's own start-up transient)."""
    mono = samples.mean(axis=0).astype(np.float64)
    if lowpass_hz is not None:
        mono = sosfilt(butter(4, lowpass_hz, "lowpass", fs=rate, output="sos"), mono)
    hop = round(0.005 * rate)
    frames = mono[: mono.size // hop * hop].reshape(-1, hop)
    levels = 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-30)
    hits = np.flatnonzero((levels > threshold_db) & (np.arange(levels.size) * hop >= after * rate))
    return float(hits[0] * hop / rate) if hits.size else float("inf")
