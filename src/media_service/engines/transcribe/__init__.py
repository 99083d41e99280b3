"""Transcription engine: speech in an audio or video file → text, segments and word times, offline
(faster-whisper `tiny.en`), and subtitles (SRT, WebVTT) from word times. Pure functions over files.

    transcribe_local(path, progress=..., cancelled=...) -> Transcript
    to_srt(cues_for(transcript)) / to_vtt(cues_for(transcript))
"""

from .models import Transcript, TranscriptSegment, TranscriptWord
from .subtitles import Cue, cues_for, parse_vtt, to_srt, to_vtt, transcript_from_cues
from .whisper import LOCAL_LANGUAGES, LOCAL_MODEL, transcribe_local, warm_up

__all__ = ["LOCAL_LANGUAGES", "LOCAL_MODEL", "Cue", "Transcript", "TranscriptSegment", "TranscriptWord", "cues_for",
           "parse_vtt", "to_srt", "to_vtt", "transcribe_local", "transcript_from_cues", "warm_up"]
