"""Speech job types (queue `cpu`): `tts.generate`, `tts.multi_language` and `tts.voice_clone`.

The handler re-plans (provider chain, voice) from the request, speaks through the speech engine with
the job's progress and cancellation, saves the file as the job's output and answers the PRD
TTSResponse with the OutputRef and word timings.

No `warm_up` hook: loading Piper in the forkserver (imports, model patch, onnxruntime session: ~2 s on
an idle machine, 25 s on a loaded one) would delay every cpu worker's start, and an onnxruntime session
is not meant to cross a fork. Each child loads the voice on its first Piper request instead.
"""

from __future__ import annotations

from media_service.engines.audio import AudioFormat
from media_service.engines.speech import SpeechOptions, render_speech
from media_service.errors import ServiceUnavailableError
from media_service.jobs import JobContext, job_type

from .checks import prepare_clone, prepare_generate, prepare_multi_language
from .schemas import (
    LanguageOutput,
    MultiLanguageRequest,
    MultiLanguageResult,
    SpeechFormat,
    TTSRequest,
    TTSResult,
    VoiceCloneRequest,
    WordTimingOut,
)
from .service import SpeechPlan, clone_provider_check, plan_speech, use_profile

__all__ = ["generate", "multi_language", "voice_clone"]

_TIMEOUT = 900.0
# Request format → (engine format, file suffix): "ogg" is Opus in Ogg, "aac" goes in an .m4a.
_FORMATS: dict[SpeechFormat, tuple[AudioFormat, str]] = {
    "mp3": ("mp3", ".mp3"), "wav": ("wav", ".wav"), "ogg": ("opus", ".ogg"), "aac": ("aac", ".m4a"),
    "opus": ("opus", ".opus"),
}


def _estimate(characters: int) -> float:
    return 2.0 + characters / 60  # Piper on two busy cores speaks ~60 characters a second


def _speak(ctx: JobContext, plan: SpeechPlan, text: str, *, speed: float, fmt: SpeechFormat, stem: str,
           request: TTSRequest | MultiLanguageRequest, start: float, end: float) -> TTSResult:
    engine_format, suffix = _FORMATS[fmt]
    span = end - start
    result = render_speech(text, plan.voice.id, ctx.workdir / f"{stem}{suffix}", fmt=engine_format,
                           options=SpeechOptions(speed=speed),
                           progress=lambda f: ctx.progress(start + span * 0.9 * f, f"speaking {plan.language}"),
                           cancelled=ctx.cancelled)
    ref = ctx.outputs.save(result.path, request=request)
    speech = result.speech
    ctx.log(f"{plan.model_used}: {len(text)} characters, {speech.duration:.2f} s, {len(speech.words)} words "
            f"({speech.timing_source} timings), {result.measurement.integrated_lufs} LUFS")
    return TTSResult(audio_path=ref.path, audio_url=ref.url, duration_seconds=round(speech.duration, 3),
                     character_count=len(text), model_used=plan.model_used, provider=plan.provider,
                     voice_id=plan.voice.id, language=plan.language, format=fmt,
                     words=[WordTimingOut(text=w.text, start=round(w.start, 3), end=round(w.end, 3))
                            for w in speech.words],
                     timing_source=speech.timing_source, integrated_lufs=result.measurement.integrated_lufs,
                     output=ref, skipped=plan.skipped, notes=plan.notes)


@job_type("tts.generate", request=TTSRequest, result=TTSResult, queue="cpu", default_timeout_sec=_TIMEOUT,
          estimate=lambda req: _estimate(len(req.text)), prepare=prepare_generate,
          summary="Speak text with a local voice (or a provider of the chain), with word timings")
def generate(ctx: JobContext, request: TTSRequest) -> TTSResult:
    """Plan the provider and voice, speak, save; a voice profile's use is counted."""
    plan = plan_speech(ctx.settings, provider=request.provider, voice_id=request.voice_id,
                       voice_profile_id=request.voice_profile_id, language=request.language,
                       model_id=request.model_id)
    for skipped in plan.skipped:
        ctx.log(f"skipped {skipped.provider}: {skipped.reason}")
    notes = list(plan.notes)
    if request.voice_settings is not None:
        notes.append("voice_settings apply to ElevenLabs voices; the local voice ignored them")
    result = _speak(ctx, plan, request.text, speed=request.speed, fmt=request.output_format, stem="speech",
                    request=request, start=0.0, end=1.0)
    use_profile(ctx.settings, plan)
    return result.model_copy(update={"notes": notes})


@job_type("tts.multi_language", request=MultiLanguageRequest, result=MultiLanguageResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, estimate=lambda req: sum(_estimate(len(t)) for _, t in req.items()),
          prepare=prepare_multi_language,
          summary="Speak one text, or a text per language, in several languages (one output each)")
def multi_language(ctx: JobContext, request: MultiLanguageRequest) -> MultiLanguageResult:
    """Each language with its voice (PRD §6.2.3 table; locally: the engine's voice for that language)."""
    items = request.items()
    outputs = []
    for index, (language, text) in enumerate(items):
        plan = plan_speech(ctx.settings, provider=request.provider, voice_id=None, voice_profile_id=None,
                           language=language)
        spoken = _speak(ctx, plan, text, speed=request.speed, fmt=request.output_format, stem=f"speech-{language}",
                        request=request, start=index / len(items), end=(index + 1) / len(items))
        outputs.append(LanguageOutput(**spoken.model_dump()))
    return MultiLanguageResult(outputs=outputs)


@job_type("tts.voice_clone", request=VoiceCloneRequest, result=TTSResult, queue="cpu",
          default_timeout_sec=_TIMEOUT, estimate=lambda req: _estimate(len(req.text)), prepare=prepare_clone,
          summary="Speak text in the voice of a 3–30 s reference (needs a cloning provider)")
def voice_clone(ctx: JobContext, request: VoiceCloneRequest) -> TTSResult:
    """No cloning provider adapter is in this build: submission already answered 503 naming the setting."""
    clone_provider_check(ctx.settings, request.model)
    raise ServiceUnavailableError(f"voice cloning with {request.model} is not in this build yet")
