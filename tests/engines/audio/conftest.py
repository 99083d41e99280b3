"""Test audio, synthesised: tones, speech-shaped noise bursts, click tracks, videos, and independent meters.

Helpers are exposed through fixtures (`synth`, `meter`, `media`) rather than imports, because this
folder is not a package and a bare `import conftest` would find the root conftest instead.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np
import pytest
from scipy.io import wavfile
from scipy.signal import butter, resample_poly, sosfilt

from tests import mediagen
from tests.mediagen import video_digest

SR = 48_000


@dataclass(frozen=True)
class Phrase:
    start: float
    end: float


class Synth:
    """Deterministic test signals, float32 shaped (channels, samples)."""

    sr = SR

    @staticmethod
    def tone(freq: float, seconds: float, amp: float = 0.5, *, channels: int = 2, sr: int = SR) -> np.ndarray:
        return mediagen.tone([freq] * channels, seconds, amp=amp, rate=sr)

    @staticmethod
    def chord(seconds: float, amp: float = 0.2, *, sr: int = SR) -> np.ndarray:
        """A steady three-tone 'music bed': constant level in any 20 ms window."""
        t = np.arange(round(seconds * sr)) / sr
        mono = sum(np.sin(2 * np.pi * f * t + p) for f, p in ((220, 0.0), (277.2, 1.0), (329.6, 2.0)))
        return np.tile(amp * mono / 3, (2, 1)).astype(np.float32)

    @staticmethod
    def noise(seconds: float, rms: float = 0.1, *, seed: int = 0, channels: int = 2, sr: int = SR) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return (rng.standard_normal((channels, round(seconds * sr))) * rms).astype(np.float32)

    @staticmethod
    def speech(seconds: float, phrases: list[tuple[float, float]], *, level: float = 0.1, seed: int = 1,
               sr: int = SR) -> tuple[np.ndarray, list[Phrase]]:
        """Band-limited noise 'words' (150–350 ms, syllable-shaped) with 60–150 ms gaps, inside each phrase."""
        rng = np.random.default_rng(seed)
        out = np.zeros(round(seconds * sr))
        band = butter(4, [300, 3400], "bandpass", fs=sr, output="sos")
        for start, end in phrases:
            at = start
            while at < end:
                word = min(rng.uniform(0.15, 0.35), end - at)
                n = round(word * sr)
                t = np.arange(n) / n
                syllables = np.sin(np.pi * t) * (0.6 + 0.4 * np.abs(np.sin(np.pi * 3 * t)))
                burst = sosfilt(band, rng.standard_normal(n)) * syllables
                i = round(at * sr)
                out[i:i + n] += burst[: out.size - i]
                at += word + rng.uniform(0.06, 0.15)
        out *= level / np.sqrt(np.mean(out[out != 0] ** 2))
        return np.vstack([out, out]).astype(np.float32), [Phrase(a, b) for a, b in phrases]

    @staticmethod
    def clicks(bpm: float, seconds: float, *, sr: int = SR, channels: int = 1) -> np.ndarray:
        """A metronome: a 10 ms decaying 1.5 kHz click on every beat."""
        x = np.zeros(round(seconds * sr))
        t = np.arange(round(0.01 * sr)) / sr
        click = 0.8 * np.sin(2 * np.pi * 1500 * t) * np.exp(-t / 0.002)
        for k in range(int(seconds * bpm / 60)):
            i = round(k * 60 / bpm * sr)
            x[i:i + click.size] += click[: x.size - i]
        return np.tile(x, (channels, 1)).astype(np.float32)

    @staticmethod
    def impulse(seconds: float, at: float, *, amp: float = 0.5, sr: int = SR) -> np.ndarray:
        x = np.zeros((2, round(seconds * sr)), dtype=np.float32)
        x[:, round(at * sr)] = amp
        return x


class Meter:
    """Independent measurements: pyloudnorm for loudness, scipy for true peak, plain RMS."""

    @staticmethod
    def lufs(x: np.ndarray, sr: int = SR) -> float:
        return mediagen.lufs(x, sr)

    @staticmethod
    def true_peak_db(x: np.ndarray) -> float:
        return float(20 * np.log10(np.abs(resample_poly(x.astype(np.float64), 4, 1, axis=1)).max()))

    @staticmethod
    def rms_db(x: np.ndarray) -> float:
        return float(10 * np.log10(np.mean(np.square(x, dtype=np.float64)) + 1e-30))

    @staticmethod
    def window_gain_db(out: np.ndarray, ref: np.ndarray, start: float, end: float, sr: int = SR) -> float:
        """Level of `out` relative to `ref` over [start, end) seconds."""
        a, b = round(start * sr), round(end * sr)
        return Meter.rms_db(out[:, a:b]) - Meter.rms_db(ref[:, a:b])

    @staticmethod
    def dominant_hz(x: np.ndarray, sr: int = SR) -> float:
        mono = x.mean(axis=0)
        spectrum = np.abs(np.fft.rfft(mono * np.hanning(mono.size)))
        return float(np.argmax(spectrum) * sr / mono.size)


class Media:
    """Files on disk, written with tools independent of the engine (scipy wav, the ffmpeg binary, PyAV)."""

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()

    def __init__(self, root: Path) -> None:
        self.root = root

    def wav(self, name: str, x: np.ndarray, sr: int = SR) -> Path:
        path = self.root / name
        wavfile.write(path, sr, np.ascontiguousarray(x.T))
        return path

    def convert(self, source: Path, name: str, *args: str) -> Path:
        path = self.root / name
        subprocess.run([self.ffmpeg, "-v", "error", "-y", "-i", str(source), *args, str(path)], check=True)
        return path

    def video(self, name: str, seconds: float = 2.0, *, audio: np.ndarray | None = None, fps: int = 25) -> Path:
        path = self.root / name
        with av.open(str(path), "w") as out:
            video = out.add_stream("libx264", rate=fps)
            video.width, video.height, video.pix_fmt = 64, 64, "yuv420p"
            sound = out.add_stream("aac", rate=SR, layout="stereo") if audio is not None else None
            for i in range(round(seconds * fps)):
                frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), (i * 7) % 255, np.uint8), format="rgb24")
                frame.pts = i
                for packet in video.encode(frame):
                    out.mux(packet)
            for packet in video.encode(None):
                out.mux(packet)
            if sound is not None:
                frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio), format="fltp", layout="stereo")
                frame.sample_rate, frame.pts = SR, 0
                for packet in [*sound.encode(frame), *sound.encode(None)]:
                    out.mux(packet)
        return path

    video_digest = staticmethod(video_digest)


@pytest.fixture
def synth() -> type[Synth]:
    return Synth


@pytest.fixture
def meter() -> type[Meter]:
    return Meter


@pytest.fixture
def media(tmp_path: Path) -> Media:
    return Media(tmp_path)
