"""Local text-to-speech: characters per second and × real time for each local voice.

Ours: `render_speech` end to end (sentence chunks, engine synthesis, word timings, loudness to
−16 LUFS, mp3 encode). Bound: the bare engine on the same text in the same run (Piper's
`PiperVoice.synthesize` without alignments; espeak-ng's synth call on the whole text), so the
ratio ours/bare is what chunking, timings, loudness and encoding cost on top of the engine.
× real time = audio seconds per processing second (above 1 is faster than real time).

    python bench/tts.py [--repeat 2] [--voices piper-en_US-joe-medium,espeak-en,...]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from media_service.engines.speech import PIPER_JOE, get_voice, render_speech, warm_up
from media_service.engines.speech.espeak import espeak_synthesize

TEXTS = {
    "en": ("The little bakery on the corner opens before sunrise. Fresh bread cools on wooden racks by the window. "
           "People stop on their way to work and buy warm rolls for breakfast. On weekends the owner bakes "
           "cinnamon buns, and the line reaches the end of the street."),
    "es": "Buenos días. Hoy vamos a aprender cómo funciona la síntesis de voz, paso a paso y sin prisa.",
    "fr": "Bonjour à tous. Aujourd'hui nous allons apprendre comment fonctionne la synthèse vocale.",
    "de": "Guten Morgen. Heute lernen wir, wie die Sprachsynthese funktioniert, Schritt für Schritt.",
    "ja": "おはようございます。きょうは おんせいごうせいに ついて まなびます。",
    "ko": "좋은 아침입니다. 오늘은 음성 합성에 대해 배워 보겠습니다.",
    "pt": "Bom dia. Hoje vamos aprender como funciona a síntese de voz, passo a passo.",
    "zh": "早上好。今天我们来学习语音合成是如何工作的。",
    "id": "Selamat pagi. Hari ini kita akan belajar cara kerja sintesis suara.",
    "hi": "सुप्रभात। आज हम सीखेंगे कि वाक् संश्लेषण कैसे काम करता है।",
}
DEFAULT_VOICES = [PIPER_JOE] + [f"espeak-{code}" for code in TEXTS]


def bare(voice_id: str, text: str) -> float:
    """Seconds the engine alone takes for `text`."""
    voice = get_voice(voice_id)
    start = time.perf_counter()
    if voice.engine == "piper":
        from media_service.engines.speech.piper import _load

        list(_load(voice.engine_voice).synthesize(text))
    else:
        espeak_synthesize(text, voice.engine_voice)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--voices", default=",".join(DEFAULT_VOICES))
    args = parser.parse_args()
    warm_up()
    print(f"{'voice':26} {'chars':>5} {'audio s':>8} {'ours s':>7} {'chars/s':>8} {'x real':>7} "
          f"{'bare s':>7} {'ours/bare':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for voice_id in args.voices.split(","):
            text = TEXTS[get_voice(voice_id).language]
            ours, bound = [], []
            duration = 0.0
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = render_speech(text, voice_id, Path(folder) / "out.mp3")
                ours.append(time.perf_counter() - start)
                duration = result.speech.duration
                bound.append(bare(voice_id, text))
            took, engine = statistics.median(ours), statistics.median(bound)
            print(f"{voice_id:26} {len(text):5d} {duration:8.2f} {took:7.3f} {len(text) / took:8.0f} "
                  f"{duration / took:7.1f} {engine:7.3f} {took / engine:9.2f}")


if __name__ == "__main__":
    main()
