"""Analysis jobs (queue `cpu`): `analyze.transcript` (speech → text, segments, word times, SRT and WebVTT),
`analyze.video` (PRD VideoAnalysisResponse with its measurements) and `analyze.virality` (the explained
score of a video or a script); `analyze.youtube` (queue `io`: the YouTube Data API's metadata and captions,
then the same text analysis)."""

from __future__ import annotations

from media_service.engines.transcribe import parse_vtt, transcript_from_cues
from media_service.jobs import JobContext, job_type
from media_service.media import MediaKind

from .checks import prepare_analysis, prepare_transcript, prepare_virality, prepare_youtube
from .schemas import TranscriptRequest, TranscriptResult, VideoAnalysisRequest, VideoAnalysisResponse, \
    ViralityRequest, ViralityResult, YouTubeAnalysisRequest, YouTubeAnalysisResponse
from .service import analyze_video, analyze_youtube, measure_media, script_virality, subtitle_files, to_segments, \
    to_words, video_virality

__all__ = ["transcript", "video", "virality", "youtube"]

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


@job_type("analyze.video", request=VideoAnalysisRequest, result=VideoAnalysisResponse, queue="cpu",
          default_timeout_sec=1800.0, estimated_duration_sec=30.0, prepare=prepare_analysis,
          summary="Analyse a video: transcript, topics, hook, captions, an explained virality score")
def video(ctx: JobContext, request: VideoAnalysisRequest) -> VideoAnalysisResponse:
    """Measure picture, sound and speech; write the prose (provider or templates); score it."""
    source = ctx.inputs.fetch(request.video_url, field="video_url", accepts=_SOUND)
    transcriber = ctx.providers.transcriber(request.transcriber) if request.transcriber else None
    measured = measure_media(source, transcriber, language=request.language, cancelled=ctx.cancelled,
                             progress=ctx.progress)
    ctx.progress(0.85, "writing the analysis")
    result = analyze_video(measured, ctx.providers.text(request.provider or "local"), transcriber=request.transcriber,
                           cancelled=ctx.cancelled)
    ctx.log(f"analysed {measured.duration:.1f} s: {result.measurements.cuts_per_minute} cuts/min, "
            f"{result.measurements.word_count} words, score {result.virality_score}")
    return result


@job_type("analyze.virality", request=ViralityRequest, result=ViralityResult, queue="cpu",
          default_timeout_sec=1800.0, estimated_duration_sec=20.0, prepare=prepare_virality,
          summary="The virality score of a video or a script, with each measured feature and its weight")
def virality(ctx: JobContext, request: ViralityRequest) -> ViralityResult:
    """Score a script at once; measure a video first."""
    if request.script is not None:
        return script_virality(request.script, request.hooks_used)
    assert request.video_url is not None  # prepare_virality checked that one of the two is given
    source = ctx.inputs.fetch(request.video_url, field="video_url", accepts=_SOUND)
    transcriber = ctx.providers.transcriber("local" if request.language in (None, "en") else "openai")
    return video_virality(measure_media(source, transcriber, language=request.language, cancelled=ctx.cancelled,
                                        progress=ctx.progress))


@job_type("analyze.youtube", request=YouTubeAnalysisRequest, result=YouTubeAnalysisResponse, queue="io",
          default_timeout_sec=600.0, estimated_duration_sec=5.0, prepare=prepare_youtube,
          summary="Analyse a YouTube video: metadata and captions through the YouTube Data API, then the text analysis")
def youtube(ctx: JobContext, request: YouTubeAnalysisRequest) -> YouTubeAnalysisResponse:
    """Metadata (videos.list), caption tracks (captions.list) and, where the API allows, one track's text."""
    source = ctx.providers.metadata("youtube")
    ctx.progress(0.1, "video metadata")
    video = source.video(request.url, cancelled=ctx.cancelled)
    notes: list[str] = []
    tracks = source.captions(video.id, cancelled=ctx.cancelled) if video.has_captions else []
    if not tracks:
        notes.append("the video has no caption tracks: no transcript")
    want = request.caption_language or (video.language or "").split("-")[0]
    transcript, used = None, None
    for track in sorted(tracks, key=lambda t: (t.language.split("-")[0] != want, t.kind.lower() == "asr")):
        ctx.progress(0.4, f"captions ({track.language})")
        text = source.download(track, cancelled=ctx.cancelled)
        if text is None:
            notes.append(f"caption track {track.language} ({track.kind}) exists, but the API does not let this key "
                         "download it (captions.download needs the owner's OAuth consent): no transcript")
            break
        cues = parse_vtt(text)
        if cues:
            transcript = transcript_from_cues(cues, language=track.language.split("-")[0] or "en", engine="youtube",
                                              model=f"captions:{track.kind}")
            used = track
            break
    ctx.progress(0.7, "writing the analysis")
    result = analyze_youtube(video, tracks, used, transcript, ctx.providers.text(request.provider or "local"),
                             notes=notes, cancelled=ctx.cancelled)
    ctx.log(f"youtube {video.id}: {len(tracks)} caption track(s), transcript from "
            f"{used.language + ' captions' if used and transcript else 'none'}, score {result.virality_score}")
    return result
