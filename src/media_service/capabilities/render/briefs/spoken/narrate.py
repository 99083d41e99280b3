"""The voiceover of a spoken brief: each section's `voiceover_text` spoken by the brief's voice, placed at
its section's start (after a short lead-in while the section enters), and the sections retimed to fit it.

Retiming: a section whose speech (plus `LEAD` before and `TAIL` after) is longer than its `duration_sec`
is stretched to fit; a shorter one keeps its duration (the rest is silence: padding). Every later section
moves by what the earlier ones grew, gaps between sections are kept, and the video's duration grows by
the same amount. The words come back on the video's time axis, for the captions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from media_service.engines.audio import Encoding, normalize_loudness, save_audio
from media_service.engines.speech import SPEECH_LOUDNESS, SpeechOptions, Voice, WordTiming, get_voice, synthesize
from media_service.errors import FieldError, ValidationError

from ..schemas import ContentBrief

__all__ = ["LEAD", "TAIL", "Narration", "Speak", "Speaker", "Spoken", "local_speak", "narrate", "speech_problems",
           "spoken_texts", "voice_of"]

LEAD = 0.4   # seconds into a section before its voice starts: the section's entrance
TAIL = 0.5   # seconds after the last word before the section may end

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Speaker:
    """Who speaks a brief: a local `voice`, or a cloud `provider` / saved `voice_profile_id` whose speech comes
    from `tts.generate` child jobs (the voice's `id` names it in logs and results)."""

    id: str
    voice: Voice | None = None
    provider: str | None = None
    voice_id: str | None = None
    voice_profile_id: str | None = None

    @property
    def local(self) -> bool:
        return self.voice is not None


def voice_of(brief: ContentBrief, default_voice: str) -> Speaker:
    """Who speaks `brief` (its audio.voice; a local voice defaults to `default_voice`): ValidationError naming
    the field for a local voice that does not exist."""
    audio = brief.audio
    voice = audio.voice if audio is not None else None
    if voice is None:
        raise ValidationError("brief.audio.voice: not set", field="brief.audio.voice")
    if voice.voice_profile_id is not None or voice.provider not in (None, "local"):
        name = f"profile {voice.voice_profile_id}" if voice.voice_profile_id else \
            f"{voice.provider}/{voice.voice_id or 'default'}"
        return Speaker(name, provider=voice.provider if voice.provider != "local" else None, voice_id=voice.voice_id,
                       voice_profile_id=voice.voice_profile_id)
    if voice.voice_id is None:
        try:
            local = get_voice(default_voice, field="brief.audio.voice.voice_id")
        except ValidationError:
            raise ValidationError(f"brief.audio.voice.voice_id: the default voice TTS_DEFAULT_VOICE "
                                  f"({default_voice!r}) is not a local voice; give a voice_id",
                                  field="brief.audio.voice.voice_id") from None
    else:
        local = get_voice(voice.voice_id, field="brief.audio.voice.voice_id")
    return Speaker(local.id, voice=local)


def speech_problems(brief: ContentBrief) -> list[FieldError]:
    """What keeps the brief's voice and captions settings from working together (no synthesis, no I/O)."""
    audio, captions = brief.audio, brief.captions
    voice = audio.voice if audio is not None else None
    errors: list[FieldError] = []
    spoken = any(s.content.voiceover_text and s.content.voiceover_text.strip() for s in brief.sections)
    if voice is not None and not spoken:
        errors.append({"field": "brief.audio.voice", "message": "no section has voiceover_text for the voice to "
                       "speak"})
    if voice is not None and audio is not None and audio.voiceover:
        errors.append({"field": "brief.audio.voiceover", "message": "give a voiceover file or audio.voice (which "
                       "speaks the sections' voiceover_text), not both"})
    if captions is not None and captions.enabled and voice is None:
        if audio is not None and audio.voiceover:
            message = ("captions of a voiceover file need its transcription, which is not available yet; set "
                       "audio.voice instead to have the sections' voiceover_text spoken and captioned")
        else:
            message = "captions need speech: set audio.voice and voiceover_text on the sections"
        errors.append({"field": "brief.captions", "message": message})
    return errors


@dataclass(frozen=True)
class Spoken:
    """One section's speech: mono samples at `sample_rate` and its words from the start of the samples."""

    samples: np.ndarray
    sample_rate: int
    words: list[WordTiming]

    @property
    def duration(self) -> float:
        return self.samples.size / self.sample_rate


#: speak(section index, text) → the section's speech (a local voice, or a cloud voice's finished child job).
Speak = Callable[[int, str], Spoken]


def local_speak(voice: Voice, *, speed: float = 1.0, cancelled: Cancelled | None = None) -> Speak:
    """Speak with a local voice (Piper/espeak-ng) in this process."""
    options = SpeechOptions(speed=speed)

    def speak(_index: int, text: str) -> Spoken:
        speech = synthesize(text, voice.id, options=options, cancelled=cancelled)
        return Spoken(speech.samples, speech.sample_rate, list(speech.words))

    return speak


@dataclass(frozen=True)
class Narration:
    """The spoken brief: retimed (its audio.voiceover is `path`), the words on its time axis, the voice."""

    brief: ContentBrief
    path: Path
    words: list[WordTiming]
    speaker: Speaker
    stretched: dict[str, tuple[float, float]]  # section id → (duration asked, duration given)


def spoken_texts(brief: ContentBrief) -> dict[int, str]:
    """Section index → its voiceover_text, for the sections that have one (in time order)."""
    order = sorted(range(len(brief.sections)), key=lambda i: brief.sections[i].start_time_sec)
    texts = {i: (brief.sections[i].content.voiceover_text or "").strip() for i in order}
    return {i: text for i, text in texts.items() if text}


def narrate(brief: ContentBrief, speaker: Speaker, speak: Speak, path: Path, *, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> Narration:
    """Speak every section's voiceover_text with `speak`, retime the brief to fit, and write the voiceover
    (WAV at the spoken-word loudness) to `path`."""
    order = sorted(range(len(brief.sections)), key=lambda i: brief.sections[i].start_time_sec)
    texts = spoken_texts(brief)
    spoken_count = max(1, len(texts))
    shift = 0.0
    sections: list[Any] = list(brief.sections)
    placed: list[tuple[float, np.ndarray, int]] = []
    words: list[WordTiming] = []
    stretched: dict[str, tuple[float, float]] = {}
    rate = 22_050
    for i in order:
        section = brief.sections[i]
        start, duration = section.start_time_sec + shift, section.duration_sec
        if i in texts:
            field = f"brief.sections[{i}].content.voiceover_text"
            try:
                speech = speak(i, texts[i])
            except ValidationError as exc:
                raise ValidationError(f"{field}: {exc.message}", field=field) from None
            rate = speech.sample_rate if not placed else rate
            need = LEAD + speech.duration + TAIL
            if need > duration:
                stretched[section.id] = (duration, round(need, 3))
                shift += need - duration
                duration = need
            placed.append((start + LEAD, speech.samples, speech.sample_rate))
            words += [WordTiming(w.text, w.start + start + LEAD, w.end + start + LEAD) for w in speech.words]
            if progress is not None:
                progress(len(placed) / spoken_count)
        sections[i] = section.model_copy(update={"start_time_sec": round(start, 6), "duration_sec": round(duration, 6)})
    total = brief.settings.duration_sec + shift
    track = np.zeros(int(np.ceil(total * rate)) + 1, dtype=np.float32)
    for at, samples, own_rate in placed:
        if own_rate != rate:  # one track at the first section's rate
            samples = np.interp(np.arange(round(samples.size * rate / own_rate)) * own_rate / rate,
                                np.arange(samples.size), samples).astype(np.float32)
        first = round(at * rate)
        body = samples[: max(0, track.size - first)]
        track[first:first + body.size] += body
    level = normalize_loudness(track[np.newaxis, :], sample_rate=rate, loudness=SPEECH_LOUDNESS)
    save_audio(level, path, sample_rate=rate, encoding=Encoding(format="wav"), cancelled=cancelled)
    audio = brief.audio.model_copy(update={"voiceover": str(path)}) if brief.audio is not None else None
    retimed = brief.model_copy(update={
        "sections": sections, "audio": audio,
        "settings": brief.settings.model_copy(update={"duration_sec": round(total, 6)})})
    return Narration(retimed, path, words, speaker, stretched)
