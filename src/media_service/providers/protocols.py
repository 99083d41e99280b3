"""What a capability asks of a provider: one small Protocol per capability (`ImageProvider`, `SpeechProvider`
with its optional `VoiceCloner` and `VoiceLister`).

A provider answers for one request at a time and writes its output under a path stem the caller
chooses (the job's workdir); the caller stores it. Later capabilities add their own Protocols here
(`SpeechProvider`, `VideoProvider`, …) next to the request/result values they exchange.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .http import Cancelled

__all__ = ["ASPECT_RATIOS", "GeneratedImage", "ImageProvider", "ImageRequest", "ProviderVoice", "SpeechProvider",
           "SpeechRequest", "SpokenAudio", "SpokenWord", "UnsupportedSize", "VoiceCloner", "VoiceLister",
           "nearest_aspect"]

# Aspect ratios the image vendors name (Gemini and Replicate take a ratio, not pixels).
ASPECT_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9", "9:21")


class UnsupportedSize(ValueError):
    """A size the provider cannot serve; the message lists what it can."""


@dataclass(frozen=True, slots=True)
class ImageRequest:
    """One image to make. `model` names a model the client asked for (a provider may serve it with
    another and say so); `references` are local image files for providers that take them; `style`
    and `title` guide the local card engine (vendors read only the prompt); `plain_background` asks for
    one subject on plain white (a sticker's source: the local engine draws a badge)."""

    prompt: str
    width: int
    height: int
    model: str | None = None
    references: tuple[Path, ...] = ()
    seed: int | None = None
    negative_prompt: str | None = None
    style: str | None = None
    title: str | None = None
    plain_background: bool = False


@dataclass(frozen=True, slots=True)
class GeneratedImage:
    """An image a provider made: the checked file, who made it and anything the client should know."""

    path: Path
    mime: str
    provider: str
    model: str
    revised_prompt: str | None = None
    notes: tuple[str, ...] = field(default=())


@runtime_checkable
class ImageProvider(Protocol):
    """Makes one image from a prompt."""

    name: str
    model: str
    takes_references: bool

    def check_size(self, width: int, height: int) -> tuple[int, int]:
        """The size this provider serves for `width`×`height`; raises UnsupportedSize when it cannot."""
        ...

    def generate(self, request: ImageRequest, stem: Path, *, cancelled: Cancelled | None = None) -> GeneratedImage:
        """Make the image and write it to `stem` + its extension."""
        ...


def nearest_aspect(width: int, height: int, *, allowed: tuple[str, ...] = ASPECT_RATIOS,
                   tolerance: float = 0.03) -> str | None:
    """The named ratio within `tolerance` (relative) of width:height, or None."""
    want = width / height
    best: tuple[float, str] | None = None
    for name in allowed:
        a, b = (int(x) for x in name.split(":"))
        err = abs(math.log(want / (a / b)))
        if best is None or err < best[0]:
            best = (err, name)
    return best[1] if best is not None and best[0] <= tolerance else None


@dataclass(frozen=True, slots=True)
class SpeechRequest:
    """One text to speak. `voice` is the provider's voice id (or a cloned voice's id); `voice_settings` are
    ElevenLabs' (stability, similarity_boost, style, use_speaker_boost); `instructions` guide OpenAI's tone;
    `emotion`/`emotion_weight` guide Modal's IndexTTS2; `references` are reference recordings for a one-off
    clone (Modal) when no stored voice exists."""

    text: str
    voice: str
    model: str | None = None
    language: str | None = None
    speed: float = 1.0
    voice_settings: Mapping[str, Any] | None = None
    instructions: str | None = None
    emotion: str | None = None
    emotion_weight: float | None = None
    references: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class SpokenWord:
    """A word as written and when the provider says it is spoken (seconds)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class SpokenAudio:
    """Speech a provider made: the checked file, who spoke, the word timings when the provider gives them
    (None otherwise) and which request options it applied itself (`honoured`: "speed", "emotion", ...)."""

    path: Path
    mime: str
    provider: str
    model: str
    voice: str
    words: tuple[SpokenWord, ...] | None = None
    honoured: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProviderVoice:
    """A voice a provider lists."""

    id: str
    name: str
    language: str | None = None
    gender: str | None = None
    category: str | None = None


@runtime_checkable
class SpeechProvider(Protocol):
    """Speaks one text with one voice."""

    name: str
    model: str

    def speak(self, request: SpeechRequest, stem: Path, *, cancelled: Cancelled | None = None) -> SpokenAudio:
        """Speak and write the audio to `stem` + its extension."""
        ...


@runtime_checkable
class VoiceCloner(Protocol):
    """Registers a voice from reference recordings; the returned id is then a `SpeechRequest.voice`."""

    name: str

    def add_voice(self, name: str, samples: Sequence[Path], *, description: str | None = None,
                  labels: Mapping[str, str] | None = None, cancelled: Cancelled | None = None) -> str:
        """Clone the voice of `samples`; returns the provider's voice id."""
        ...

    def delete_voice(self, voice_id: str) -> None:
        """Forget a cloned voice."""
        ...


@runtime_checkable
class VoiceLister(Protocol):
    """Lists the voices an account can use."""

    name: str

    def voices(self, *, limit: int = 500) -> list[ProviderVoice]:
        """Every voice (paging followed), at most `limit`."""
        ...
