"""Submission-time checks (each job type's `prepare`), all before any provider call: the face input (exactly
one of face/avatar_id), the backend's credentials (503 naming what to set), then the inputs fetched and
checked locally — exactly one face (MediaPipe, own process) and speech-length, non-silent audio (400 naming
the field). The fake provider sees nothing of a refused request."""

from __future__ import annotations

import tempfile
from pathlib import Path

from media_service.errors import ValidationError
from media_service.media import MediaKind
from media_service.providers import registry_for
from media_service.settings import Settings

from .schemas import AvatarTrainingRequest, InfiniteTalkRequest, SadTalkerRequest, TalkingHeadRequest, Wav2LipRequest
from .service import avatar_for, check_inputs, route

__all__ = ["prepare_infinitetalk", "prepare_sadtalker", "prepare_talking_head", "prepare_training", "prepare_wav2lip",
           "talking_head_backend"]

_STILL = (MediaKind.IMAGE,)
_ANY_FACE = (MediaKind.IMAGE, MediaKind.VIDEO)


def _one_face_source(face: str | None, avatar_id: str | None, *, field: str) -> None:
    if (face is None) == (avatar_id is None):
        raise ValidationError(f"{field}: give either {field} or avatar_id (exactly one)", field=field)


def _still(request: InfiniteTalkRequest | SadTalkerRequest, settings: Settings, backend: str) -> None:
    _one_face_source(request.face_image_url, request.avatar_id, field="face_image_url")
    registry_for(settings).ensure_configured("avatar", backend, field="face_image_url")
    if request.avatar_id is not None:
        avatar_for(settings, request.avatar_id)
    with tempfile.TemporaryDirectory(dir=settings.temp_dir) as scratch:
        check_inputs(settings, audio_ref=request.audio_url, face_ref=request.face_image_url,
                     face_field="face_image_url", face_kinds=_STILL, scratch=Path(scratch))


def prepare_infinitetalk(request: InfiniteTalkRequest, settings: Settings) -> InfiniteTalkRequest:
    """Modal InfiniteTalk configured; one face; speech."""
    _still(request, settings, "infinitetalk")
    return request


def prepare_sadtalker(request: SadTalkerRequest, settings: Settings) -> SadTalkerRequest:
    """Replicate configured; one face; speech."""
    _still(request, settings, "sadtalker")
    return request


def prepare_wav2lip(request: Wav2LipRequest, settings: Settings) -> Wav2LipRequest:
    """Replicate configured; one face in the image or the video's frame; speech."""
    registry_for(settings).ensure_configured("avatar", "wav2lip", field="face_url")
    with tempfile.TemporaryDirectory(dir=settings.temp_dir) as scratch:
        check_inputs(settings, audio_ref=request.audio_url, face_ref=request.face_url, face_field="face_url",
                     face_kinds=_ANY_FACE, scratch=Path(scratch))
    return request


def talking_head_backend(request: TalkingHeadRequest, settings: Settings,
                         kind: MediaKind | None) -> tuple[str, str]:
    """(backend, why) for a talking-head request whose face is of `kind` (None with an avatar)."""
    avatar = avatar_for(settings, request.avatar_id) if request.avatar_id is not None else None
    registry = registry_for(settings)
    configured = {name: registry.configured("avatar", name) for name in ("infinitetalk", "sadtalker", "wav2lip")}
    return route(request.backend, kind=kind, avatar=avatar, configured=configured)


def prepare_talking_head(request: TalkingHeadRequest, settings: Settings) -> TalkingHeadRequest:
    """One face source; its inputs checked; a backend chosen (and configured) by the routing rule."""
    _one_face_source(request.face_url, request.avatar_id, field="face_url")
    if request.avatar_id is not None:
        talking_head_backend(request, settings, None)  # the avatar exists and is trained
    with tempfile.TemporaryDirectory(dir=settings.temp_dir) as scratch:
        _, kind = check_inputs(settings, audio_ref=request.audio_url, face_ref=request.face_url, face_field="face_url",
                               face_kinds=_ANY_FACE, scratch=Path(scratch))
    backend, _ = talking_head_backend(request, settings, kind)
    registry_for(settings).ensure_configured("avatar", backend, field="backend")
    return request


def prepare_training(request: AvatarTrainingRequest, settings: Settings) -> None:
    """The trainer configured (503 naming MODAL_API_URL / MODAL_API_KEY), then one face on a frame of the video."""
    registry_for(settings).ensure_configured("avatar", "infinitetalk", field="backend")
    with tempfile.TemporaryDirectory(dir=settings.temp_dir) as scratch:
        check_inputs(settings, audio_ref=None, face_ref=request.video_url, face_field="video_url",
                     face_kinds=(MediaKind.VIDEO,), scratch=Path(scratch))
