"""What the pipeline's handler shares: one run's steps as child jobs, reused results, progress by step.

A step is a list of items, each a child job submitted by job-type *name* under a stable key (`clip:2`), so
the handler can run again from the start after every wait (the runtime parks it while its children work)
and get the same children back. An item whose key is in `reuse` (the finished steps of the failed run a
retry continues) is taken from there and no job is made. A child that did not complete fails the
pipeline with the step, the item and the child's own error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from media_service.errors import ServiceError
from media_service.jobs import Job, JobContext
from media_service.providers import video_model

from .schemas import PipelineRequest, StepReport

__all__ = ["STEP_WEIGHTS", "VOICE_LEAD_SEC", "Item", "PipelineRun", "StepFailed", "captions_body", "clip_body",
           "combine_body", "images_body", "voice_body"]

#: Share of the pipeline's progress each step stands for (the pixel work weighs most).
STEP_WEIGHTS = {"script": 0.05, "images": 0.10, "clips": 0.35, "voiceover": 0.10, "captions": 0.30,
                "combine": 0.10}
#: Silence before the voice in each segment (and at least as much after it).
VOICE_LEAD_SEC = 0.3
#: The motion engine's moves, one per segment in turn (the hook zooms in, the last segment zooms out).
_MOVES = ("zoomIn", "panRight", "parallax", "panLeft", "floating", "panRight", "parallax")


class StepFailed(ServiceError):
    """A step's child job did not complete: the pipeline stops there (retry it with /retry)."""

    code = "PIPELINE_STEP_FAILED"
    status = 502


@dataclass(frozen=True, slots=True)
class Item:
    """One child job of a step: its key, job type and request."""

    key: str
    type: str
    request: dict[str, Any]
    label: str = ""


@dataclass
class _Step:
    name: str
    provider: str
    jobs: list[Job] = field(default_factory=list)
    reused: int = 0

    def report(self) -> StepReport:
        starts = [j.created_at for j in self.jobs]
        ends = [j.completed_at for j in self.jobs if j.completed_at is not None]
        seconds = (max(ends) - min(starts)).total_seconds() if starts and ends else 0.0
        return StepReport(name=self.name, provider=self.provider, job_ids=[j.id for j in self.jobs],
                          reused=self.reused, seconds=round(seconds, 2))


class PipelineRun:
    """One run of the pipeline handler: submits, waits for and reads its steps' child jobs."""

    def __init__(self, ctx: JobContext, reuse: dict[str, dict[str, Any]] | None = None) -> None:
        self.ctx = ctx
        self.reuse = dict(reuse or {})
        self.steps: dict[str, _Step] = {}
        self._done = 0.0

    def step(self, name: str, provider: str, items: Sequence[Item]) -> list[dict[str, Any]]:
        """The results of `items` (reused, or from their child jobs once every one has ended); parks the job
        until then. Progress moves within the step's weight as its children end."""
        step = self.steps.setdefault(name, _Step(name, provider))
        step.provider = provider
        results: dict[str, dict[str, Any]] = {}
        pending: list[tuple[Item, str]] = []
        for item in items:
            if item.key in self.reuse:
                results[item.key] = self.reuse[item.key]
                step.reused += 1
            else:
                pending.append((item, self.ctx.jobs.submit(item.type, item.request, key=item.key)))
        if pending:
            ids = [job_id for _, job_id in pending]
            jobs = [self.ctx.jobs.get(job_id) for job_id in ids]
            ended = sum(job.finished for job in jobs)
            if ended < len(ids):  # park until one more has ended (progress moves), then until all have
                self._report(name, ended, len(ids))
                self.ctx.jobs.wait(ids, count=ended + 1)
                jobs = self.ctx.jobs.wait(ids)
            known = {j.id for j in step.jobs}
            step.jobs.extend(j for j in jobs if j.id not in known)
            for (item, _), job in zip(pending, jobs):
                results[item.key] = self._completed(name, item, job)
        self._done += STEP_WEIGHTS.get(name, 0.0)
        return [results[item.key] for item in items]

    def start(self, items: Sequence[Item]) -> None:
        """Submit `items` now (not reused ones) without waiting: a later `step` over them finds them running."""
        for item in items:
            if item.key not in self.reuse:
                self.ctx.jobs.submit(item.type, item.request, key=item.key)

    def one(self, name: str, provider: str, item: Item) -> dict[str, Any]:
        """A step of one item."""
        return self.step(name, provider, [item])[0]

    def skip(self, name: str, provider: str) -> None:
        """A step that needs no job (a script given, every clip with its own sound)."""
        self.steps.setdefault(name, _Step(name, provider))
        self._done += STEP_WEIGHTS.get(name, 0.0)

    def reports(self) -> list[StepReport]:
        return [step.report() for step in self.steps.values()]

    def _report(self, name: str, ended: int, total: int) -> None:
        # Only where the run waits: a run starts again from the first step after every wait, and reporting the
        # steps it replays would move the job's progress backwards.
        share = STEP_WEIGHTS.get(name, 0.0) * (ended / total if total else 1.0)
        self.ctx.progress(self._done + share, f"{name}: {ended}/{total} done")

    def _completed(self, name: str, item: Item, job: Job) -> dict[str, Any]:
        if job.status == "completed" and job.result is not None:
            return dict(job.result)
        what = f"{name} {item.label or item.key}".strip()
        reason = job.error.message if job.error else f"the job ended {job.status}"
        self.ctx.log(f"{what}: child job {job.id} {job.status}: {reason}", "error")
        raise StepFailed(f"Step {what} failed (job {job.id}, {job.status}): {reason}",
                         details={"step": name, "item": item.key, "job_id": job.id, "child_status": job.status,
                                  "child_error": job.error.model_dump() if job.error else None})



# --- the children's requests ------------------------------------------------------------------------------
def images_body(request: PipelineRequest, segments: list[dict[str, Any]]) -> dict[str, Any]:
    """sparkfluence.generate_images: one 9:16 still per segment."""
    return {"segments": [{"type": s["type"], "script_text": s["script_text"],
                          "visual_direction": s.get("visual_direction") or s["script_text"][:2000],
                          "emotion": s.get("emotion") or "neutral"} for s in segments],
            "style": request.style, "aspect_ratio": "9:16", "provider": request.providers.images}


def clip_body(request: PipelineRequest, segment: dict[str, Any], image: str, index: int) -> dict[str, Any]:
    """video.image_to_video: the still filmed for the segment's length (a model's nearest length it makes)."""
    width, height = request.size
    duration = float(segment["duration_seconds"])
    body: dict[str, Any] = {"image_path": image, "fps": request.fps, "resolution": f"{width}x{height}",
                            "model": request.providers.video}
    if request.providers.video == "local":
        last = index > 0 and segment["type"].upper().startswith("ENDING")
        return {**body, "template": "zoomOut" if last else _MOVES[index % len(_MOVES)], "duration_seconds": duration,
                "quality": "balanced"}
    model = video_model(request.providers.video)
    lengths = sorted(model.durations or (duration,))
    covering = [d for d in lengths if d >= duration]
    prompt = f"{segment.get('visual_direction') or segment['script_text']}. Mood: {segment.get('emotion', 'neutral')}."
    return {**body, "motion_prompt": prompt[:1000], "duration_seconds": covering[0] if covering else lengths[-1]}


def voice_body(request: PipelineRequest, text: str, code: str, speed: float = 1.0) -> dict[str, Any]:
    """tts.generate: the segment's line in the request's voice (WAV, word timings)."""
    return {"text": text, "provider": request.providers.voice, "voice_id": request.voice, "language": code,
            "output_format": "wav", "speed": speed}


def captions_body(request: PipelineRequest, segment: dict[str, Any], clip: dict[str, Any],
                  voice: dict[str, Any] | None) -> dict[str, Any]:
    """render.scene: the clip for exactly the segment's length, its voiceover after a short lead, and the
    words drawn as they are said (a clip with its own sound keeps it and has no captions)."""
    width, height = request.size
    duration = float(segment["duration_seconds"])
    own_sound = bool(clip.get("has_audio"))
    layer = {"id": "clip", "type": "video", "src": clip["output"]["path"], "fit": "cover", "loop": True,
             "muted": not own_sound}
    timeline: dict[str, Any] = {
        "width": width, "height": height, "fps": request.fps, "duration": duration, "background": "#000000",
        "scenes": [{"id": segment["type"], "start": 0, "duration": duration, "layers": [layer]}]}
    if voice is not None:
        timeline["audio"] = {"tracks": [{"src": voice["output"]["path"], "type": "voiceover",
                                         "start_time": VOICE_LEAD_SEC}], "ducking": None, "target_lufs": None}
        options = request.caption_options
        words = [{"text": w["text"], "start": round(w["start"] + VOICE_LEAD_SEC, 3),
                  "end": round(min(duration, w["end"] + VOICE_LEAD_SEC), 3)}
                 for w in voice.get("words", []) if w["start"] + VOICE_LEAD_SEC < duration and w["text"].strip()]
        if options.enabled and words:
            timeline["captions"] = {"style": options.style, "position": options.position,
                                    "highlight_color": options.highlight_color, "uppercase": options.uppercase,
                                    "words": words}
    return {"timeline": timeline, "quality": "production", "output_format": "mp4"}


def combine_body(request: PipelineRequest, segments: list[dict[str, Any]], drawn: list[dict[str, Any]],
                 bgm: str | None) -> dict[str, Any]:
    """video.combine: the segments in order (same size and rate: stream copy), music ducked, −14 LUFS."""
    body: dict[str, Any] = {
        "segments": [{"video": d["output"]["path"], "label": s["type"][:64],
                      "duration_seconds": float(s["duration_seconds"])} for s, d in zip(segments, drawn)],
        "loudness_target": -14.0, "output": {"format": "mp4"}}
    if bgm is not None and request.bgm is not None:
        body["bgm"] = {"source": bgm, "volume": request.bgm.volume, "ducking": True}
    return body
