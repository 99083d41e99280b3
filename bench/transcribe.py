"""Offline transcription: × real time of `transcribe_local` (faster-whisper tiny.en, word times, snapping word
edges onto the voice) on speech made by the local English voice, and its word error rate.

Bound: the bare model on the same audio in the same run (`WhisperModel.transcribe` without word
timestamps), so the ratio ours/bare is what word times and their refinement cost.
× real time = audio seconds per processing second (above 1 is faster than real time).

    python bench/transcribe.py [--repeat 2]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from media_service.engines.speech import PIPER_JOE, render_speech
from media_service.engines.transcribe import transcribe_local, warm_up
from media_service.engines.transcribe.whisper import _load

TEXT = ("The little bakery on the corner opens before sunrise. Fresh bread cools on wooden racks by the window. "
        "People stop on their way to work and buy warm rolls for breakfast. "
        "On weekends the owner bakes cinnamon buns, and the line reaches the end of the street.")


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]", " ", text.lower()).split()


def wer(reference: str, hypothesis: str) -> float:
    ref, hyp = _words(reference), _words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[:], i
        for j, h in enumerate(hyp, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (r != h))
    return row[-1] / len(ref)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        speech = render_speech(TEXT, PIPER_JOE, Path(tmp) / "speech.wav")
        seconds = speech.speech.duration
        ours, bare, rates = [], [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = transcribe_local(speech.path)
            ours.append(time.perf_counter() - started)
            rates.append(wer(TEXT, result.text))
            started = time.perf_counter()
            segments, _ = _load(2).transcribe(str(speech.path), language="en", beam_size=1)
            list(segments)
            bare.append(time.perf_counter() - started)
    o, b = statistics.median(ours), statistics.median(bare)
    print(f"{seconds:.1f} s of speech: ours {o:.2f} s ({seconds / o:.1f}× real time), bare model {b:.2f} s "
          f"({seconds / b:.1f}× real time), ratio {o / b:.2f}; WER {statistics.mean(rates):.1%}")


if __name__ == "__main__":
    main()
