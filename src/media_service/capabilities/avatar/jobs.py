"""Avatar job types (queue `io`: the work happens at the vendor; we poll and download): `avatar.infinitetalk`,
`avatar.sadtalker`, `avatar.wav2lip`, `avatar.talking_head` (routes by input) and `avatar.train`. Every input
check runs at submission (checks.py), before any provider call."""

from __future__ import annotations

from media_service.jobs import JobContext, job_type
from media_service.media import MediaKind, detect_media

from .checks import (prepare_infinitetalk, prepare_sadtalker, prepare_talking_head, prepare_wav2lip,
                     talking_head_backend)
from .schemas import (AvatarResult, AvatarTrainingResponse, InfiniteTalkRequest, SadTalkerRequest, TalkingHeadRequest,
                      TrainJob, Wav2LipRequest)
from .service import HeadOptions, avatar_for, make_talking_head, train_avatar

__all__ = ["infinitetalk", "sadtalker", "talking_head", "train", "wav2lip"]

_TIMEOUT = 2400.0


@job_type("avatar.infinitetalk", request=InfiniteTalkRequest, result=AvatarResult, queue="io",
          default_timeout_sec=_TIMEOUT, estimated_duration_sec=180.0, prepare=prepare_infinitetalk,
          summary="Talking head from a face image and speech with InfiniteTalk (Modal)")
def infinitetalk(ctx: JobContext, request: InfiniteTalkRequest) -> AvatarResult:
    """One InfiniteTalk call on the Modal endpoint."""
    avatar = avatar_for(ctx.settings, request.avatar_id) if request.avatar_id else None
    return make_talking_head(ctx, "infinitetalk", audio_ref=request.audio_url, face_ref=request.face_image_url,
                             avatar=avatar, options=HeadOptions(request.output_resolution, request.fps,
                                                                request.use_fp8, request.multi_gpu))


@job_type("avatar.sadtalker", request=SadTalkerRequest, result=AvatarResult, queue="io",
          default_timeout_sec=_TIMEOUT, estimated_duration_sec=120.0, prepare=prepare_sadtalker,
          summary="Talking head from a face image and speech with SadTalker (Replicate)")
def sadtalker(ctx: JobContext, request: SadTalkerRequest) -> AvatarResult:
    """One SadTalker prediction."""
    avatar = avatar_for(ctx.settings, request.avatar_id) if request.avatar_id else None
    extras = {"still": request.still, "preprocess": request.preprocess, "enhancer": request.enhancer,
              "pose_style": request.pose_style, "expression_scale": request.expression_scale}
    return make_talking_head(ctx, "sadtalker", audio_ref=request.audio_url, face_ref=request.face_image_url,
                             avatar=avatar, options=HeadOptions(request.output_resolution, extras=extras))


@job_type("avatar.wav2lip", request=Wav2LipRequest, result=AvatarResult, queue="io", default_timeout_sec=_TIMEOUT,
          estimated_duration_sec=90.0, prepare=prepare_wav2lip,
          summary="Lip-sync a face video (or image) to speech with Wav2Lip (Replicate)")
def wav2lip(ctx: JobContext, request: Wav2LipRequest) -> AvatarResult:
    """One Wav2Lip prediction."""
    extras = {"pads": request.pads, "smooth": request.smooth, "resize_factor": request.resize_factor}
    return make_talking_head(ctx, "wav2lip", audio_ref=request.audio_url, face_ref=request.face_url, avatar=None,
                             options=HeadOptions(fps=request.fps, extras=extras))


@job_type("avatar.talking_head", request=TalkingHeadRequest, result=AvatarResult, queue="io",
          default_timeout_sec=_TIMEOUT, estimated_duration_sec=180.0, prepare=prepare_talking_head,
          summary="Talking head by the best configured backend for the input (still → InfiniteTalk/SadTalker, "
                  "video → Wav2Lip)")
def talking_head(ctx: JobContext, request: TalkingHeadRequest) -> AvatarResult:
    """Route (the same rule as at submission), then one call of the chosen backend."""
    kind = None
    if request.face_url is not None:
        face = ctx.inputs.fetch(request.face_url, field="face_url", accepts=(MediaKind.IMAGE, MediaKind.VIDEO))
        kind = detect_media(face, field="face_url").kind
    backend, reason = talking_head_backend(request, ctx.settings, kind)
    ctx.log(f"talking head: {backend} ({reason})")
    avatar = avatar_for(ctx.settings, request.avatar_id) if request.avatar_id else None
    return make_talking_head(ctx, backend, audio_ref=request.audio_url, face_ref=request.face_url, avatar=avatar,
                             options=HeadOptions(request.output_resolution, request.fps), reason=reason)


@job_type("avatar.train", request=TrainJob, result=AvatarTrainingResponse, queue="io", default_timeout_sec=6 * 3600.0,
          estimated_duration_sec=1800.0, summary="Train a custom avatar from footage (POST /avatar/train)")
def train(ctx: JobContext, request: TrainJob) -> AvatarTrainingResponse:
    """Upload, train (polled), keep the model path and a reference face."""
    return train_avatar(ctx, request)
