"""Avatar input checks: the face count (MediaPipe BlazeFace in its own process) and the speech check.

Ours: `FaceDetector.detect` as a request sees it (JSON line over a pipe to the long-lived detector, which
reads the PNG, runs the full-range and short-range models and merges their boxes) on drawn test faces with
0, 1, 2 and 3 heads at 512×512 and 1280×720; `check_speech` on 10 s of real speech.
Bound: the detector's own time inside its process for the same image (decode + both models, `ms` in its
answer), and `load_audio` alone for the speech check (the decode every check needs). Also printed: the
detector's start-up (process + model load), paid once per service process.

    python bench/avatar_checks.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from media_service.engines.audio import load_audio  # noqa: E402
from media_service.engines.avatar import FaceDetector, check_speech  # noqa: E402
from tests.capabilities.avatar.faces import write_png  # noqa: E402
from tests.fakes.media import speech_bytes  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--python", type=Path, default=ROOT / ".venv-face" / "bin" / "python")
    args = parser.parse_args()
    detector = FaceDetector(args.python)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        started = time.perf_counter()
        detector.detect(write_png(tmp / "warm.png", 1))
        print(f"detector start-up + first image: {(time.perf_counter() - started) * 1000:.0f} ms "
              f"(start-up {detector.startup_ms:.0f} ms)")
        for faces in (0, 1, 2, 3):
            for width, height in ((512, 512), (1280, 720)):
                image = write_png(tmp / f"f{faces}-{width}.png", faces, width=width, height=height)
                ours, inside, found = [], [], 0
                for _ in range(args.rounds):
                    t = time.perf_counter()
                    report = detector.detect(image)
                    ours.append((time.perf_counter() - t) * 1000)
                    inside.append(report.ms)
                    found = len(report.faces)
                o, b = statistics.median(ours), statistics.median(inside)
                print(f"faces={faces} {width}x{height}: found {found}; request {o:6.1f} ms, detector {b:6.1f} ms, "
                      f"ratio {o / b:.2f}")
        data, _, seconds = speech_bytes("This is a benchmark sentence for the talking head speech check. " * 2,
                                        fmt="wav")
        wav = tmp / "speech.wav"
        wav.write_bytes(data)
        ours, bound = [], []
        for _ in range(max(3, args.rounds // 4)):
            t = time.perf_counter()
            check = check_speech(wav, field="audio_url")
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            load_audio(wav, sample_rate=16_000, channels=1)
            bound.append(time.perf_counter() - t)
        o, b = statistics.median(ours), statistics.median(bound)
        print(f"speech check on {seconds:.1f} s (voiced {check.voiced_seconds:.1f} s): {o * 1000:.1f} ms "
              f"({seconds / o:.0f}x real time), decode alone {b * 1000:.1f} ms, ratio {o / b:.2f}")
    detector.close()


if __name__ == "__main__":
    main()
