"""What transcription gives: the text, its segments and its words, each with times in seconds."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Transcript", "TranscriptSegment", "TranscriptWord"]


@dataclass(frozen=True, slots=True)
class TranscriptWord:
    """One recognised word (punctuation attached as spoken in the text) and when it is heard."""

    word: str
    start: float
    end: float
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class TranscriptSegment:
    start: float
    end: float
    text: str


@dataclass(frozen=True, slots=True)
class Transcript:
    """A transcription: `language` is an ISO 639-1 code; `duration` the audio's seconds."""

    text: str
    language: str
    duration: float
    segments: tuple[TranscriptSegment, ...]
    words: tuple[TranscriptWord, ...]
    engine: str
    model: str
    notes: tuple[str, ...] = field(default=())
