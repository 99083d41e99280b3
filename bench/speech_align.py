"""Speech from a cloud voice, finished locally: alignment, tempo/pitch and encoding cost.

Ours: `render_recorded_speech` on one recorded piece without word timings (decode, faster-whisper tiny.en
alignment of the known text, tempo 1.25 and pitch +10 %, loudness to −16 LUFS, mp3 encode). Bound: the bare
recogniser on the same audio in the same run (`WhisperModel.transcribe` with word timestamps, nothing
else), so ours/bound is what matching, stretching, loudness and encoding add to hearing the words.
Also reported: × real time of each stage (audio seconds per processing second) and how close the aligned
word mid-times land to the engine's own word times (Piper's alignments).

    python bench/speech_align.py [--repeat 2]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from media_service.engines.audio import change_tempo, resample, save_audio, shift_pitch
from media_service.engines.speech import PIPER_JOE, RecordedPiece, align_words, render_recorded_speech, synthesize
from media_service.engines.speech.align import _model

TEXT = ("The little bakery on the corner opens before sunrise. Fresh bread cools on wooden racks by the window. "
        "People stop on their way to work and buy warm rolls for breakfast. On weekends the owner bakes "
        "cinnamon buns, and the line reaches the end of the street.")


def _best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    speech = synthesize(TEXT, PIPER_JOE)
    seconds = speech.duration
    model = _model()  # loaded once, outside the timings
    audio16 = resample(speech.samples[np.newaxis, :], speech.sample_rate, 16_000)[0]
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "cloud.wav"
        save_audio(speech.samples[np.newaxis, :], source, sample_rate=speech.sample_rate)

        def bound() -> None:
            segments, _ = model.transcribe(audio16, language="en", beam_size=1, word_timestamps=True,
                                           condition_on_previous_text=False, temperature=0.0)
            list(segments)

        def ours() -> None:
            render_recorded_speech([RecordedPiece(source, TEXT)], Path(scratch) / "out.mp3", language="en",
                                   tempo=1.25, pitch=10.0)

        stereo = speech.samples[np.newaxis, :]
        t_bound = _best(bound, args.repeat)
        t_ours = _best(ours, args.repeat)
        t_tempo = _best(lambda: change_tempo(stereo, speech.sample_rate, 1.25), args.repeat)
        t_pitch = _best(lambda: shift_pitch(stereo, speech.sample_rate, 10.0), args.repeat)
    words, source_kind = align_words(TEXT, speech.samples, speech.sample_rate, language="en")
    errors = [abs((a.start + a.end) / 2 - (b.start + b.end) / 2) for a, b in zip(words, speech.words, strict=True)]
    print(f"audio {seconds:.1f} s, {len(TEXT)} characters, {len(words)} words ({source_kind})")
    print(f"bound  tiny.en transcribe        {t_bound:6.2f} s  {seconds / t_bound:5.1f}x real time")
    print(f"ours   render_recorded_speech    {t_ours:6.2f} s  {seconds / t_ours:5.1f}x real time  "
          f"ratio ours/bound {t_ours / t_bound:.2f}")
    print(f"tempo  atempo 1.25               {t_tempo:6.3f} s  {seconds / t_tempo:5.0f}x real time")
    print(f"pitch  +10 %                     {t_pitch:6.3f} s  {seconds / t_pitch:5.0f}x real time")
    print(f"aligned vs engine word mid-times: mean {statistics.mean(errors) * 1000:.0f} ms, "
          f"max {max(errors) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
