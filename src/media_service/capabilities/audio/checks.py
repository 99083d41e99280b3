"""Submission-time checks (each job type's `prepare`): everything knowable before a worker runs the job.

References (syntax, paths under INPUT_ROOTS, upload ids, data: sizes, URL egress), the output_path, sfx
names that are references, the ducking/voiceover pairing and music track ids. A failure is a 400 (404
for an unknown track) naming the field, and no job is created.
"""

from __future__ import annotations

from typing import TypeVar

from media_service.errors import ValidationError
from media_service.media import MediaKind, check_ref_at_submission, check_refs
from media_service.media.music import music_library
from media_service.media.service import media_services
from media_service.providers import registry_for
from media_service.settings import Settings

from .catalog import LOCAL_SOURCE, check_source, find_track
from .schemas import (
    AudioMixRequest,
    AudioOutputOptions,
    DuckRequest,
    MusicDownloadRequest,
    NormalizeRequest,
    SfxRequest,
)

__all__ = ["prepare_download", "prepare_duck", "prepare_mix", "prepare_normalize", "prepare_sfx"]

_SOUND = frozenset({MediaKind.AUDIO, MediaKind.VIDEO})
R = TypeVar("R", bound=AudioOutputOptions)


def _check_media(request: R, settings: Settings) -> R:
    """Every MediaRef field and the output_path of `request`."""
    media = media_services(settings)
    check_refs(request, cfg=media.cfg, uploads=media.uploads)
    if request.output_path:
        media.outputs.check_output_path(request.output_path, overwrite=request.overwrite)
    return request


def prepare_mix(request: AudioMixRequest, settings: Settings) -> AudioMixRequest:
    """Refs, output_path, and ducking only where there is a voice to duck under."""
    if request.ducking is not None and request.ducking.enabled and not any(
            t.type == "voiceover" for t in request.tracks):
        raise ValidationError("ducking: needs a voiceover track to duck the music under", field="ducking")
    return _check_media(request, settings)


def prepare_duck(request: DuckRequest, settings: Settings) -> DuckRequest:
    """Refs (voice, music) and output_path."""
    return _check_media(request, settings)


def prepare_normalize(request: NormalizeRequest, settings: Settings) -> NormalizeRequest:
    """The input ref and output_path."""
    return _check_media(request, settings)


def prepare_sfx(request: SfxRequest, settings: Settings) -> SfxRequest:
    """Refs, output_path, and the effects given as references (names were checked by the schema)."""
    request = _check_media(request, settings)
    media = media_services(settings)
    for index, effect in enumerate(request.effects):
        if not effect.builtin:
            check_ref_at_submission(effect.sfx, field=f"effects[{index}].sfx", accepts=_SOUND, cfg=media.cfg,
                                    uploads=media.uploads)
    return request


def prepare_download(request: MusicDownloadRequest, settings: Settings) -> MusicDownloadRequest:
    """A local track: resolve `source` + `id` to a track id and make sure it exists (404 otherwise). A cloud
    source: configured (503 naming its key) or not a stock source (400 saying why)."""
    request = _check_media(request, settings)
    if request.source is not None:
        check_source(request.source, registry_for(settings), field="source")
        if request.source != LOCAL_SOURCE:
            return request  # a cloud track: fetched (with its licence) by the job
    field, track_id = ("track_id", request.track_id) if request.track_id is not None else ("id", request.id)
    if track_id is None:  # the schema already requires one of them; kept for the type checker
        raise ValidationError("give track_id, or source and id", field="track_id")
    track = find_track(music_library(settings), track_id, field=field)
    return request.model_copy(update={"track_id": track.id, "source": LOCAL_SOURCE, "id": None})
