"""`analyze.transcript` (queue `cpu`): speech → text, segments, word times, SRT and WebVTT."""

from __future__ import annotations

from media_service.jobs import JobContext, job_type
from media_service.media import MediaKind

from .checks import prepare_transcript
from .schemas import TranscriptRequest, TranscriptResult
from .service import subtitle_files, to_segments, to_words

__all__ = ["transcript"]

_SOUND = frozenset({MediaKind.AUDIO, MediaKind.VIDEO})


@job_type("analyze.transcript", request=TranscriptRequest, result=TranscriptResult, queue="cpu",
          default_timeout_sec=1800.0, estimated_duration_sec=15.0, prepare=prepare_transcript,
          summary="Transcribe speech: text, segments, word times, SRT and WebVTT")
def transcript(ctx: JobContext, request: TranscriptRequest) -> TranscriptResult:
    """Fetch the media, transcribe it with the chosen provider, write the subtitles."""
    source = ctx.inputs.fetch(request.media, field="media", accepts=_SOUND)
    provider = ctx.providers.transcriber(request.provider or "local")
    ctx.progress(0.05, f"transcribing with {provider.name}")
    result = provider.transcribe(source, language=request.language, cancelled=ctx.cancelled)
    srt_path, vtt_path, srt, vtt = subtitle_files(result, ctx.workdir)
    ctx.log(f"transcribed {result.duration:.1f} s of audio: {len(result.words)} words ({provider.name})")
    return TranscriptResult(text=result.text, language=result.language, duration_sec=result.duration,
                            segments=to_segments(result), words=to_words(result), provider=result.engine,
                            model=result.model, srt=ctx.outputs.save(srt_path), vtt=ctx.outputs.save(vtt_path),
                            srt_text=srt, vtt_text=vtt, notes=list(result.notes))
