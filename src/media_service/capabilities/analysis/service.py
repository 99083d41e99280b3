"""What the analysis handlers share: a transcript's result and subtitle files; measuring a file and turning
the measurements into the PRD's video analysis (prose from a text provider or the engine's documented
templates); the explained virality score of a video or a script."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media_service.engines.analysis import (
    Hook,
    SoundStats,
    SpeechStats,
    VisualStats,
    hook_of,
    local_prose,
    measure_sound,
    measure_visual,
    speech_stats,
    video_features,
)
from media_service.engines.script import (
    KEYWORD_METHOD,
    ScriptSegment,
    ViralityFeature,
    score_features,
    script_features,
)
from media_service.engines.transcribe import Cue, Transcript, cues_for, to_srt, to_vtt, transcript_from_cues
from media_service.providers.http import Cancelled
from media_service.providers.text import TextProvider, TextRequest, generate_checked
from media_service.providers.transcription import Transcriber
from media_service.providers.youtube import CaptionTrack, YouTubeVideo

from .schemas import (
    FeatureOut,
    HookAnalysis,
    PlatformCaptions,
    ScriptSegmentIn,
    TranscriptSegmentOut,
    TranscriptWordOut,
    VideoAnalysisResponse,
    VideoMeasurements,
    ViralityResult,
    YouTubeAnalysisResponse,
    YouTubeCaptionTrack,
    YouTubeVideoInfo,
)

__all__ = ["Measured", "analyze_video", "analyze_youtube", "measure_media", "script_virality", "subtitle_files", "to_segments",
           "to_words", "video_virality"]


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


# video analysis ------------------------------------------------------------------------------------------

_PROSE_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["summary", "detected_topics", "suggested_caption", "hashtags", "hook_type", "platform_captions"],
    "properties": {
        "summary": {"type": "string"}, "detected_topics": {"type": "array", "items": {"type": "string"}},
        "suggested_caption": {"type": "string"}, "hashtags": {"type": "array", "items": {"type": "string"}},
        "hook_type": {"type": "string", "enum": ["question", "statement", "shock", "curiosity"]},
        "platform_captions": {"type": "object", "additionalProperties": False,
                              "required": ["youtube_title", "youtube_description", "tiktok_caption",
                                           "instagram_caption"],
                              "properties": {k: {"type": "string"} for k in ("youtube_title", "youtube_description",
                                                                           "tiktok_caption", "instagram_caption")}}}}
_PROSE_FIELDS = ("summary", "detected_topics", "suggested_caption", "hashtags", "platform_captions")


@dataclass(frozen=True, slots=True)
class Measured:
    """Everything measured about one file."""

    visual: VisualStats | None
    sound: SoundStats
    transcript: Transcript | None
    stats: SpeechStats
    hook: Hook
    duration: float


def measure_media(path: Path, transcriber: Transcriber | None, *, language: str | None,
                  cancelled: Cancelled | None = None, progress: Callable[[float, str], None] | None = None
                  ) -> Measured:
    """Picture, sound and speech of `path` (speech only when the sound is not all silence)."""
    step = progress or (lambda fraction, name: None)
    step(0.05, "measuring the picture")
    visual = measure_visual(path, cancelled=cancelled)
    step(0.25, "measuring the sound")
    sound = measure_sound(path, cancelled=cancelled)
    transcript = None
    if transcriber is not None and sound.has_audio and sound.silence_ratio < 0.98:
        step(0.4, f"transcribing with {transcriber.name}")
        transcript = transcriber.transcribe(path, language=language, cancelled=cancelled)
    stats = speech_stats(transcript)
    duration = max(sound.duration, visual.duration if visual is not None else 0.0)
    return Measured(visual, sound, transcript, stats, hook_of(transcript, stats), duration)


def to_measurements(m: Measured) -> VideoMeasurements:
    return VideoMeasurements(
        duration_sec=round(m.duration, 3), has_video=m.visual is not None, has_audio=m.sound.has_audio,
        scene_cuts_sec=list(m.visual.cuts) if m.visual else [],
        cuts_per_minute=m.visual.cuts_per_minute if m.visual else 0.0, integrated_lufs=m.sound.integrated_lufs,
        silence_ratio=m.sound.silence_ratio, longest_silence_sec=m.sound.longest_silence,
        has_speech=m.stats.has_speech, word_count=m.stats.word_count, words_per_minute=m.stats.words_per_minute,
        time_to_first_word_sec=m.stats.time_to_first_word)


def features_out(features: list[ViralityFeature]) -> list[FeatureOut]:
    return [FeatureOut(name=f.name, value=round(f.value, 3), weight=f.weight, measured=f.measured) for f in features]


def _provider_prose(provider: TextProvider, m: Measured, local: dict[str, Any],
                    cancelled: Cancelled | None) -> dict[str, Any]:
    prompt = (f"Transcript of a {m.duration:.0f}-second video:\n{m.transcript.text if m.transcript else '(no speech)'}"
              f"\n\nMeasured: {m.visual.cuts_per_minute if m.visual else 0:.0f} cuts per minute, "
              f"{m.stats.words_per_minute or 0:.0f} words per minute. Write the summary, topics, captions and "
              "hashtags for short-video platforms in the transcript's language.")
    request = TextRequest(system="You analyse short videos for creators. Be concrete and brief.", prompt=prompt,
                          schema=_PROSE_SCHEMA, schema_name="video_analysis", temperature=0.4)

    def check(data: dict[str, Any]) -> dict[str, Any]:
        if data.get("hook_type") not in ("question", "statement", "shock", "curiosity"):
            raise ValueError(f"hook_type {data.get('hook_type')!r} is not one of the schema's values")
        merged = {**local, **{k: data[k] for k in _PROSE_FIELDS}}
        tags = ["#" + re.sub(r"[\W_]+", "", str(t)) for t in merged["hashtags"]]
        merged["hashtags"] = [t for t in tags if len(t) > 1]  # one word each, written as a tag
        PlatformCaptions.model_validate(merged["platform_captions"])
        return merged | {"hook_type": data["hook_type"]}

    prose, _, _ = generate_checked(provider, request, check, cancelled=cancelled)
    return prose


def analyze_video(m: Measured, prose_provider: TextProvider, *, transcriber: str | None,
                  cancelled: Cancelled | None = None) -> VideoAnalysisResponse:
    """The PRD response from the measurements; prose from the provider, or the local templates."""
    local = local_prose(m.transcript, m.hook, m.stats, m.visual, m.duration)
    notes: list[str] = []
    hook_type = m.hook.type
    if prose_provider.name == "local" or m.transcript is None:
        prose, heuristic = local, [*_PROSE_FIELDS, "hook_analysis", "virality_score"]
        if prose_provider.name != "local":
            notes.append("no speech to write about: prose fields from the local templates")
    else:
        prose = _provider_prose(prose_provider, m, local, cancelled)
        hook_type = str(prose.get("hook_type", hook_type))
        heuristic = ["hook_analysis.hook_strength", "virality_score"]
    if transcriber is None or m.transcript is None:
        notes.append("no speech heard" if m.sound.has_audio else "the file has no sound")
    features = video_features(m.visual, m.sound, m.stats, m.hook, m.duration)
    return VideoAnalysisResponse(
        transcript=m.transcript.text if m.transcript else "", summary=str(prose["summary"]),
        detected_topics=list(prose["detected_topics"]), virality_score=score_features(features),
        suggested_caption=str(prose["suggested_caption"]), hashtags=list(prose["hashtags"]),
        hook_analysis=HookAnalysis(hook_text=m.hook.text, hook_type=hook_type,
                                   hook_strength=m.hook.strength),
        platform_captions=PlatformCaptions.model_validate(prose["platform_captions"]),
        measurements=to_measurements(m), virality_features=features_out(features), heuristic_fields=heuristic,
        prose_provider=prose_provider.name, transcriber=transcriber, keyword_method=KEYWORD_METHOD, notes=notes)


def script_virality(segments: list[ScriptSegmentIn], hooks_used: list[str]) -> ViralityResult:
    """The explained score of a script (the same features generate-script scores with)."""
    parts = [ScriptSegment(s.type, round(s.duration_seconds), s.script_text, s.visual_direction, s.emotion)
             for s in segments]
    features = script_features(parts, hook_patterns=hooks_used)
    score = score_features(features)
    return ViralityResult(virality_score=score, score_10=round(score / 10, 1), source="script",
                          features=features_out(features))


def video_virality(m: Measured) -> ViralityResult:
    """The explained score of a measured video."""
    features = video_features(m.visual, m.sound, m.stats, m.hook, m.duration)
    score = score_features(features)
    return ViralityResult(virality_score=score, score_10=round(score / 10, 1), source="video",
                          features=features_out(features), measurements=to_measurements(m))


#: What a caption transcript lets us score (no picture or sound is downloaded); without one, only these two.
_CAPTION_FEATURES = ("time_to_first_word", "speech_rate", "hook_strength", "length")
_TEXT_FEATURES = ("hook_strength", "length")


def analyze_youtube(video: YouTubeVideo, tracks: list[CaptionTrack], used: CaptionTrack | None,
                    transcript: Transcript | None, prose_provider: TextProvider, *, notes: list[str],
                    cancelled: Cancelled | None = None) -> YouTubeAnalysisResponse:
    """/analyze/video's text part over the caption transcript (else over the title and description)."""
    duration = video.duration_seconds or (transcript.duration if transcript else 0.0)
    text = transcript
    if text is None:
        about = f"{video.title.strip().rstrip('.')}. {video.description.strip()}".strip()
        text = transcript_from_cues([Cue(0.0, max(duration, 1.0), about)], language=video.language or "en",
                                    engine="youtube", model="metadata")
        notes.append("no transcript: the prose fields read the title and description")
    stats = speech_stats(text)
    hook = hook_of(text, stats)
    silent = SoundStats(duration, False, None, 0.0, 0.0)  # never scored: the sound features are left out
    measured = Measured(None, silent, text, stats, hook, duration)
    local = local_prose(text, hook, stats, None, duration)
    if prose_provider.name == "local":
        prose, heuristic = local, [*_PROSE_FIELDS, "hook_analysis", "virality_score"]
    else:
        prose = _provider_prose(prose_provider, measured, local, cancelled)
        heuristic = ["hook_analysis.hook_strength", "virality_score"]
    kept = _CAPTION_FEATURES if transcript is not None else _TEXT_FEATURES
    features = [f for f in video_features(None, silent, stats, hook, duration) if f.name in kept]
    return YouTubeAnalysisResponse(
        video=YouTubeVideoInfo(id=video.id, url=f"https://www.youtube.com/watch?v={video.id}", title=video.title,
                               description=video.description, channel_title=video.channel_title,
                               published_at=video.published_at, tags=list(video.tags),
                               duration_sec=video.duration_seconds, language=video.language,
                               view_count=video.view_count, like_count=video.like_count,
                               comment_count=video.comment_count),
        transcript=transcript.text if transcript else "", transcript_source="captions" if transcript else "none",
        caption_tracks=[YouTubeCaptionTrack(id=t.id, language=t.language, name=t.name, kind=t.kind) for t in tracks],
        caption_track_used=used.id if used is not None and transcript is not None else None,
        summary=str(prose["summary"]), detected_topics=list(prose["detected_topics"]),
        virality_score=score_features(features), suggested_caption=str(prose["suggested_caption"]),
        hashtags=list(prose["hashtags"]),
        hook_analysis=HookAnalysis(hook_text=hook.text, hook_type=str(prose.get("hook_type", hook.type)),
                                   hook_strength=hook.strength),
        platform_captions=PlatformCaptions.model_validate(prose["platform_captions"]),
        virality_features=features_out(features), heuristic_fields=heuristic, prose_provider=prose_provider.name,
        keyword_method=KEYWORD_METHOD, notes=notes)
