"""What the avatar checks and handlers share: the face detector of this process, the local input checks, the
talking-head routing rule and the two job bodies (one talking head; one avatar training)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from media_service.engines.avatar import FaceDetector, FaceReport, SpeechCheck, check_speech, single_face
from media_service.engines.encode.poster import extract_poster
from media_service.errors import JobCancelledError, NotFoundError, ServiceUnavailableError, ValidationError
from media_service.logs import get_logger
from media_service.media import MediaKind, MediaResolver, detect_media, own_file
from media_service.media.service import media_services
from media_service.providers import ProviderUnavailableError
from media_service.providers.avatar import AvatarInput, TalkingHeadRequest, TrainingRequest
from media_service.settings import Settings

from .repository import AvatarRow, avatars
from .schemas import AvatarResult, AvatarTrainingResponse, TrainJob

if TYPE_CHECKING:
    from media_service.jobs import JobContext

__all__ = ["HeadOptions", "avatar_for", "check_face", "check_inputs", "face_detector", "make_talking_head", "route",
           "train_avatar", "training_response"]

_log = get_logger(__name__)
STILL_BACKENDS = ("infinitetalk", "sadtalker")


def detector_python(settings: Settings) -> Path:
    """FACE_DETECTOR_PYTHON, else `.venv-face/bin/python` beside this environment (what `make setup` builds)."""
    return settings.face_detector_python or Path(sys.prefix).parent / ".venv-face" / "bin" / "python"


@lru_cache(maxsize=4)
def _detector(python: str, confidence: float) -> FaceDetector:
    return FaceDetector(Path(python), min_confidence=confidence)


def face_detector(settings: Settings) -> FaceDetector:
    """This process's face detector (its own long-lived process, started on first use)."""
    return _detector(str(detector_python(settings)), settings.face_min_confidence)


def check_face(settings: Settings, path: Path, *, field: str, scratch: Path) -> FaceReport:
    """Exactly one face in the image (or, for a video, in its frame at 0.5 s); else a 400 naming `field`."""
    kind = detect_media(path, field=field).kind
    image = path if kind is MediaKind.IMAGE else extract_poster(path, scratch / "face-frame.png", seconds=0.5)
    report = face_detector(settings).detect(image, field=field)
    _log.info("avatar.face_check", field=field, faces=len(report.faces), detect_ms=report.ms,
              scores=[f.score for f in report.faces], size=f"{report.width}x{report.height}")
    single_face(report, field=field)
    return report


def check_inputs(settings: Settings, *, audio_ref: str | None, face_ref: str | None, face_field: str,
                 face_kinds: tuple[MediaKind, ...], scratch: Path) -> tuple[SpeechCheck | None, MediaKind | None]:
    """Fetch the face and the speech (each when given) into `scratch` and check them (submission time: before
    any paid call). Returns the speech measurement and the face's kind (image or video)."""
    media = media_services(settings)
    resolver = MediaResolver(media.cfg, scratch, lambda: media.client, uploads=media.uploads)
    kind = None
    if face_ref is not None:
        face = resolver.fetch_media(face_ref, field=face_field, accepts=face_kinds)
        kind = face.detected.kind
        check_face(settings, face.path, field=face_field, scratch=scratch)
    if audio_ref is None:
        return None, kind
    audio = resolver.fetch(audio_ref, field="audio_url", accepts=MediaKind.AUDIO)
    return check_speech(audio, field="audio_url"), kind


def avatar_for(settings: Settings, avatar_id: str, *, field: str = "avatar_id") -> AvatarRow:
    """A completed trained avatar; unknown or unfinished → 400 naming `field`."""
    try:
        row = avatars(settings).get(avatar_id)
    except NotFoundError:
        raise ValidationError(f"{field}: no avatar {avatar_id!r} (GET /avatar/models lists them)", field=field) from None
    if row.status != "completed" or row.face is None:
        raise ValidationError(f"{field}: avatar {avatar_id!r} is {row.status}, not trained yet", field=field)
    return row


def route(backend: str, *, kind: MediaKind | None, avatar: AvatarRow | None,
          configured: dict[str, bool]) -> tuple[str, str]:
    """(backend, why) for /avatar/talking-head: a named backend; a trained avatar's; a face video → Wav2Lip; a
    still → InfiniteTalk when configured, else SadTalker. Nothing configured → 503 naming what to set."""
    if backend != "auto":
        reason = "named by the request"
    elif avatar is not None:
        backend, reason = avatar.backend, f"avatar {avatar.id} was trained for {avatar.backend}"
    elif kind is MediaKind.VIDEO:
        backend, reason = "wav2lip", "the face is a video: Wav2Lip re-times its lips to the speech"
    elif configured.get("infinitetalk"):
        backend, reason = "infinitetalk", "a still face: InfiniteTalk animates it (configured)"
    elif configured.get("sadtalker"):
        backend, reason = "sadtalker", ("a still face: SadTalker animates it (InfiniteTalk is not configured: "
                                        "set MODAL_API_URL and MODAL_API_KEY)")
    else:
        raise ServiceUnavailableError("no talking-head backend is configured for a still face: set MODAL_API_URL "
                                      "and MODAL_API_KEY (InfiniteTalk) or REPLICATE_API_TOKEN (SadTalker)",
                                      details={"setting": "MODAL_API_URL, MODAL_API_KEY or REPLICATE_API_TOKEN"})
    if kind is MediaKind.VIDEO and backend in STILL_BACKENDS:
        raise ValidationError(f"face_url: a video; {backend} animates a still image (wav2lip takes a video)",
                              field="face_url")
    return backend, reason


def _passable(ref: str, settings: Settings) -> str | None:
    """The caller's URL when the vendor can fetch it itself (http(s), not one of our own signed URLs)."""
    if ref.startswith(("http://", "https://")) and own_file(ref, media_services(settings).cfg) is None:
        return ref
    return None


@dataclass(frozen=True, slots=True)
class HeadOptions:
    """The options of one talking-head request (`extras`: the backend's own, e.g. SadTalker's `still`)."""

    resolution: str | None = None
    fps: int | None = None
    use_fp8: bool = False
    multi_gpu: bool = False
    extras: dict[str, Any] = field(default_factory=dict)


def make_talking_head(ctx: JobContext, backend: str, *, audio_ref: str, face_ref: str | None,
                      avatar: AvatarRow | None, options: HeadOptions, reason: str | None = None) -> AvatarResult:
    """Fetch the inputs, run `backend` to the end (progress from the vendor) and keep the MP4."""
    ctx.progress(0.0, "fetching the inputs")
    audio = ctx.inputs.fetch(audio_ref, field="audio_url", accepts=MediaKind.AUDIO)
    if avatar is not None:
        face = AvatarInput(avatar.face) if avatar.face is not None else None
    else:
        assert face_ref is not None
        face = AvatarInput(ctx.inputs.fetch(face_ref, field="face", accepts=(MediaKind.IMAGE, MediaKind.VIDEO)),
                           _passable(face_ref, ctx.settings))
    assert face is not None
    provider = ctx.providers.avatar(backend)
    full = TalkingHeadRequest(AvatarInput(audio, _passable(audio_ref, ctx.settings)), face,
                              resolution=options.resolution, fps=options.fps, use_fp8=options.use_fp8,
                              multi_gpu=options.multi_gpu, options=options.extras,
                              avatar_model=avatar.model_path if avatar is not None and backend == avatar.backend
                              else None)

    def progress(fraction: float, status: str) -> None:
        ctx.progress(0.05 + 0.85 * fraction, f"{backend}: {status} {round(fraction * 100)}%")

    made = provider.generate(full, ctx.workdir / "avatar", progress=progress, cancelled=ctx.cancelled,
                             submitted=lambda pid: ctx.log(f"{backend} call {pid} started ({provider.model})"))
    ctx.progress(0.92, "saving")
    ref = ctx.outputs.save(made.path)
    notes = list(made.notes)
    if avatar is not None and backend != avatar.backend:
        notes.append(f"avatar {avatar.id} was trained for {avatar.backend}; {backend} used its reference face")
    return AvatarResult(video_url=ref.url, output=ref, backend=backend,
                        provider_model=made.model, provider_id=made.provider_id,
                        duration_seconds=ref.duration_seconds, has_audio=ref.audio_codec is not None,
                        avatar_id=avatar.id if avatar is not None else None, chosen_because=reason, notes=notes)


def training_response(row: AvatarRow) -> AvatarTrainingResponse:
    """The PRD shape of a stored avatar."""
    return AvatarTrainingResponse(job_id=row.job_id, avatar_id=row.id, avatar_name=row.name, backend=row.backend,
                                  status=row.status,
                                  progress=row.progress, estimated_time_remaining=row.eta_seconds,
                                  model_path=row.model_path, error=row.error, created_at=row.created_at,
                                  updated_at=row.updated_at)


def _wait(ctx: JobContext, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ctx.raise_if_cancelled()
        time.sleep(min(0.25, max(0.0, end - time.monotonic())))


def train_avatar(ctx: JobContext, request: TrainJob) -> AvatarTrainingResponse:
    """uploading (fetch + send the footage) → training (the backend's progress and time left, polled) →
    completed (model path and reference face kept) | failed (the row says why; the job fails too)."""
    repo = avatars(ctx.settings)
    avatar_id = request.avatar_id
    try:
        repo.update(avatar_id, status="uploading", progress=0.0, job_id=ctx.job_id)
        ctx.progress(0.0, "uploading")
        video = ctx.inputs.fetch(request.video_url, field="video_url", accepts=MediaKind.VIDEO)
        folder = repo.folder(avatar_id)
        folder.mkdir(parents=True, exist_ok=True)
        extract_poster(video, folder / "face.png", seconds=0.5)
        trainer = ctx.providers.avatar_trainer()
        training_id = trainer.start_training(TrainingRequest(AvatarInput(video, _passable(request.video_url,
                                                                                           ctx.settings)),
                                                             request.avatar_name, request.backend,
                                                             request.training_config.model_dump()),
                                             cancelled=ctx.cancelled)
        ctx.log(f"training {training_id} started ({request.backend})")
        repo.update(avatar_id, status="training", training_id=training_id, progress=0.0, face_file="face.png")
        while True:
            state = trainer.training_state(training_id, cancelled=ctx.cancelled)
            repo.update(avatar_id, status="training" if state.status == "uploading" else state.status,
                        progress=state.progress, eta_seconds=state.estimated_time_remaining,
                        model_path=state.model_path, error=state.error)
            if state.status == "completed":
                repo.update(avatar_id, progress=1.0, eta_seconds=0.0)
                return training_response(repo.get(avatar_id))
            if state.status == "failed":
                raise ProviderUnavailableError(f"the avatar training failed: {state.error or 'no reason given'}",
                                               provider=trainer.name, provider_message=state.error)
            ctx.progress(0.05 + 0.9 * (state.progress or 0.0), f"training ({state.estimated_time_remaining or '?'} s "
                                                                 "left)")
            _wait(ctx, ctx.settings.avatar_training_poll_sec)
    except JobCancelledError:
        repo.update(avatar_id, status="failed", error="the training job was cancelled")
        raise
    except Exception as exc:
        repo.update(avatar_id, status="failed", error=getattr(exc, "message", None) or str(exc))
        raise
