"""What the analysis handlers share: turning a transcript into the result and its subtitle files."""

from __future__ import annotations

from pathlib import Path

from media_service.engines.transcribe import Transcript, cues_for, to_srt, to_vtt

from .schemas import TranscriptSegmentOut, TranscriptWordOut

__all__ = ["subtitle_files", "to_segments", "to_words"]


def subtitle_files(transcript: Transcript, folder: Path) -> tuple[Path, Path, str, str]:
    """SRT and WebVTT files of `transcript` in `folder` (and their text)."""
    cues = cues_for(transcript)
    srt, vtt = to_srt(cues), to_vtt(cues)
    srt_path, vtt_path = folder / "transcript.srt", folder / "transcript.vtt"
    srt_path.write_text(srt, encoding="utf-8")
    vtt_path.write_text(vtt, encoding="utf-8")
    return srt_path, vtt_path, srt, vtt


def to_words(transcript: Transcript) -> list[TranscriptWordOut]:
    return [TranscriptWordOut(word=w.word, start=w.start, end=w.end, probability=w.probability)
            for w in transcript.words]


def to_segments(transcript: Transcript) -> list[TranscriptSegmentOut]:
    return [TranscriptSegmentOut(start=s.start, end=s.end, text=s.text) for s in transcript.segments]
