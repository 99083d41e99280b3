"""Cloud voices and voice profiles for spoken briefs: each section's text is a `tts.generate` child job.

The briefs capability does not import the TTS capability: it submits that group's job type by name through
`ctx.jobs`, one child per spoken section (keyed by the section, so the re-run after the wait gets the same
children back), waits for all of them (the brief's job is parked without a worker meanwhile), and reads each
child's WAV and word timings. The children are ordinary jobs: the provider chain, voice profiles, cloning,
alignment of providers without timings and their logs are the TTS group's, visible under `GET /jobs?parent_id=`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from media_service.engines.audio import load_audio
from media_service.engines.speech import WordTiming
from media_service.errors import ServiceError, ValidationError
from media_service.media import MediaKind

from .narrate import Speak, Speaker, Spoken

if TYPE_CHECKING:
    from media_service.jobs import JobContext

__all__ = ["TTS_JOB", "cloud_speak"]

TTS_JOB = "tts.generate"
_RATE = 44_100


def _request(speaker: Speaker, text: str, speed: float) -> dict[str, Any]:
    body: dict[str, Any] = {"text": text, "speed": speed, "output_format": "wav"}
    if speaker.provider is not None:
        body["provider"] = speaker.provider
    if speaker.voice_profile_id is not None:
        body["voice_profile_id"] = speaker.voice_profile_id
    elif speaker.voice_id is not None:
        body["voice_id"] = speaker.voice_id
    return body


def cloud_speak(ctx: JobContext, speaker: Speaker, texts: dict[int, str], *, speed: float) -> Speak:
    """Run (or find) one TTS child job per section of `texts` and wait for them all; then `speak` answers each
    section from its child's result. A failed child fails the brief naming the section and the child's error."""
    ids = {i: ctx.jobs.submit(TTS_JOB, _request(speaker, text, speed), key=f"voice-{i}") for i, text in texts.items()}
    finished = {job.id: job for job in ctx.jobs.wait(list(ids.values()))}  # parks the job until they have ended
    ctx.log(f"voiceover by {speaker.id}: {len(ids)} TTS job(s) " + ", ".join(ids.values()))

    def speak(index: int, _text: str) -> Spoken:
        job = finished[ids[index]]
        field = f"brief.sections[{index}].content.voiceover_text"
        if job.status != "completed" or not job.result:
            error = job.error
            message = error.message if error is not None else f"the TTS job ended {job.status}"
            failure = ServiceError(f"{field}: {speaker.id} could not speak it ({message}; job {job.id})",
                                   details={"field": field, "job_id": job.id})
            failure.code, failure.status = (error.code, 400 if error.code == "VALIDATION_ERROR" else 502) \
                if error is not None else ("INTERNAL_ERROR", 500)
            raise failure
        result = job.result
        path = ctx.inputs.fetch(str(result["output"]["path"]), field=field, accepts=MediaKind.AUDIO)  # OUTPUT_DIR
        samples = load_audio(path, sample_rate=_RATE, channels=1, field=field)[0]
        words = [WordTiming(str(w["text"]), float(w["start"]), float(w["end"])) for w in result.get("words", [])]
        if not words:
            raise ValidationError(f"{field}: the TTS job {job.id} gave no word timings", field=field)
        return Spoken(samples, _RATE, words)

    return speak
