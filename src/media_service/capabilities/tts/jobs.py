"""Speech job types (queue `cpu`): `tts.generate`, `tts.multi_language` and `tts.voice_clone`.

The handler re-plans (provider chain, voice) from the request and speaks with the first candidate; a
retryable, quota, credentials or availability failure of a cloud provider falls through to the next
candidate (recorded in `skipped`), the last one's failure fails the job. Local voices speak through the
speech engine; cloud voices are requested sentence-grouped within the provider's limit, then joined,
timed (the provider's alignment, else faster-whisper tiny.en for English, else the syllable estimate),
sped up or pitch-shifted locally when the provider could not, normalised and encoded by
`render_recorded_speech`. The result is the PRD TTSResponse with the OutputRef and word timings.

No `warm_up` hook: loading Piper in the forkserver (imports, model patch, onnxruntime session: ~2 s on
an idle machine, 25 s on a loaded one) would delay every cpu worker's start, and an onnxruntime session
is not meant to cross a fork. Each child loads the voice on its first Piper request instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from media_service.engines.audio import AudioFormat
from media_service.engines.speech import (RecordedPiece, SpeechOptions, WordTiming, render_recorded_speech,
                                          render_speech, split_chunks)
from media_service.jobs import JobContext, job_type
from media_service.providers import (ProviderAuthError, ProviderQuotaError, ProviderRetryableError,
                                     ProviderUnavailableError)
from media_service.providers.protocols import SpeechRequest, VoiceCloner

from .catalog import CLONE_PROVIDERS, MAX_REQUEST_CHARS, REGISTRY_NAMES
from .checks import clone_model, prepare_clone, prepare_generate, prepare_multi_language
from .schemas import (
    LanguageOutput,
    MultiLanguageRequest,
    MultiLanguageResult,
    SkippedProvider,
    SpeechFormat,
    TTSRequest,
    TTSResult,
    VoiceCloneRequest,
    TimingSource,
    VoiceSettings,
    WordTimingOut,
)
from .service import Candidate, SpeechPlan, fetch_reference, plan_speech, use_profile, voice_profiles

__all__ = ["generate", "multi_language", "voice_clone"]

_TIMEOUT = 900.0
# Request format → (engine format, file suffix): "ogg" is Opus in Ogg, "aac" goes in an .m4a.
_FORMATS: dict[SpeechFormat, tuple[AudioFormat, str]] = {
    "mp3": ("mp3", ".mp3"), "wav": ("wav", ".wav"), "ogg": ("opus", ".ogg"), "aac": ("aac", ".m4a"),
    "opus": ("opus", ".opus"),
}
_FALL_THROUGH = (ProviderRetryableError, ProviderQuotaError, ProviderAuthError, ProviderUnavailableError)


@dataclass(frozen=True)
class Ask:
    """How to speak, beyond the text: options each provider honours or the audio engine applies."""

    speed: float = 1.0
    pitch: float = 0.0
    voice_settings: dict[str, Any] | None = None
    instructions: str | None = None
    emotion: str | None = None
    emotion_weight: float | None = None
    references: tuple[Path, ...] = ()
    settings_given: bool = False  # voice_settings came with the request (not the PRD defaults)
    notes: list[str] = field(default_factory=list)


def _estimate(characters: int) -> float:
    return 2.0 + characters / 60  # Piper on two busy cores speaks ~60 characters a second


def _groups(text: str, limit: int) -> list[str]:
    """Sentences packed into requests of at most `limit` characters."""
    groups: list[str] = []
    for chunk in split_chunks(text):
        if groups and len(groups[-1]) + 1 + len(chunk.text) <= limit:
            groups[-1] += " " + chunk.text
        else:
            groups.append(chunk.text)
    return groups


def _speak(ctx: JobContext, plan: SpeechPlan, text: str, ask: Ask, *, fmt: SpeechFormat, stem: str,
           request: Any, start: float, end: float) -> TTSResult:
    """Speak with the first candidate that can; falls through the chain on provider failures."""
    skipped = list(plan.skipped)
    for skip in plan.skipped:
        ctx.log(f"skipped {skip.provider}: {skip.reason}")
    for index, candidate in enumerate(plan.candidates):
        try:
            return _speak_with(ctx, plan, candidate, text, ask, fmt=fmt, stem=stem, request=request, start=start,
                               end=end, skipped=skipped)
        except _FALL_THROUGH as exc:
            if index == len(plan.candidates) - 1:
                raise
            reason = f"{exc.details.get('reason', 'failed')}: {exc.message}"
            skipped.append(SkippedProvider(provider=candidate.provider, reason=reason))
            ctx.log(f"{candidate.provider} did not speak ({reason}); trying {plan.candidates[index + 1].provider}",
                    level="warning")
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _speak_with(ctx: JobContext, plan: SpeechPlan, candidate: Candidate, text: str, ask: Ask, *, fmt: SpeechFormat,
                stem: str, request: Any, start: float, end: float, skipped: list[SkippedProvider]) -> TTSResult:
    engine_format, suffix = _FORMATS[fmt]
    path = ctx.workdir / f"{stem}{suffix}"
    span = end - start
    notes = [*plan.notes, *ask.notes]
    source: TimingSource
    if candidate.local is not None:
        result = render_speech(text, candidate.local.id, path, fmt=engine_format, options=SpeechOptions(speed=ask.speed),
                               progress=lambda f: ctx.progress(start + span * 0.9 * f, f"speaking {candidate.language}"),
                               cancelled=ctx.cancelled)
        speech = result.speech
        words, source, duration = speech.words, speech.timing_source, speech.duration
        lufs = result.measurement.integrated_lufs
        honoured: frozenset[str] = frozenset({"speed"})
    else:
        provider = ctx.providers.speech(REGISTRY_NAMES[candidate.provider])
        groups = _groups(text, MAX_REQUEST_CHARS[candidate.provider])
        pieces: list[RecordedPiece] = []
        honoured = frozenset()
        for k, group in enumerate(groups):
            ctx.raise_if_cancelled()
            spoken = provider.speak(SpeechRequest(group, candidate.voice, model=candidate.model,
                                                  language=candidate.language, speed=ask.speed,
                                                  voice_settings=ask.voice_settings, instructions=ask.instructions,
                                                  emotion=ask.emotion, emotion_weight=ask.emotion_weight,
                                                  references=ask.references),
                                    ctx.workdir / f"{stem}-{candidate.provider}-{k}", cancelled=ctx.cancelled)
            words_in = None if spoken.words is None else [WordTiming(w.text, w.start, w.end) for w in spoken.words]
            pieces.append(RecordedPiece(spoken.path, group, words_in))
            honoured = spoken.honoured
            notes += [n for n in spoken.notes if n not in notes]
            ctx.progress(start + span * 0.7 * (k + 1) / len(groups), f"{candidate.provider} spoke {k + 1}/{len(groups)}")
        tempo = 1.0 if "speed" in honoured else ask.speed
        if tempo != 1.0:
            notes.append(f"speed {ask.speed:g} applied locally (tempo changed, pitch kept): {candidate.provider} "
                         f"{candidate.model} does not take it")
        if ask.pitch:
            notes.append(f"pitch {ask.pitch:+g} % applied locally: {candidate.provider} does not take it")
        recorded = render_recorded_speech(pieces, path, language=candidate.language, fmt=engine_format, tempo=tempo,
                                          pitch=ask.pitch, cancelled=ctx.cancelled)
        words, source, duration = recorded.words, recorded.timing_source, recorded.duration
        lufs = recorded.measurement.integrated_lufs
    if ask.instructions and "instructions" not in honoured:
        notes.append(f"instructions are for OpenAI gpt-4o voices; {candidate.model_used} did not use them")
    if ask.settings_given and candidate.provider != "elevenlabs":
        notes.append(f"voice_settings apply to ElevenLabs voices; {candidate.model_used} ignored them")
    ref = ctx.outputs.save(path, request=request)
    ctx.log(f"{candidate.model_used}: {len(text)} characters, {duration:.2f} s, {len(words)} words ({source} "
            f"timings), {lufs} LUFS")
    return TTSResult(audio_path=ref.path, audio_url=ref.url, duration_seconds=round(duration, 3),
                     character_count=len(text), model_used=candidate.model_used, provider=candidate.provider,
                     voice_id=candidate.voice, language=candidate.language, format=fmt,
                     words=[WordTimingOut(text=w.text, start=round(w.start, 3), end=round(w.end, 3)) for w in words],
                     timing_source=source, integrated_lufs=lufs, output=ref, skipped=skipped, notes=notes)


@job_type("tts.generate", request=TTSRequest, result=TTSResult, queue="cpu", default_timeout_sec=_TIMEOUT,
          estimate=lambda req: _estimate(len(req.text)), prepare=prepare_generate,
          summary="Speak text with a local voice or a provider of the chain, with word timings")
def generate(ctx: JobContext, request: TTSRequest) -> TTSResult:
    """Plan the provider chain and voice, speak, save; a voice profile's use is counted."""
    plan = plan_speech(ctx.settings, provider=request.provider, voice_id=request.voice_id,
                       voice_profile_id=request.voice_profile_id, language=request.language,
                       model_id=request.model_id)
    ask = Ask(speed=request.speed, voice_settings=(request.voice_settings or VoiceSettings()).model_dump(),
              instructions=request.instructions, settings_given=request.voice_settings is not None)
    result = _speak(ctx, plan, request.text, ask, fmt=request.output_format, stem="speech", request=request,
                    start=0.0, end=1.0)
    use_profile(ctx.settings, plan)
    return result


@job_type("tts.multi_language", request=MultiLanguageRequest, result=MultiLanguageResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, estimate=lambda req: sum(_estimate(len(t)) for _, t in req.items()),
          prepare=prepare_multi_language,
          summary="Speak one text, or a text per language, in several languages (one output each)")
def multi_language(ctx: JobContext, request: MultiLanguageRequest) -> MultiLanguageResult:
    """Each language with its voice (PRD §6.2.3 table per provider; locally the engine's voice for it)."""
    items = request.items()
    outputs = []
    for index, (language, text) in enumerate(items):
        plan = plan_speech(ctx.settings, provider=request.provider, voice_id=None, voice_profile_id=None,
                           language=language)
        ask = Ask(speed=request.speed, voice_settings=VoiceSettings().model_dump())
        spoken = _speak(ctx, plan, text, ask, fmt=request.output_format, stem=f"speech-{language}", request=request,
                        start=index / len(items), end=(index + 1) / len(items))
        outputs.append(LanguageOutput(**spoken.model_dump()))
    return MultiLanguageResult(outputs=outputs)


@job_type("tts.voice_clone", request=VoiceCloneRequest, result=TTSResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, estimate=lambda req: 10 + _estimate(len(req.text)), prepare=prepare_clone,
          summary="Speak text in the voice of a 3–30 s reference or a saved profile (ElevenLabs or Modal)")
def voice_clone(ctx: JobContext, request: VoiceCloneRequest) -> TTSResult:
    """Clone (or reuse the profile's clone), speak, apply what the provider could not; profiles are counted."""
    name = CLONE_PROVIDERS[request.model]
    model = clone_model(ctx.settings, request.model)
    provider = ctx.providers.speech(REGISTRY_NAMES[name])
    assert isinstance(provider, VoiceCloner)  # both cloning providers implement it
    repo = voice_profiles(ctx.settings)
    profile = repo.get(request.voice_profile_id) if request.voice_profile_id else None
    language = (request.language or (profile.metadata.get("language") if profile else None) or "en").lower()
    notes: list[str] = []
    references: tuple[Path, ...] = ()
    temporary: str | None = None
    if profile is not None and profile.embedding_provider == name and profile.embedding_id:
        voice = profile.embedding_id
    elif profile is not None:
        voice = provider.add_voice(profile.name, profile.reference_files(), description=profile.description,
                                   labels={"language": language}, cancelled=ctx.cancelled)
        repo.set_embedding(profile.id, voice, name)
        notes.append(f"voice profile {profile.id} cloned by {name} ({voice}) and kept for later requests")
    else:
        path, seconds = fetch_reference(ctx.settings, str(request.voice_reference_url), ctx.workdir,
                                        field="voice_reference_url")
        ctx.log(f"reference: {seconds:.1f} s")
        if name == "elevenlabs":
            voice = temporary = provider.add_voice(f"clone-{ctx.job_id}", [path], cancelled=ctx.cancelled)
        else:
            voice, references = "", (path,)
    options = request.options
    ask = Ask(speed=options.speed, pitch=options.pitch, references=references, notes=notes,
              voice_settings={**VoiceSettings().model_dump(), "stability": options.stability}
              if name == "elevenlabs" else None,
              emotion=options.emotion if model == "indextts2" else None,
              emotion_weight=options.emotion_weight if model == "indextts2" else None)
    plan = SpeechPlan([Candidate(name, voice, model, language)], language, profile.id if profile else None)
    try:
        result = _speak(ctx, plan, request.text, ask, fmt=request.output_format, stem="clone", request=request,
                        start=0.0, end=1.0)
    finally:
        if temporary is not None:
            provider.delete_voice(temporary)  # a one-off clone does not stay in the account
    use_profile(ctx.settings, plan)
    return result
