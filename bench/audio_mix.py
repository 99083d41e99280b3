"""Audio mix: voiceover + music + sfx (one minute each), ducked and loudness-normalised, end to end.

Ours: `render_mix` from WAV files to a WAV file (decode, mix, sidechain ducking, BS.1770 loudness to
-14 LUFS with a -1 dBTP true-peak limiter, 16-bit encode, and the result's loudness/peak measured).
Bound: the `ffmpeg` binary from imageio-ffmpeg on the same inputs in the same run, with the nearest
filter graph it has: asplit + sidechaincompress (ducking) + amix + single-pass loudnorm.

Prints the real-time factor (processing seconds / audio seconds; lower is faster), the speed
(audio seconds per processing second) and ours/ffmpeg wall-time ratio, plus what each output
measures with pyloudnorm, since reaching the target is part of the job.

    python bench/audio_mix.py [--seconds 60] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from scipy.io import wavfile
from scipy.signal import butter, resample_poly, sosfilt

from media_service.engines.audio import Ducking, Loudness, Track, load_audio, render_mix

SR = 48_000
DUCK = Ducking(duck_to=0.25, attack_ms=80, release_ms=400, threshold_db=-40, hold_ms=350)
LOUDNESS = Loudness(target_lufs=-14.0, true_peak_db=-1.0)


def make_inputs(folder: Path, seconds: float) -> list[Path]:
    """Speech-shaped noise phrases, a chord bed with a pulse, and sfx hits: 16-bit 48 kHz stereo WAVs."""
    rng = np.random.default_rng(0)
    n = round(seconds * SR)
    t = np.arange(n) / SR
    voice = np.zeros(n)
    band = butter(4, [300, 3400], "bandpass", fs=SR, output="sos")
    at = 1.0
    while at < seconds - 1:
        phrase_end = min(seconds - 0.5, at + rng.uniform(3, 7))
        while at < phrase_end:
            length = round(rng.uniform(0.15, 0.35) * SR)
            start = round(at * SR)
            shape = np.sin(np.pi * np.arange(length) / length)
            voice[start:start + length] += sosfilt(band, rng.standard_normal(length))[: n - start] * shape[: n - start]
            at += length / SR + rng.uniform(0.06, 0.15)
        at += rng.uniform(1.0, 2.5)
    voice *= 0.1 / np.sqrt(np.mean(voice[voice != 0] ** 2))
    pulse = 0.6 + 0.4 * (np.sin(2 * np.pi * 2 * t) > 0)
    music = sum(np.sin(2 * np.pi * f * t) for f in (110, 220, 277.2, 329.6)) / 4 * 0.3 * pulse
    sfx = np.zeros(n)
    hit = rng.standard_normal(round(0.3 * SR)) * np.exp(-np.arange(round(0.3 * SR)) / (0.05 * SR))
    for start in range(round(2.5 * SR), n - hit.size, round(7.5 * SR)):
        sfx[start:start + hit.size] += 0.5 * hit
    paths = []
    for name, mono in (("voice", voice), ("music", music), ("sfx", sfx)):
        stereo = np.vstack([mono, mono * 0.95]).T
        path = folder / f"{name}.wav"
        wavfile.write(path, SR, (np.clip(stereo, -1, 1) * 32767).astype(np.int16))
        paths.append(path)
    return paths


def run_ours(inputs: list[Path], out: Path) -> float:
    voice, music, sfx = inputs
    tracks = [Track(voice, type="voiceover"), Track(music, type="music", volume=0.7, fade_in=1.0, fade_out=2.0),
              Track(sfx, type="sfx", volume=0.8)]
    start = time.perf_counter()
    render_mix(tracks, out, ducking=DUCK, loudness=LOUDNESS)
    return time.perf_counter() - start


def run_ffmpeg(inputs: list[Path], out: Path, seconds: float) -> float:
    voice, music, sfx = inputs
    graph = (
        "[0:a]asplit=2[voice][key];"
        f"[1:a]volume=0.7,afade=t=in:d=1,afade=t=out:st={seconds - 2:g}:d=2[bed];"
        f"[bed][key]sidechaincompress=threshold=0.01:ratio=20:attack={DUCK.attack_ms:g}:"
        f"release={DUCK.release_ms:g}[ducked];"
        "[2:a]volume=0.8[hits];"
        "[voice][ducked][hits]amix=inputs=3:normalize=0:duration=first,"
        f"loudnorm=I={LOUDNESS.target_lufs:g}:TP={LOUDNESS.true_peak_db:g}:LRA=20,aresample={SR}"
    )
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-i", str(voice), "-i", str(music),
               "-i", str(sfx), "-filter_complex", graph, "-c:a", "pcm_s16le", str(out)]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def describe(path: Path) -> str:
    """Loudness and true peak of an output, measured independently (pyloudnorm, scipy 4x oversampling)."""
    import pyloudnorm

    audio = load_audio(path)
    lufs = pyloudnorm.Meter(SR).integrated_loudness(audio.T.astype(np.float64))
    peak = 20 * np.log10(np.abs(resample_poly(audio, 4, 1, axis=1)).max())
    return f"{lufs:6.2f} LUFS, true peak {peak:5.2f} dBTP"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep inputs and outputs in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        inputs = make_inputs(folder, args.seconds)
        ours_out, ffmpeg_out = folder / "ours.wav", folder / "ffmpeg.wav"
        run_ours(inputs, ours_out)  # warm-up: imports, FFT plans, page cache
        ours, ffmpeg = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            ours.append(run_ours(inputs, ours_out))
            ffmpeg.append(run_ffmpeg(inputs, ffmpeg_out, args.seconds))
        ours_s, ffmpeg_s = statistics.median(ours), statistics.median(ffmpeg)
        print(f"audio mix: 3 tracks x {args.seconds:g} s, ducking + loudness to {LOUDNESS.target_lufs:g} LUFS / "
              f"{LOUDNESS.true_peak_db:g} dBTP, median of {args.repeat}")
        for name, seconds, out in (("ours (render_mix)", ours_s, ours_out), ("ffmpeg binary", ffmpeg_s, ffmpeg_out)):
            print(f"  {name:18s} {seconds:6.3f} s  RTF {seconds / args.seconds:.4f}  "
                  f"({args.seconds / seconds:6.1f}x real time)  -> {describe(out)}")
        print(f"  ratio ours/ffmpeg: {ours_s / ffmpeg_s:.2f} (below 1 = faster than the ffmpeg binary)")


if __name__ == "__main__":
    main()
